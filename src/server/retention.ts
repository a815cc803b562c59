import { createAuditor, SYSTEM_RETENTION } from './staff/audit.js';
import type { IntakeStore } from './store/types.js';

/**
 * Retention (GDPR art. 5(1)(e), storage limitation): closed requests are deleted with their
 * files a configured number of days after they were closed. Off unless configured. Each
 * deletion is audited as `system:retention`; the audit entries themselves stay (they hold no
 * health data).
 */
export interface RetentionOptions {
  store: IntakeStore;
  /** Days a closed request is kept after it was closed (> 0). */
  closedDays: number;
  /** How often to look. Default every 6 hours (and once at start). */
  intervalMs?: number;
  now?: () => Date;
  /** Told when a run fails (the store is unavailable, say); the next run tries again. */
  onError?: (error: unknown) => void;
}

const DAY_MS = 86_400_000;

/** Deletes what is due now; answers the references deleted. */
export async function applyRetention(
  store: IntakeStore,
  closedDays: number,
  now: Date = new Date(),
): Promise<string[]> {
  if (!(closedDays > 0)) throw new RangeError('retention: closedDays must be more than 0');
  const audit = createAuditor(store, () => now);
  const before = new Date(now.getTime() - closedDays * DAY_MS).toISOString();
  const deleted: string[] = [];
  for (const reference of await store.closedBefore(before)) {
    if (await store.delete(reference)) {
      await audit.record(SYSTEM_RETENTION, 'delete', reference, `retention:${closedDays}d`);
      deleted.push(reference);
    }
  }
  return deleted;
}

/** Runs `applyRetention` now and then every `intervalMs`; `stop()` ends it. */
export function startRetention(options: RetentionOptions): { stop(): Promise<void> } {
  const now = options.now ?? (() => new Date());
  const onError =
    options.onError ??
    ((error: unknown) =>
      console.error('retention:', error instanceof Error ? error.message : error));
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = running
      .then(() => applyRetention(options.store, options.closedDays, now()))
      .catch(onError);
  };
  run();
  const timer = setInterval(run, options.intervalMs ?? 6 * 3_600_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
