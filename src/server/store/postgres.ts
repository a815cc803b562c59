/**
 * The PostgreSQL store: for several server instances behind a load balancer, sharing one
 * database. Requests, claims, files (in 256 KiB chunks) and the audit live in tables created by
 * the SQL files of `migrations/`, applied in order by `open()`.
 *
 * Exactly once comes from the database: a unique idempotency key per request, one claim row per
 * key being received (taken over only after its lease ran out), and a commit that ends the claim
 * and inserts the request in one transaction.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DocumentType } from '../../schema/constants.js';
import { DEFAULT_CHUNK_BYTES, chunkStream } from './postgres-files.js';
import { PostgresPendingRequest } from './postgres-pending.js';
import { guard, migrate, removeLeftovers, transaction } from './postgres-sql.js';
import {
  StatusConflictError,
  type AuditEntry,
  type BeginResult,
  type IntakeStore,
  type ListQuery,
  type RequestStatus,
  type RequestSummary,
  type StatusChange,
  type StoredFileInfo,
  type StoredRequest,
} from './types.js';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database` (the server reads it from `DATABASE_URL`). */
  connectionString?: string;
  /** A pool the application owns instead; `close()` leaves it open. */
  pool?: pg.Pool;
  /** Connections of the pool the store makes. Default 10. */
  maxConnections?: number;
  /** Bytes per stored chunk of a file. Default 256 KiB. */
  chunkBytes?: number;
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;
/** How many times `begin()` looks again when a claim ended between two of its statements. */
const BEGIN_ATTEMPTS = 5;
/** A claim matters only once its request commits, and that commit waits for the disk. */
const FLUSH_LATER = { flush: false };

/** Timestamps travel as ISO strings; `pg` hands `timestamptz` back as a Date. */
const iso = (value: Date): string => value.toISOString();

interface RequestRow {
  reference: string;
  submission_id: string;
  received_at: Date;
  payload: StoredRequest['payload'];
  files: StoredFileInfo[];
  status: StoredRequest['status'];
  status_changed_at: Date;
  history: StoredRequest['history'];
}

function toStoredRequest(row: RequestRow): StoredRequest {
  return {
    reference: row.reference,
    submissionId: row.submission_id,
    receivedAt: iso(row.received_at),
    payload: row.payload,
    files: row.files,
    status: row.status,
    statusChangedAt: iso(row.status_changed_at),
    history: row.history,
  };
}

export function createPostgresStore(options: PostgresStoreOptions): IntakeStore {
  return new PostgresStore(options);
}

class PostgresStore implements IntakeStore {
  readonly kind = 'postgresql';
  private readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  private readonly chunkBytes: number;
  private closing: Promise<void> | undefined;

  constructor(options: PostgresStoreOptions) {
    if (!options.pool && !options.connectionString) {
      throw new Error('The PostgreSQL store needs a connectionString or a pool.');
    }
    this.ownsPool = !options.pool;
    this.pool =
      options.pool ??
      new pg.Pool({
        connectionString: options.connectionString,
        max: options.maxConnections ?? 10,
        // A database that does not answer becomes a 503 within seconds, not a hanging request.
        connectionTimeoutMillis: 5_000,
        query_timeout: 30_000,
        keepAlive: true,
      });
    // An idle connection that breaks emits here; without a listener Node would end the process.
    // The next query reports the outage as StoreUnavailableError.
    this.pool.on('error', () => undefined);
    this.chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  }

  async open(): Promise<void> {
    await guard(async () => {
      await migrate(this.pool);
      await removeLeftovers(this.pool);
    });
  }

  close(): Promise<void> {
    // `end()` waits for connections in use to be released, so work under way finishes first.
    // Closing twice (two servers sharing the store) ends the pool once.
    this.closing ??= this.ownsPool ? this.pool.end() : Promise.resolve();
    return this.closing;
  }

  async healthy(): Promise<boolean> {
    try {
      const result = await this.pool.query<{ writable: boolean }>(
        'SELECT NOT pg_is_in_recovery() AS writable',
      );
      return result.rows[0].writable;
    } catch {
      return false;
    }
  }

  begin(key: string, fingerprint: string, leaseMs: number): Promise<BeginResult> {
    const token = randomUUID();
    // lease_ms is an integer column: up to 24 days.
    const lease = Math.min(Math.max(1, Math.round(leaseMs)), 2 ** 31 - 1);
    return guard(() =>
      transaction(
        this.pool,
        async (client) => {
          for (let attempt = 0; attempt < BEGIN_ATTEMPTS; attempt++) {
            const inserted = await client.query(
              `INSERT INTO intake_claims (submission_id, token, fingerprint, lease_ms, expires_at)
             VALUES ($1, $2, $3, $4::int, now() + $4::int * interval '1 millisecond')
             ON CONFLICT (submission_id) DO NOTHING`,
              [key, token, fingerprint, lease],
            );
            if (inserted.rowCount === 1) {
              // Looked up after claiming: a commit that ended a claim for this key before our
              // insert has stored its request by now.
              const stored = await client.query<{ fingerprint: string; reference: string }>(
                'SELECT fingerprint, reference FROM intake_requests WHERE submission_id = $1',
                [key],
              );
              if (!stored.rowCount) return this.claimed(token);
              await client.query('DELETE FROM intake_claims WHERE token = $1', [token]);
              return { state: 'stored', ...stored.rows[0] } as const;
            }
            const existing = await client.query<{ token: string; expired: boolean }>(
              `SELECT token, expires_at < clock_timestamp() AS expired
               FROM intake_claims WHERE submission_id = $1 FOR UPDATE`,
              [key],
            );
            if (!existing.rowCount) continue; // committed or abandoned meanwhile: look again
            if (!existing.rows[0].expired) return { state: 'in-flight' } as const;
            // A crashed claim: its partial files go, the claim passes to this request.
            await client.query('DELETE FROM intake_files WHERE claim_token = $1', [
              existing.rows[0].token,
            ]);
            await client.query(
              `UPDATE intake_claims
                SET token = $2, fingerprint = $3, lease_ms = $4::int,
                    expires_at = now() + $4::int * interval '1 millisecond'
              WHERE submission_id = $1`,
              [key, token, fingerprint, lease],
            );
            return this.claimed(token);
          }
          return { state: 'in-flight' } as const;
        },
        FLUSH_LATER,
      ),
    );
  }

