/**
 * The reference endpoint: what a server that receives second-opinion requests has to do, as one
 * small connect-style handler on Node's `node:http` types (it mounts in Vite, connect, Express,
 * or Koa with `ctx.respond = false`). `npm start` and the browser tests run it; integrators read
 * it. Only Node built-ins and this package's schema.
 *
 * The contract a receiving server implements
 * ------------------------------------------
 * `POST {basePath}` with
 *   - `Content-Type: application/json` (a `charset` parameter, if any, must be `utf-8`) and the
 *     payload as the body; or `Content-Type: application/fhir+json` and the payload as a FHIR R4
 *     QuestionnaireResponse (`second-opinion-intake/fhir`, `<second-opinion-intake format="fhir">`),
 *     which is mapped back to the payload first: from then on both are one and the same request,
 *     and what is stored is the payload;
 *   - `Idempotency-Key: <payload.submissionId>` (also accepted as a quoted structured-field
 *     string, as the IETF idempotency-key draft writes it); as FHIR, the submission id is the
 *     response's `identifier` (`urn:uuid:<submissionId>`);
 *   - a body of at most `maxBodyBytes` (default 1 MiB; files are not inline).
 *
 * Answers (errors are RFC 9457 problem details, `application/problem+json`):
 *   - 201 `{ "reference": "SO-XXXX-XXXX" }`: validated with `payloadSchema` and stored.
 *   - 200 `{ "reference": … }`, the same reference: this Idempotency-Key was stored before (the
 *     widget retried after losing the first answer). Nothing is stored again.
 *   - 422 `{ "type": "about:blank", "title": "Unprocessable Entity", "status": 422,
 *     "errors": [{ "path": "patient.email", "code": "invalid-email" }] }`: dotted paths and the
 *     schema's issue codes (`ISSUE_CODES`), which the widget shows next to each field in the
 *     patient's language. Servers must send codes, not prose: the widget does not show `detail`.
 *     A key that differs from `submissionId` is `{ "path": "submissionId", "code": "invalid" }`.
 *     A QuestionnaireResponse's errors carry these payload paths too (the row index of
 *     `documents.1.language` counts the documents it answers, in the Questionnaire's order).
 *   - 400 malformed JSON, no Idempotency-Key, or FHIR that is not a completed
 *     QuestionnaireResponse to the intake's Questionnaire; 413 body too large; 415 neither JSON
 *     nor FHIR JSON; 405 another method. 5xx (or no answer) lets the widget retry with the same
 *     key. Answers are the same JSON (or problem details) whichever format was posted.
 * Every answer carries `Cache-Control: no-store`: it concerns health data.
 *
 * CORS: only origins listed in `allowedOrigins` get `Access-Control-Allow-Origin` (and a preflight
 * answer); no credentials, since the widget sends no cookies. A widget on the same origin needs none.
 *
 * Logging: one entry per answer with method, status and reference, never a field value.
 *
 * Exactly once: requests with the same key are serialized in memory, and the stored file is the
 * record of the key. That holds for one server process; several processes need the database's
 * unique constraint on `submissionId` instead.
 */
import { randomInt } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { FHIR_JSON } from '../../src/fhir/canonical.ts';
import { FhirMappingError, fromQuestionnaireResponse } from '../../src/fhir/from-response.ts';
import { payloadSchema, toFieldErrors, type FieldErrors } from '../../src/schema/index.ts';
import { createSubmissionStore, type StoredSubmission } from './storage.ts';

export interface IntakeEndpointOptions {
  /** Where submissions are stored, one JSON file each; created on first use. */
  dataDir: string;
  /** Default `/api/second-opinion`. */
  basePath?: string;
  /** Exact origins (`https://insurer.example`) allowed to post from another site. */
  allowedOrigins?: string[];
  /** Default 1 MiB. */
  maxBodyBytes?: number;
  /** Default: one line on `console.info`. */
  log?: (entry: IntakeLogEntry) => void;
}

/** Everything the endpoint ever logs: no field values, by construction. */
export interface IntakeLogEntry {
  method: string;
  status: number;
  reference?: string;
}

export type ConnectHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

interface Reply {
  json(status: number, body: unknown, reference?: string): void;
  problem(status: number, detail: string, extra?: { errors?: FieldErrors }): void;
  empty(status: number): void;
}

