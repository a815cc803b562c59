import pg from 'pg';
import { guard } from '../store/postgres-sql.js';
import type { Delivery, DeliveryChannel, Outbox } from './types.js';

/**
 * The outbox of the PostgreSQL store: one table (migration 002-deliveries.sql, applied when the
 * store opens), shared by every server instance behind the load balancer. `pending` claims the
 * due rows with `FOR UPDATE SKIP LOCKED` and moves their due time past the lease in the same
 * statement, so two instances never send the same delivery at once; a sender that dies leaves
 * its rows to be picked up when the lease ends.
 */
export interface PostgresOutboxOptions {
  connectionString?: string;
  /** A pool the application owns instead; `close()` leaves it open. */
  pool?: pg.Pool;
}

export interface PostgresOutbox extends Outbox {
  close(): Promise<void>;
}

/** Deliveries one `pending` call claims at most. */
const BATCH = 100;

interface Row {
  channel: DeliveryChannel;
  reference: string;
  received_at: Date;
  attempts: number;
}

export function createPostgresOutbox(options: PostgresOutboxOptions): PostgresOutbox {
  if (!options.pool && !options.connectionString) {
    throw new TypeError('createPostgresOutbox needs a connectionString or a pool');
  }
  // Small: deliveries are few and one sender loop runs per instance.
  const pool =
    options.pool ??
    new pg.Pool({ connectionString: options.connectionString, max: 2, allowExitOnIdle: true });
  // An idle connection that breaks must not crash the process; the next query reports it.
  if (!options.pool) pool.on('error', () => {});

  return {
    async enqueue(channel, reference, receivedAt) {
      await guard(() =>
        pool.query(
          // Due at once, whatever the clocks of the instances say (as the file outbox).
          `INSERT INTO intake_deliveries (channel, reference, received_at, due_at)
           VALUES ($1, $2, $3, to_timestamp(0)) ON CONFLICT (channel, reference) DO NOTHING`,
          [channel, reference, receivedAt],
        ),
      );
    },

    async pending(now, leaseMs) {
      const { rows } = await guard(() =>
        pool.query<Row>(
          `UPDATE intake_deliveries d
              SET due_at = $1::timestamptz + make_interval(secs => $2::double precision / 1000)
             FROM (SELECT channel, reference FROM intake_deliveries
                    WHERE state = 'pending' AND due_at <= $1
                    ORDER BY received_at, reference, channel
                    FOR UPDATE SKIP LOCKED
                    LIMIT ${BATCH}) due
            WHERE d.channel = due.channel AND d.reference = due.reference
        RETURNING d.channel, d.reference, d.received_at, d.attempts`,
          [now, leaseMs],
        ),
      );
      return rows
        .map((row): Delivery => ({
          channel: row.channel,
          reference: row.reference,
          receivedAt: row.received_at.toISOString(),
          attempts: row.attempts,
        }))
        .sort(
          (a, b) =>
            a.receivedAt.localeCompare(b.receivedAt) || a.reference.localeCompare(b.reference),
        );
    },

    async markSent(channel, reference) {
      await guard(() =>
        pool.query(
          `UPDATE intake_deliveries SET state = 'sent' WHERE channel = $1 AND reference = $2`,
          [channel, reference],
        ),
      );
    },

    async markFailed(channel, reference, retryAt) {
      await guard(() =>
        retryAt
          ? pool.query(
              `UPDATE intake_deliveries SET attempts = attempts + 1, due_at = $3
                WHERE channel = $1 AND reference = $2 AND state = 'pending'`,
              [channel, reference, retryAt],
            )
          : pool.query(
              `UPDATE intake_deliveries SET attempts = attempts + 1, state = 'given-up'
                WHERE channel = $1 AND reference = $2 AND state = 'pending'`,
              [channel, reference],
            ),
      );
    },

    async close() {
      if (!options.pool) await pool.end();
    },
  };
}
