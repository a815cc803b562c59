/**
 * What the PostgreSQL store needs around its queries: transactions, the migrations, the clean-up
 * after a crash, and telling "the database cannot serve now" (→ 503) from a bug.
 */
import { readFile, readdir } from 'node:fs/promises';
import type pg from 'pg';
import { StoreUnavailableError } from './types.js';

const MIGRATIONS = new URL('./migrations/', import.meta.url);
const MIGRATION_FILE = /^\d{3}-[a-z0-9-]+\.sql$/;
/** Any fixed number: every instance takes the same advisory lock while it migrates. */
const MIGRATION_LOCK = 4_207_315_001;

/** Node's socket errors that mean the database cannot be reached. */
const NETWORK_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/**
 * SQLSTATE classes worth a retry later: 08 connection, 40 transaction conflicts, 53 disk full /
 * out of memory / too many connections, 57 shutdown or timeout; plus a missing database (3D000)
 * and a read-only replica (25006).
 */
const UNAVAILABLE_STATE = /^(08|40|53|57)|^3D000$|^25006$/;
/** What `pg` itself throws when a connection breaks or cannot be had in time. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection error|timeout exceeded when trying to connect|Query read timeout|pool after calling end/i;

/** True when `error` says the database cannot serve now, rather than that a query was wrong. */
function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_ERRORS.has(code) || UNAVAILABLE_STATE.test(code))) {
    return true;
  }
  return UNAVAILABLE_MESSAGE.test(error.message);
}

/**
 * Runs `work`, turning database outages into `StoreUnavailableError`. The message names only
 * the error code: PostgreSQL messages may quote values.
 */
export async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StoreUnavailableError || !isUnavailable(error)) throw error;
    const code = (error as { code?: unknown }).code;
    throw new StoreUnavailableError(
      `PostgreSQL is unavailable (${typeof code === 'string' ? code : 'no connection'})`,
      {
        cause: error,
      },
    );
  }
}

/**
 * Runs `work` in one transaction on one connection: committed when it returns, else rolled back.
 *
 * `flush: false` commits without waiting for the disk (`synchronous_commit = off`): for claims
 * and file chunks, which matter only once a request's commit makes them part of it. That commit
 * waits for the disk, and PostgreSQL's log is written in order, so it flushes everything the
 * request's earlier transactions wrote. A database crash before it loses only an unfinished
 * upload, which the client sends again.
 */
export async function transaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  { flush = true }: { flush?: boolean } = {},
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A connection that breaks while checked out emits 'error' on the client (the pool listens
  // only while it is idle): unlistened, that would end the process. The query under way, or
  // the next one, fails with it anyway.
  const onError = (error: Error) => (broken = error);
  client.on('error', onError);
  try {
    await client.query(flush ? 'BEGIN' : 'BEGIN; SET LOCAL synchronous_commit TO off');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      // A connection that cannot roll back is not given to the next caller.
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/** One statement committed without waiting for the disk (see `transaction`). */
export function unflushed<R extends pg.QueryResultRow>(
  pool: pg.Pool,
  sql: string,
  values: unknown[],
): Promise<pg.QueryResult<R>> {
  return transaction(pool, (client) => client.query<R>(sql, values), { flush: false });
}

/**
 * Applies the SQL files of `migrations/` not applied yet, in name order, each recorded in
 * `intake_migrations`. Instances starting together wait on one advisory lock, so each file runs
 * once; a failing file rolls back with everything after it.
 */
export async function migrate(pool: pg.Pool): Promise<string[]> {
  const names = (await readdir(MIGRATIONS)).filter((name) => MIGRATION_FILE.test(name)).sort();
  return transaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS intake_migrations (
         name text PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const applied = new Set(
      (await client.query<{ name: string }>('SELECT name FROM intake_migrations')).rows.map(
        (row) => row.name,
      ),
    );
    const pending = names.filter((name) => !applied.has(name));
    for (const name of pending) {
      await client.query(await readFile(new URL(name, MIGRATIONS), 'utf8'));
      await client.query('INSERT INTO intake_migrations (name) VALUES ($1)', [name]);
    }
    return pending;
  });
}

/**
 * Removes what crashed processes left: claims whose lease ran out with the files they were
 * receiving, and files that belong to no request and no claim.
 */
export async function removeLeftovers(pool: pg.Pool): Promise<void> {
  await transaction(pool, async (client) => {
    await client.query(
      `DELETE FROM intake_files
        WHERE claim_token IN (SELECT token FROM intake_claims WHERE expires_at < now())`,
    );
    await client.query('DELETE FROM intake_claims WHERE expires_at < now()');
    await client.query(
      `DELETE FROM intake_files f
        WHERE f.reference IS NULL
          AND NOT EXISTS (SELECT 1 FROM intake_claims c WHERE c.token = f.claim_token)`,
    );
  });
}
