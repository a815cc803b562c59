-- The outbox of the PostgreSQL store (src/server/delivery/postgres-outbox.ts): what must still be
-- delivered about a new request (the webhook, the patient's acknowledgement email), shared by every
-- server instance. The reference and time only: never health data.
CREATE TABLE intake_deliveries (
  channel      text        NOT NULL CHECK (channel IN ('webhook', 'email')),
  reference    text        NOT NULL,
  received_at  timestamptz NOT NULL,
  state        text        NOT NULL DEFAULT 'pending'
                           CHECK (state IN ('pending', 'sent', 'given-up')),
  attempts     integer     NOT NULL DEFAULT 0,
  -- Not due before: a retry's time, or the end of a sender's claim.
  due_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, reference)
);

CREATE INDEX intake_deliveries_due ON intake_deliveries (due_at) WHERE state = 'pending';