const MIB = 1024 * 1024;
/** No 0/O, 1/I/L or U/V look-alikes: a reference gets read out over the phone. */
const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';
const PREFLIGHT_MAX_AGE_SECONDS = 7200;
const TOO_LARGE = Symbol('too large');

function newReference(): string {
  const pick = () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  const group = () => Array.from({ length: 4 }, pick).join('');
  return `SO-${group()}-${group()}`;
}

/** The path without query; `req.url` is not parsed as a URL, so `//host/…` cannot change it. */
function pathOf(req: IncomingMessage): string {
  const path = (req.url ?? '/').split('?', 1)[0];
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** The native payload as JSON, or the same as a FHIR QuestionnaireResponse. */
type BodyFormat = 'json' | 'fhir';

function bodyFormatOf(contentType: string | undefined): BodyFormat | undefined {
  if (!contentType) return undefined;
  const [mediaType, ...parameters] = contentType
    .split(';')
    .map((part) => part.trim().toLowerCase());
  const format =
    mediaType === 'application/json' ? 'json' : mediaType === FHIR_JSON ? 'fhir' : undefined;
  const charset = parameters
    .find((parameter) => parameter.startsWith('charset='))
    ?.slice('charset='.length)
    .replaceAll('"', '');
  return charset === undefined || charset === 'utf-8' ? format : undefined;
}

function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  const unquoted = value?.match(/^"(.*)"$/)?.[1] ?? value;
  return unquoted || undefined;
}

/**
 * Reads at most `limit` bytes. A declared or actual excess stops the reading at once: nothing
 * beyond the limit is buffered.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | typeof TOO_LARGE> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.resolve(TOO_LARGE);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        cleanUp();
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanUp();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      cleanUp();
      reject(error);
    };
    const onClose = () => {
      if (!req.complete) onError(new Error('request aborted'));
    };
    const cleanUp = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/**
 * After an early answer (413, 415, …) the client may still be sending. Reading the rest lets it
 * receive the answer instead of a reset connection; past `limit` more bytes we hang up.
 */
function discardRest(req: IncomingMessage, limit: number): void {
  if (req.complete || req.destroyed) return;
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > limit) req.socket.destroy();
  });
  req.resume();
}

function validate(
  input: unknown,
  idempotencyKey: string,
): { ok: true; payload: unknown; submissionId: string } | { ok: false; errors: FieldErrors } {
  const result = payloadSchema.safeParse(input);
  const errors: FieldErrors = result.success ? {} : toFieldErrors(result.error.issues);
  const submissionId =
    typeof input === 'object' && input !== null && 'submissionId' in input
      ? input.submissionId
      : undefined;
  if (typeof submissionId === 'string' && submissionId !== idempotencyKey) {
    errors.submissionId ??= 'invalid';
  }
  if (result.success && Object.keys(errors).length === 0) {
    // The parsed data, not the input: fields the schema does not know are not stored.
    return { ok: true, payload: result.data, submissionId: result.data.submissionId };
  }
  return { ok: false, errors };
}

function defaultLog({ method, status, reference }: IntakeLogEntry): void {
  console.info(`[second-opinion] ${method} ${status}${reference ? ` ${reference}` : ''}`);
}

