/**
 * The store contract of the receiving server: what the request handler and the staff API need from
 * storage, and nothing else. Two implementations pass one contract suite
 * (`test/server/store-contract.ts`): the embedded store (files under a data folder, no set-up) and
 * PostgreSQL (several server instances behind a load balancer).
 *
 * Rules every implementation keeps:
 * - **Exactly once.** A request is stored under its idempotency key at most once, also across
 *   several server processes and across crashes. `begin()` is the only way to start storing.
 * - **All or nothing.** A request becomes visible (to `find`, `list`, `get`, `openFile`) with its
 *   record and every file at once, in `commit()`. A crash before that leaves nothing visible, and
 *   whatever it left behind is removed by `open()` at the next start (or by the next `begin()` for
 *   the same key once the crashed claim's lease has run out).
 * - **Streamed.** File bytes pass through in chunks; no implementation holds a whole file in memory.
 * - **No DOM, no field values in errors.** Errors thrown carry no health data (they end in logs).
 *
 * Storage failures (disk full, database down) are thrown as `StoreUnavailableError`, which the
 * handler answers with 503 and `Retry-After`.
 */
import type { DocumentType } from '../../schema/constants.js';
import type { SecondOpinionPayload } from '../../schema/payload.js';

/** Where a request is in the medical team's work. */
export type RequestStatus = 'new' | 'in-review' | 'answered' | 'closed';

export const REQUEST_STATUSES: readonly RequestStatus[] = [
  'new',
  'in-review',
  'answered',
  'closed',
];

/** One attached file as stored: the payload's metadata, checked against the bytes that arrived. */
export interface StoredFileInfo {
  /** The document row it belongs to, and its position in that row's `files`. */
  type: DocumentType;
  index: number;
  /** The patient's file name: shown to staff, never used as a path, never logged. */
  name: string;
  /** Bytes. */
  size: number;
  /** The media type of the content, as checked by its first bytes. */
  contentType: string;
  /** SHA-256 (hex) of the bytes. */
  sha256: string;
}

/** What the handler hands to `commit()`. */
export interface NewRequest {
  reference: string;
  /** The idempotency key the request arrived under (the payload's `submissionId`). */
  submissionId: string;
  /** ISO 8601, set by the server. */
  receivedAt: string;
  payload: SecondOpinionPayload;
  files: StoredFileInfo[];
}

/** One step of a request through the team's work, with the staff member's optional note. */
export interface StatusChange {
  status: RequestStatus;
  /** ISO 8601. */
  at: string;
  /** The token's subject (or the static token's name). */
  actor: string;
  /** Staff text, shown to staff only; never logged. */
  note?: string;
}

export interface StoredRequest extends NewRequest {
  status: RequestStatus;
  /** ISO 8601 of the last status change (`receivedAt` while `new`). */
  statusChangedAt: string;
  /** Oldest first; empty while `new`. */
  history: StatusChange[];
}

/** A row of the staff list: no answers, only what a list shows. */
export interface RequestSummary {
  reference: string;
  receivedAt: string;
  status: RequestStatus;
  statusChangedAt: string;
  fileCount: number;
}

export interface ListQuery {
  status?: RequestStatus;
  /** Exact reference (`SO-XXXX-XXXX`), case-insensitive. */
  reference?: string;
  /** Default 50, at most 200. */
  limit?: number;
  /** Cursor: only requests received strictly before this ISO time (newest first). */
  before?: string;
}

/** An audit entry: who did what to which request, when. Never a field value. */
export interface AuditEntry {
  /** ISO 8601. */
  at: string;
  /** The token's subject (or the static token's name). */
  actor: string;
  action: 'read' | 'download' | 'status' | 'export' | 'delete' | 'list';
  reference: string;
  /** e.g. the new status, or the downloaded file's `type:index`. Never a field value. */
  detail?: string;
}

/** A file being received: bytes written in order, then closed. */
export interface FileSink {
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/**
 * A claim on an idempotency key while its request is received. Exactly one of `commit()` or
 * `abandon()` ends it; until then other `begin()` calls for the key answer `in-flight`.
 */
export interface PendingRequest {
  addFile(type: DocumentType, index: number): Promise<FileSink>;
  /** Stores the record and makes it and its files visible at once. */
  commit(request: NewRequest): Promise<StoredRequest>;
  /** Removes what arrived and releases the key; a no-op after commit. */
  abandon(): Promise<void>;
}

export type BeginResult =
  /** Nobody has stored or is storing this key: the caller now holds it. */
  | { state: 'claimed'; pending: PendingRequest }
  /** Stored before: answer with the first reference (or, for another fingerprint, refuse). */
  | { state: 'stored'; fingerprint: string; reference: string }
  /** Another request with this key is being received right now: 409 with `Retry-After`. */
  | { state: 'in-flight' };

export interface IntakeStore {
  /** Which engine, for logs and test output: `embedded`, `postgresql`. */
  readonly kind: string;
  /**
   * Prepares the store: creates folders or applies migrations, removes what a crash left behind
   * (temporary uploads, claims whose lease ran out). Called once before serving.
   */
  open(): Promise<void>;
  /** Lets in-flight work end, then releases files and connections. */
  close(): Promise<void>;
  /** Cheap check for the health endpoint: can the store read and write right now? */
  healthy(): Promise<boolean>;

  /**
   * Claims `key` for a request whose normalized payload hashes to `fingerprint`. A claim older
   * than `leaseMs` (a crashed process, never committed) may be taken over.
   */
  begin(key: string, fingerprint: string, leaseMs: number): Promise<BeginResult>;

  // The staff side. Every caller has authenticated; the store does not check it.
  list(query: ListQuery): Promise<RequestSummary[]>;
  get(reference: string): Promise<StoredRequest | undefined>;
  /** The bytes of one file, streamed; undefined when the request or file does not exist. */
  openFile(
    reference: string,
    type: DocumentType,
    index: number,
  ): Promise<{ info: StoredFileInfo; body: ReadableStream<Uint8Array> } | undefined>;
  /**
   * Undefined when there is no such request. With `expected`, a compare-and-set: the change is
   * written only while the status is still `expected`, else `StatusConflictError` (two staff
   * members moving one request at once must not both succeed on what they saw).
   */
  setStatus(
    reference: string,
    change: StatusChange,
    expected?: RequestStatus,
  ): Promise<StoredRequest | undefined>;
  /** Deletes the request and its files; its audit entries stay. False when there was none. */
  delete(reference: string): Promise<boolean>;
  /** References of `closed` requests whose status changed before `before` (retention). */
  closedBefore(before: string): Promise<string[]>;

  appendAudit(entry: AuditEntry): Promise<void>;
  /** Oldest first. */
  auditFor(reference: string): Promise<AuditEntry[]>;
}

/** The request's status is no longer the one a compare-and-set expected. */
export class StatusConflictError extends Error {
  constructor(readonly current: RequestStatus) {
    super(`the status is now ${current}`);
    this.name = 'StatusConflictError';
  }
}

/** The store cannot serve now (disk full, unwritable, database down): 503, retry later. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