  list(query: ListQuery): Promise<RequestSummary[]> {
    const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
    return guard(async () => {
      const result = await this.pool.query<{
        reference: string;
        received_at: Date;
        status: RequestSummary['status'];
        status_changed_at: Date;
        file_count: number;
      }>(
        `SELECT reference, received_at, status, status_changed_at,
                jsonb_array_length(files) AS file_count
           FROM intake_requests
          WHERE ($1::text IS NULL OR status = $1)
            AND ($2::text IS NULL OR upper(reference) = upper($2))
            AND ($3::timestamptz IS NULL OR received_at < $3)
          ORDER BY received_at DESC, reference DESC
          LIMIT $4`,
        [query.status ?? null, query.reference ?? null, query.before ?? null, limit],
      );
      return result.rows.map((row) => ({
        reference: row.reference,
        receivedAt: iso(row.received_at),
        status: row.status,
        statusChangedAt: iso(row.status_changed_at),
        fileCount: row.file_count,
      }));
    });
  }

  get(reference: string): Promise<StoredRequest | undefined> {
    return guard(async () => {
      const result = await this.pool.query<RequestRow>(
        'SELECT * FROM intake_requests WHERE reference = $1',
        [reference],
      );
      return result.rowCount ? toStoredRequest(result.rows[0]) : undefined;
    });
  }

  openFile(
    reference: string,
    type: DocumentType,
    index: number,
  ): Promise<{ info: StoredFileInfo; body: ReadableStream<Uint8Array> } | undefined> {
    return guard(async () => {
      const result = await this.pool.query<{ id: string; files: StoredFileInfo[]; chunks: number }>(
        `SELECT f.id, r.files,
                (SELECT count(*)::int FROM intake_file_chunks c WHERE c.file_id = f.id) AS chunks
           FROM intake_files f JOIN intake_requests r ON r.reference = f.reference
          WHERE f.reference = $1 AND f.type = $2 AND f.file_index = $3`,
        [reference, type, index],
      );
      if (!result.rowCount) return undefined;
      const { id, files, chunks } = result.rows[0];
      const info = files.find((file) => file.type === type && file.index === index);
      return info && { info, body: chunkStream(this.pool, id, chunks) };
    });
  }

  setStatus(
    reference: string,
    change: StatusChange,
    expected?: RequestStatus,
  ): Promise<StoredRequest | undefined> {
    return guard(async () => {
      // One statement: the row lock taken by UPDATE makes the status test and the write atomic.
      const result = await this.pool.query<RequestRow>(
        `UPDATE intake_requests
            SET status = $2, status_changed_at = $3, history = history || jsonb_build_array($4::jsonb)
          WHERE reference = $1 AND ($5::text IS NULL OR status = $5)
          RETURNING *`,
        [reference, change.status, change.at, JSON.stringify(change), expected ?? null],
      );
      if (result.rowCount) return toStoredRequest(result.rows[0]);
      if (expected === undefined) return undefined;
      const now = await this.pool.query<{ status: RequestStatus }>(
        'SELECT status FROM intake_requests WHERE reference = $1',
        [reference],
      );
      if (!now.rowCount) return undefined;
      throw new StatusConflictError(now.rows[0].status);
    });
  }

  delete(reference: string): Promise<boolean> {
    // Its files and their chunks go with it (ON DELETE CASCADE); the audit has no such key.
    return guard(async () => {
      const result = await this.pool.query('DELETE FROM intake_requests WHERE reference = $1', [
        reference,
      ]);
      return result.rowCount === 1;
    });
  }

  closedBefore(before: string): Promise<string[]> {
    return guard(async () => {
      const result = await this.pool.query<{ reference: string }>(
        `SELECT reference FROM intake_requests
          WHERE status = 'closed' AND status_changed_at < $1
          ORDER BY status_changed_at`,
        [before],
      );
      return result.rows.map((row) => row.reference);
    });
  }

  appendAudit(entry: AuditEntry): Promise<void> {
    return guard(async () => {
      await this.pool.query(
        'INSERT INTO intake_audit (at, actor, action, reference, detail) VALUES ($1, $2, $3, $4, $5)',
        [entry.at, entry.actor, entry.action, entry.reference, entry.detail ?? null],
      );
    });
  }

  auditFor(reference: string): Promise<AuditEntry[]> {
    return guard(async () => {
      const result = await this.pool.query<{
        at: Date;
        actor: string;
        action: AuditEntry['action'];
        reference: string;
        detail: string | null;
      }>(
        `SELECT at, actor, action, reference, detail FROM intake_audit
          WHERE reference = $1 ORDER BY at, id`,
        [reference],
      );
      return result.rows.map(({ at, actor, action, detail }) => ({
        at: iso(at),
        actor,
        action,
        reference,
        ...(detail === null ? {} : { detail }),
      }));
    });
  }

  private claimed(token: string): BeginResult {
    return {
      state: 'claimed',
      pending: new PostgresPendingRequest(this.pool, token, this.chunkBytes),
    };
  }
}
