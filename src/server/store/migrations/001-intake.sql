-- The receiving server's tables. Applied once, in a transaction, by the PostgreSQL store's open().

-- A stored request: its record, visible from the transaction that commits it.
CREATE TABLE intake_requests (
  reference text PRIMARY KEY,
  -- The idempotency key: a request is stored under it at most once.
  submission_id text NOT NULL UNIQUE,
  fingerprint text NOT NULL,
  received_at timestamptz NOT NULL,
  payload jsonb NOT NULL,
  files jsonb NOT NULL,
  status text NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'in-review', 'answered', 'closed')),
  status_changed_at timestamptz NOT NULL,
  history jsonb NOT NULL DEFAULT '[]'
);
-- The staff list (newest first, by status) and retention (closed before a time).
CREATE INDEX intake_requests_received ON intake_requests (received_at DESC);
CREATE INDEX intake_requests_status ON intake_requests (status, received_at DESC);
CREATE INDEX intake_requests_reference_ci ON intake_requests (upper(reference));

-- A key being received: one row per key, held until commit or abandon, or taken over once
-- expires_at has passed (the process receiving it crashed). Every chunk written moves
-- expires_at on, so a slow upload that is still arriving keeps its claim.
CREATE TABLE intake_claims (
  submission_id text PRIMARY KEY,
  token uuid NOT NULL UNIQUE,
  fingerprint text NOT NULL,
  lease_ms integer NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX intake_claims_expires ON intake_claims (expires_at);

-- One attached file. While it arrives it belongs to a claim (claim_token); commit hands it to
-- its request (reference). A row with neither is left from a crash: open() removes it.
CREATE TABLE intake_files (
  id bigserial PRIMARY KEY,
  claim_token uuid,
  reference text REFERENCES intake_requests (reference) ON DELETE CASCADE,
  type text NOT NULL,
  file_index integer NOT NULL,
  size bigint,
  sha256 text,
  CHECK (claim_token IS NULL OR reference IS NULL)
);
CREATE INDEX intake_files_claim ON intake_files (claim_token) WHERE claim_token IS NOT NULL;
CREATE UNIQUE INDEX intake_files_request ON intake_files (reference, type, file_index)
  WHERE reference IS NOT NULL;

-- The bytes, in pieces of at most 256 KiB written as they arrive and read back in order.
CREATE TABLE intake_file_chunks (
  file_id bigint NOT NULL REFERENCES intake_files (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (file_id, seq)
);
-- Attachments are mostly compressed already (PDF, JPEG, DICOM): skip the compression attempt.
ALTER TABLE intake_file_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- Who did what to which request. No foreign key: entries outlive the request they name.
CREATE TABLE intake_audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  reference text NOT NULL,
  detail text
);
CREATE INDEX intake_audit_reference ON intake_audit (reference, id);
