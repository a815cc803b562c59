/**
 * When and how long to wait before sending a submission again. No DOM, no clock of its own:
 * `now` and `random` come from the caller, so tests decide them.
 */

import { DEFAULT_MAX_ATTEMPTS } from './defaults.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** The ceiling of the first wait; it doubles with each attempt (exponential backoff). */
  baseDelayMs: number;
  /** No wait is longer than this. */
  maxDelayMs: number;
  /**
   * The longest `Retry-After` the client waits for. A server asking for more is not retried
   * automatically: the patient is told to try later.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: DEFAULT_MAX_ATTEMPTS,
  baseDelayMs: 1000,
  maxDelayMs: 15_000,
  maxRetryAfterMs: 30_000,
};

/** At most this many attempts, whatever the embedder asks: each one may take a full timeout. */
export const MAX_ATTEMPTS_LIMIT = 10;

/**
 * Statuses worth another attempt with the same Idempotency-Key: the request may not have been
 * processed (408), the server asks us to slow down (429), or it has a temporary problem (5xx).
 * Any other 4xx will be refused again exactly the same way.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * `Retry-After` as milliseconds from `now`: either delay-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`); a date in the past means "now". Undefined when absent or
 * unreadable (then the client's own backoff applies).
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only IMF-fixdate and its obsolete forms name a weekday or month; a bare number with a sign
  // or a fraction is not valid delay-seconds and Date.parse would read it as a year.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait after failed attempt number `attempt` (1-based), or undefined when the
 * server's `Retry-After` is longer than the policy accepts. Without `Retry-After`: "full jitter"
 * backoff, a random wait between 0 and `min(maxDelayMs, baseDelayMs * 2^(attempt-1))`, so that
 * many widgets failing at the same moment do not come back at the same moment.
 */
export function retryDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random: () => number,
): number | undefined {
  if (retryAfterMs !== undefined) {
    return retryAfterMs <= policy.maxRetryAfterMs ? retryAfterMs : undefined;
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const fraction = Math.min(Math.max(random(), 0), 1);
  return Math.floor(fraction * ceiling);
}

/** Resolves after `ms`, or early with `false` when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve(false);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