export function createIntakeEndpoint(options: IntakeEndpointOptions): ConnectHandler {
  const basePath = (options.basePath ?? '/api/second-opinion').replace(/\/$/, '');
  const submissionsPath = `${basePath}/submissions`;
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const maxBodyBytes = options.maxBodyBytes ?? MIB;
  const log = options.log ?? defaultLog;
  const store = createSubmissionStore(options.dataDir);
  const inFlight = new Map<string, Promise<void>>();

  /** Runs `task` after every earlier task for the same key, so duplicates see the first write. */
  function serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
    const run = (inFlight.get(key) ?? Promise.resolve()).then(task);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    inFlight.set(key, settled);
    void settled.then(() => {
      if (inFlight.get(key) === settled) inFlight.delete(key);
    });
    return run;
  }

  function corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    return origin && allowedOrigins.has(origin)
      ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' }
      : {};
  }

  function replyTo(
    req: IncomingMessage,
    res: ServerResponse,
    headers: Record<string, string>,
  ): Reply {
    const method = req.method ?? 'GET';
    const send = (status: number, type: string | undefined, text: string, reference?: string) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(status, {
        ...headers,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        ...(type ? { 'Content-Type': type } : {}),
        // 204 must not carry a length (RFC 9110, 8.6).
        ...(status === 204 ? {} : { 'Content-Length': String(Buffer.byteLength(text)) }),
      });
      res.end(text);
      discardRest(req, maxBodyBytes);
      log(reference ? { method, status, reference } : { method, status });
    };
    return {
      json: (status, body, reference) =>
        send(status, 'application/json; charset=utf-8', JSON.stringify(body), reference),
      problem: (status, detail, extra) =>
        send(
          status,
          'application/problem+json; charset=utf-8',
          JSON.stringify({
            type: 'about:blank',
            title: STATUS_CODES[status] ?? 'Error',
            status,
            detail,
            ...(extra?.errors
              ? {
                  errors: Object.entries(extra.errors).map(([path, code]) => ({ path, code })),
                }
              : {}),
          }),
        ),
      empty: (status) => send(status, undefined, ''),
    };
  }

  async function receive(req: IncomingMessage, reply: Reply, res: ServerResponse): Promise<void> {
    if (req.method === 'OPTIONS') {
      const cors = corsHeaders(req);
      if (cors['Access-Control-Allow-Origin']) {
        res.setHeader('Access-Control-Allow-Methods', 'POST');
        res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Idempotency-Key');
        res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SECONDS));
      }
      res.setHeader('Allow', 'POST, OPTIONS');
      return reply.empty(204);
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST, OPTIONS');
      return reply.problem(405, 'Submit with POST.');
    }
    const format = bodyFormatOf(req.headers['content-type']);
    if (!format) {
      res.setHeader('Accept-Post', `application/json, ${FHIR_JSON}`);
      return reply.problem(
        415,
        `Send the payload as application/json, or as a QuestionnaireResponse in ${FHIR_JSON} (UTF-8).`,
      );
    }
    const idempotencyKey = idempotencyKeyOf(req.headers['idempotency-key']);
    if (!idempotencyKey) {
      return reply.problem(400, 'Send the Idempotency-Key header, set to the submissionId.');
    }
    const body = await readBody(req, maxBodyBytes);
    if (body === TOO_LARGE) {
      return reply.problem(413, `The payload is larger than ${maxBodyBytes} bytes.`);
    }
    let input: unknown;
    try {
      input = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch {
      return reply.problem(400, 'The body is not valid JSON.');
    }
    if (format === 'fhir') {
      try {
        input = fromQuestionnaireResponse(input);
      } catch (error) {
        if (!(error instanceof FhirMappingError)) throw error;
        return reply.problem(
          400,
          `The body is not a completed QuestionnaireResponse to the intake's Questionnaire: ${error.message}.`,
        );
      }
    }
    const checked = validate(input, idempotencyKey);
    if (!checked.ok) {
      return reply.problem(422, 'Some fields are missing or invalid.', { errors: checked.errors });
    }
    const { status, reference } = await serialized(checked.submissionId.toLowerCase(), async () => {
      const stored = await store.find(checked.submissionId);
      if (stored) return { status: 200, reference: stored.reference };
      const record: StoredSubmission = {
        reference: newReference(),
        receivedAt: new Date().toISOString(),
        payload: checked.payload,
      };
      await store.save(checked.submissionId, record);
      return { status: 201, reference: record.reference };
    });
    reply.json(status, { reference }, reference);
  }

  /**
   * Demo and tests only: the demo's "received" page lists what arrived, the tests clear it.
   * A real server must never expose submissions like this: it would publish health data.
   */
  async function submissions(req: IncomingMessage, reply: Reply, res: ServerResponse) {
    if (req.method === 'GET') return reply.json(200, await store.list());
    if (req.method === 'DELETE') {
      await store.clear();
      return reply.empty(204);
    }
    res.setHeader('Allow', 'GET, DELETE');
    return reply.problem(405, 'Use GET or DELETE.');
  }

  return (req, res, next) => {
    const path = pathOf(req);
    if (path !== basePath && path !== submissionsPath) return next();
    // The submissions list is same-origin only, whatever allowedOrigins says.
    const reply = replyTo(req, res, path === basePath ? corsHeaders(req) : {});
    const route = path === basePath ? receive : submissions;
    route(req, reply, res).catch(() => {
      if (req.destroyed) return;
      reply.problem(500, 'The submission could not be stored; retry with the same key.');
    });
  };
}
