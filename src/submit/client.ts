import * as z from 'zod/mini';
import { isIssueCode, type FieldErrors } from '../schema/issues.js';
import type { SecondOpinionPayload } from '../schema/payload.js';
import {
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  MAX_ATTEMPTS_LIMIT,
  parseRetryAfter,
  retryDelay,
  sleep as realSleep,
} from './retry.js';
import { DEFAULT_TIMEOUT_MS } from './defaults.js';
import { fetchTransport, pickTransport, type AttemptResult, type Transport } from './transport.js';

/**
 * The endpoint client: posts one submission until it is accepted, refused, or it is time to
 * stop, and turns what happened into an outcome the UI can show. No DOM; no field values in
 * logs, URLs or errors.
 *
 * - Each attempt has a timeout (`timeoutMs`).
 * - Network errors, timeouts, 408, 429, 5xx and a 409 `request-in-flight` (an earlier attempt
 *   with this key is still being received) are tried again, up to `maxAttempts` in all, after
 *   a wait: the server's `Retry-After` (seconds or an HTTP date) when it sends one, else
 *   exponential backoff with full jitter. A `Retry-After` longer than `maxRetryAfterMs` ends the
 *   attempts at once (the patient is asked to try later). Other 4xx are never retried.
 * - Every attempt carries the same `Idempotency-Key: <payload.submissionId>`, so the server
 *   stores the submission once however many attempts reach it. A key the server already stored
 *   with other answers comes back as `key-reused`, with the first request's reference.
 * - `signal` cancels everything: the running attempt and any wait.
 * - When the browser says it is offline, nothing is attempted (outcome `offline`); a network
 *   error while offline ends the attempts the same way, for the caller to send again once the
 *   connection returns.
 */

export type SubmitFailureReason =
  'network' | 'timeout' | 'http' | 'malformed-response' | 'offline' | 'cancelled';

export type SubmitOutcome =
  | { kind: 'accepted'; reference: string; attempts: number }
  /** 422: the server named the fields it refused. */
  | { kind: 'rejected'; errors: FieldErrors; attempts: number }
  /**
   * 422 `idempotency-key-reused`: a request with this key arrived earlier with other answers
   * (the patient changed something after a send whose answer was lost). That first request is
   * stored under `reference`; these answers were not. Only a new key sends them.
   */
  | { kind: 'key-reused'; reference: string; attempts: number }
  | {
      kind: 'failed';
      reason: SubmitFailureReason;
      /** With `http` (413, 415, 429, 5xx, …) and `malformed-response`. */
      status?: number;
      /** The server's `Retry-After`, when it asked for a longer wait than the client accepts. */
      retryAfterMs?: number;
      /** Attempts made; 0 when nothing was sent (offline, cancelled before the first). */
      attempts: number;
    };

/** What the client is about to do after a failed attempt: for a "trying again" message. */
export interface RetryInfo {
  /** The attempt that is coming, 2-based. */
  attempt: number;
  maxAttempts: number;
  delayMs: number;
  reason: 'network' | 'timeout' | 'http';
  status?: number;
}

