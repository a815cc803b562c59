import * as z from 'zod/mini';
import { isIssueCode, type FieldErrors } from '../schema/issues.js';
import type { SecondOpinionPayload } from '../schema/payload.js';

/**
 * The endpoint client: one POST of a validated payload, with a timeout, and an answer turned
 * into an outcome the UI can show. No DOM, no field values in logs or URLs.
 *
 * Idempotency: the request carries `Idempotency-Key: <submissionId>`; a retry of the same
 * submission sends the same key, so the server can store it exactly once.
 */

export type SubmitFailureReason = 'network' | 'timeout' | 'http' | 'malformed-response';

export type SubmitOutcome =
  | { kind: 'accepted'; reference: string }
  /** 422: the server named the fields it refused. */
  | { kind: 'rejected'; errors: FieldErrors }
  | { kind: 'failed'; reason: SubmitFailureReason; status?: number };

export interface SubmitOptions {
  endpoint: URL;
  payload: SecondOpinionPayload;
  /**
   * What to post instead of the payload as `application/json`, e.g. the payload as a FHIR
   * QuestionnaireResponse. The Idempotency-Key stays `payload.submissionId`.
   */
  body?: { contentType: string; data: unknown };
  /** Per attempt; default 30 s. */
  timeoutMs?: number;
  /** Default `omit`: the widget sends no cookies unless the embedder asks. */
  credentials?: RequestCredentials;
  /** Extra headers from the embedder, e.g. a CSRF token. */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

const successBody = z.object({ reference: z.string().check(z.minLength(1), z.maxLength(200)) });
const problemBody = z.object({
  errors: z.array(z.object({ path: z.string(), code: z.string() })),
});

/** The body as JSON, or undefined when it is not JSON; a dropped connection still throws. */
async function readJson(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
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

export async function submitPayload(options: SubmitOptions): Promise<SubmitOutcome> {
  const send = options.fetch ?? globalThis.fetch.bind(globalThis);
  const controller = new AbortController();
  // The timeout covers the whole exchange, body included: a server that sends headers and then
  // stalls must not leave the patient waiting forever.
  const timeout = setTimeout(() => controller.abort(), options.timeoutMs ?? 30_000);
  try {
    const response = await send(options.endpoint, {
      method: 'POST',
      credentials: options.credentials ?? 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      headers: {
        ...options.headers,
        'Content-Type': options.body?.contentType ?? 'application/json',
        Accept: 'application/json, application/problem+json',
        'Idempotency-Key': options.payload.submissionId,
      },
      body: JSON.stringify(options.body ? options.body.data : options.payload),
      signal: controller.signal,
    });
    return await outcomeOf(response);
  } catch {
    return { kind: 'failed', reason: controller.signal.aborted ? 'timeout' : 'network' };
  } finally {
    clearTimeout(timeout);
  }
}

async function outcomeOf(response: Response): Promise<SubmitOutcome> {
  if (response.ok) {
    const body = successBody.safeParse(await readJson(response));
    return body.success
      ? { kind: 'accepted', reference: body.data.reference }
      : { kind: 'failed', reason: 'malformed-response', status: response.status };
  }
  if (response.status === 422) {
    const errors = problemErrors(await readJson(response));
    if (errors && Object.keys(errors).length > 0) return { kind: 'rejected', errors };
  }
  return { kind: 'failed', reason: 'http', status: response.status };
}