export interface SubmitOptions {
  endpoint: URL;
  payload: SecondOpinionPayload;
  /**
   * What to post instead of `payload` as `application/json`: the payload as a FHIR
   * QuestionnaireResponse (a JSON string), or a `FormData` with files. Leave `contentType` out
   * for a FormData so the browser sets the multipart boundary. Not a stream: every attempt sends
   * the same body again. The Idempotency-Key stays `payload.submissionId`.
   */
  body?: { contentType?: string; data: BodyInit };
  /**
   * Per attempt; default 30 s. With upload progress (XMLHttpRequest) it is the time allowed
   * without progress, so a long upload that keeps moving is not cut off.
   */
  timeoutMs?: number;
  /** Attempts in all, 1–10; default 4. */
  maxAttempts?: number;
  /** The first backoff ceiling, doubling per attempt; default 1 s. */
  baseDelayMs?: number;
  /** The longest backoff; default 15 s. */
  maxDelayMs?: number;
  /** The longest `Retry-After` waited for; default 30 s. */
  maxRetryAfterMs?: number;
  /** Default `omit`: the widget sends no cookies unless the embedder asks. */
  credentials?: RequestCredentials;
  /**
   * Extra headers from the embedder, e.g. a CSRF token. They cannot replace `Content-Type`,
   * `Accept` or `Idempotency-Key`. Check them with `headerProblem` first.
   */
  headers?: Record<string, string>;
  /** Cancels the running attempt and any wait: outcome `cancelled`. */
  signal?: AbortSignal;
  /**
   * Upload progress of the current attempt, for bodies worth measuring (FormData, Blob). Reported
   * only where XMLHttpRequest can honour `credentials` (see docs/protocol.md: credentials).
   */
  onProgress?: (sentBytes: number, totalBytes: number) => void;
  /** Called before each wait between attempts. */
  onRetry?: (info: RetryInfo) => void;
  /** Default: `navigator.onLine`. */
  isOnline?: () => boolean;
  /** For tests: waits, resolving `false` when aborted. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<boolean>;
  /** For tests: the jitter, in [0, 1). */
  random?: () => number;
  /** For tests: the clock `Retry-After` dates are read against. */
  now?: () => number;
  /** For tests: posts with this fetch instead of the browser's. */
  fetch?: typeof fetch;
  /** For tests: the whole attempt. */
  transport?: Transport;
}

const reference = z.string().check(z.minLength(1), z.maxLength(200));
const successBody = z.object({ reference });
const problemBody = z.object({
  errors: z.array(z.object({ path: z.string(), code: z.string() })),
});
const keyReusedBody = z.object({ code: z.literal('idempotency-key-reused'), reference });
const inFlightBody = z.object({ code: z.literal('request-in-flight') });

/** Headers the client sets itself; the embedder's cannot replace them. */
const RESERVED_HEADERS = new Set(['content-type', 'accept', 'idempotency-key']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Visible ASCII, spaces and tabs inside; no line breaks or NUL (header injection).
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Why the embedder's headers cannot be sent, or undefined when they can. Names must be HTTP
 * tokens and values single-line strings; the message names the header, never its value.
 */
export function headerProblem(headers: unknown): string | undefined {
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    return 'headers must be an object of names to string values';
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) return `"${name}" is not a valid header name`;
    if (typeof value !== 'string' || !HEADER_VALUE.test(value)) {
      return `the value of ${name} is not a single-line string`;
    }
  }
  return undefined;
}

function requestHeaders(options: SubmitOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (!RESERVED_HEADERS.has(name.toLowerCase())) headers[name] = value;
  }
  const contentType = options.body ? options.body.contentType : 'application/json';
  if (contentType) headers['Content-Type'] = contentType;
  headers.Accept = 'application/json, application/problem+json';
  headers['Idempotency-Key'] = options.payload.submissionId;
  return headers;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Field errors from a 422 problem document; unknown codes become `invalid`. */
function problemErrors(body: unknown): FieldErrors | undefined {
  const parsed = problemBody.safeParse(body);
  if (!parsed.success) return undefined;
  const errors: FieldErrors = {};
  for (const { path, code } of parsed.data.errors) {
    errors[path] ??= isIssueCode(code) ? code : 'invalid';
  }
  return errors;
}

type Classified =
  | { final: true; outcome: SubmitOutcome }
  | {
      final: false;
      /** A failure worth another attempt: its reason is one a retry notice names. */
      outcome: SubmitOutcome & { kind: 'failed'; reason: RetryInfo['reason'] };
      retryAfter?: string | null;
    };

function classify(result: AttemptResult, attempts: number): Classified {
  switch (result.type) {
    case 'cancelled':
      return { final: true, outcome: { kind: 'failed', reason: 'cancelled', attempts } };
    case 'network':
    case 'timeout':
      return {
        final: false,
        outcome: { kind: 'failed', reason: result.type, attempts },
      };
    case 'response':
      break;
  }
  const { status } = result;
  if (status >= 200 && status <= 299) {
    const body = successBody.safeParse(parseJson(result.text));
    return {
      final: true,
      outcome: body.success
        ? { kind: 'accepted', reference: body.data.reference, attempts }
        : { kind: 'failed', reason: 'malformed-response', status, attempts },
    };
  }
  if (status === 422) {
    const body = parseJson(result.text);
    const reused = keyReusedBody.safeParse(body);
    if (reused.success) {
      return {
        final: true,
        outcome: { kind: 'key-reused', reference: reused.data.reference, attempts },
      };
    }
    const errors = problemErrors(body);
    if (errors && Object.keys(errors).length > 0) {
      return { final: true, outcome: { kind: 'rejected', errors, attempts } };
    }
  }
  const outcome = { kind: 'failed', reason: 'http', status, attempts } as const;
  // Only the in-flight conflict resolves by waiting: any other 409 would come back the same.
  const inFlight = status === 409 && inFlightBody.safeParse(parseJson(result.text)).success;
  return isRetryableStatus(status) || inFlight
    ? { final: false, outcome, retryAfter: result.retryAfter }
    : { final: true, outcome };
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
}

export async function submitPayload(options: SubmitOptions): Promise<SubmitOutcome> {
  const policy = {
    maxAttempts: Math.min(
      MAX_ATTEMPTS_LIMIT,
      Math.max(1, Math.floor(positive(options.maxAttempts, DEFAULT_RETRY_POLICY.maxAttempts))),
    ),
    baseDelayMs: positive(options.baseDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs),
    maxDelayMs: positive(options.maxDelayMs, DEFAULT_RETRY_POLICY.maxDelayMs),
    maxRetryAfterMs: positive(options.maxRetryAfterMs, DEFAULT_RETRY_POLICY.maxRetryAfterMs),
  };
  const timeoutMs = positive(options.timeoutMs, DEFAULT_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS;
  const wait = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const isOnline = options.isOnline ?? (() => globalThis.navigator?.onLine !== false);
  const { signal } = options;
  const credentials = options.credentials ?? 'omit';
  const headers = requestHeaders(options);
  const body = options.body ? options.body.data : JSON.stringify(options.payload);
  const transport =
    options.transport ??
    (options.fetch
      ? fetchTransport(options.fetch)
      : pickTransport({
          url: options.endpoint,
          body,
          credentials,
          wantsProgress: options.onProgress !== undefined,
        }));

  for (let attempt = 1; ; attempt += 1) {
    const made = attempt - 1;
    if (signal?.aborted) return { kind: 'failed', reason: 'cancelled', attempts: made };
    if (!isOnline()) return { kind: 'failed', reason: 'offline', attempts: made };
    const result = await transport({
      url: options.endpoint,
      headers,
      body,
      credentials,
      timeoutMs,
      signal,
      onProgress: options.onProgress,
    });
    const classified = classify(result, attempt);
    if (classified.final) return classified.outcome;
    const { outcome } = classified;
    const { reason } = outcome;
    // A connection that failed because the device went offline: wait for it to come back
    // rather than spending the remaining attempts.
    if (reason !== 'http' && !isOnline()) return { ...outcome, reason: 'offline' };
    if (attempt >= policy.maxAttempts) return outcome;
    const retryAfterMs = parseRetryAfter(classified.retryAfter, now());
    const delayMs = retryDelay(attempt, retryAfterMs, policy, random);
    if (delayMs === undefined) return { ...outcome, ...(retryAfterMs ? { retryAfterMs } : {}) };
    options.onRetry?.({
      attempt: attempt + 1,
      maxAttempts: policy.maxAttempts,
      delayMs,
      reason,
      ...(outcome.status !== undefined ? { status: outcome.status } : {}),
    });
    if (!(await wait(delayMs, signal))) {
      return { kind: 'failed', reason: 'cancelled', attempts: attempt };
    }
  }
}
