/**
 * The receiving server as one web-standard function, `(request: Request) => Promise<Response>`
 * (the fetch-handler shape of Hono, Deno, Bun and Workers); `node.ts` adapts it to `node:http`.
 *
 * Routes:
 * - `POST {basePath}`: a patient's request (intake.ts), with CORS for the allowed origins;
 * - `GET {basePath}/health`: 200 while the store can read and write, else 503;
 * - `{basePath}/staff/…`: passed to the staff handler given in the options (404 without one);
 * - `GET {basePath}/frame` and `{basePath}/frame/assets/…`: the isolation frame (frame.ts), when
 *   the `frame` option is given.
 *
 * Every request gets an answer: whatever fails is turned into problem details here — a store
 * that cannot serve (disk full, database down) into 503 with Retry-After, a body that stopped
 * arriving into 408 — and one log line says what happened, without a field value.
 */
import {
  DEFAULT_ATTACHMENT_LIMITS,
  ATTACHMENT_KINDS,
  type AttachmentKind,
} from '../submit/attachments.js';
import { emptyAnswer, jsonAnswer, problemAnswer } from './answers.js';
import { BodyAbortedError, TooLargeError, UnsupportedTypeError } from './body.js';
import { errorKind } from './error-kind.js';
import { createFrameRoutes, type FrameOptions } from './frame.js';
import { receiveIntake, type IntakeSettings } from './intake.js';
import { MultipartError } from './multipart.js';
import { StoreUnavailableError, type IntakeStore } from './store/types.js';
import { errnoOf } from './store/durable-files.js';

export type StaffHandler = (request: Request, subpath: string) => Promise<Response>;

export interface ReceivingHandlerOptions {
  store: IntakeStore;
  /** Default `/api/second-opinion`. */
  basePath?: string;
  /** Exact origins (`https://insurer.example`) whose pages may post from another site. */
  allowedOrigins?: readonly string[];
  /** The payload (JSON, or the `submission` part); default 1 MiB. */
  maxBodyBytes?: number;
  /** Per file; default 25 MiB. */
  maxFileBytes?: number;
  /** All files of one request; default 100 MiB. */
  maxTotalFileBytes?: number;
  /** Files of one request; default 20. */
  maxFiles?: number;
  /** Kinds of file accepted; default all the widget knows. */
  acceptedKinds?: readonly AttachmentKind[];
  /**
   * How long a request being received holds its idempotency key past the last byte it wrote
   * (stores renew the lease as bytes arrive); default 60 s. After a crash, a retry waits at
   * most this long (409 + Retry-After) before it may take the key over. Keep it above the
   * transport's idle timeout.
   */
  leaseMs?: number;
  /** `Retry-After` (seconds) of 409 and 503 answers; default 2. */
  retryAfterSeconds?: number;
  /** Answers `{basePath}/staff/…`; `subpath` is what follows `staff/`. */
  staff?: StaffHandler;
  /**
   * Called once a new request is stored (not for a replay): the notifier's `notifyNewRequest`
   * (webhook, acknowledgement email; src/server/notify/notifier.ts). Its failure is logged; the
   * patient's request stays stored and answered.
   */
  onNewRequest?: (reference: string, receivedAt: string) => Promise<void>;
  /** Serves the isolation frame (`mode="isolated"`, docs/isolation.md); off without it. */
  frame?: FrameOptions;
  /** One entry per answered request; default a JSON line on stdout. */
  log?: (entry: RequestLogEntry) => void;
}

/** What is logged: never a field value, file name, query or header. */
export interface RequestLogEntry {
  time: string;
  method: string;
  /** The route template, e.g. `/api/second-opinion/staff/*`. */
  route: string;
  status: number;
  durationMs: number;
  reference?: string;
  /** Error class and code for 5xx/408 answers, e.g. `StoreUnavailableError`. */
  error?: string;
}

export type ReceivingHandler = (request: Request) => Promise<Response>;

const MIB = 1024 * 1024;
const PREFLIGHT_MAX_AGE_SECONDS = 7200;
/** File-system failures that mean the storage cannot take writes now. */
const UNAVAILABLE_CODES = new Set([
  'ENOSPC',
  'EDQUOT',
  'EACCES',
  'EPERM',
  'EROFS',
  'EIO',
  'EMFILE',
  'ENFILE',
]);

export function defaultLog(entry: RequestLogEntry): void {
  process.stdout.write(`${JSON.stringify(entry)}\n`);
}

/** The answer for a failure, and what the log line says about it. */
function answerForError(
  error: unknown,
  retryAfterSeconds: number,
): { response: Response; logged?: string } {
  if (error instanceof TooLargeError) {
    return {
      response: problemAnswer(413, error.message, {
        code: 'too-large',
        limit: error.limit,
        maximum: error.maximum,
      }),
    };
  }
  if (error instanceof UnsupportedTypeError) {
    return { response: problemAnswer(415, error.message, { code: 'unsupported-media-type' }) };
  }
  if (error instanceof MultipartError) {
    return {
      response: problemAnswer(
        400,
        `The body is not well-formed multipart/form-data: ${error.message}.`,
        {
          code: 'malformed-multipart',
        },
      ),
    };
  }
  if (error instanceof BodyAbortedError) {
    return {
      logged: `BodyAbortedError:${error.reason}`,
      response: problemAnswer(
        error.reason === 'client-gone' ? 400 : 408,
        'The request body stopped arriving; nothing was stored. Retry with the same key.',
        { code: error.reason === 'client-gone' ? 'body-incomplete' : 'request-timeout' },
        { Connection: 'close' },
      ),
    };
  }
  const code = errnoOf(error);
  if (error instanceof StoreUnavailableError || (code && UNAVAILABLE_CODES.has(code))) {
    return {
      logged: `${error instanceof Error ? error.name : 'Error'}${code ? `:${code}` : ''}`,
      response: problemAnswer(
        503,
        'The request could not be stored now; nothing was kept. Retry with the same key.',
        { code: 'store-unavailable' },
        { 'Retry-After': String(retryAfterSeconds) },
      ),
    };
  }
  return {
    logged: `${error instanceof Error ? error.name : 'Error'}${code ? `:${code}` : ''}`,
    response: problemAnswer(500, 'The request could not be stored; retry with the same key.', {
      code: 'internal-error',
    }),
  };
}

export function createReceivingHandler(options: ReceivingHandlerOptions): ReceivingHandler {
  const basePath = (options.basePath ?? '/api/second-opinion').replace(/\/+$/, '');
  const healthPath = `${basePath}/health`;
  const staffPrefix = `${basePath}/staff/`;
  const framePath = `${basePath}/frame`;
  const frame = options.frame ? createFrameRoutes(basePath, options.frame) : undefined;
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const retryAfterSeconds = options.retryAfterSeconds ?? 2;
  const log = options.log ?? defaultLog;
  const settings: IntakeSettings = {
    store: options.store,
    limits: {
      maxBodyBytes: options.maxBodyBytes ?? MIB,
      maxFileBytes: options.maxFileBytes ?? DEFAULT_ATTACHMENT_LIMITS.maxFileSize,
      maxTotalFileBytes: options.maxTotalFileBytes ?? DEFAULT_ATTACHMENT_LIMITS.maxTotalSize,
      maxFiles: options.maxFiles ?? DEFAULT_ATTACHMENT_LIMITS.maxFiles,
    },
    acceptedKinds: options.acceptedKinds ?? ATTACHMENT_KINDS,
    leaseMs: options.leaseMs ?? 60_000,
    retryAfterSeconds,
  };

  function corsHeaders(request: Request): Record<string, string> {
    const origin = request.headers.get('origin');
    return origin && allowedOrigins.has(origin)
      ? {
          'Access-Control-Allow-Origin': origin,
          // Not a CORS-safelisted response header: without this the widget cannot honour it.
          'Access-Control-Expose-Headers': 'Retry-After',
          Vary: 'Origin',
        }
      : {};
  }

  async function intake(request: Request): Promise<{ response: Response; reference?: string }> {
    const allow = { Allow: 'POST, OPTIONS' };
    if (request.method === 'OPTIONS') {
      const cors = corsHeaders(request);
      return {
        response: emptyAnswer(204, {
          ...allow,
          ...cors,
          ...(cors['Access-Control-Allow-Origin']
            ? {
                'Access-Control-Allow-Methods': 'POST',
                'Access-Control-Allow-Headers': 'Content-Type, Idempotency-Key',
                'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS),
              }
            : {}),
        }),
      };
    }
    if (request.method !== 'POST') {
      return {
        response: problemAnswer(405, 'Submit with POST.', { code: 'method-not-allowed' }, allow),
      };
    }
    const outcome = await receiveIntake(request, settings);
    if (outcome.response.status === 201 && outcome.reference && options.onNewRequest) {
      await options.onNewRequest(outcome.reference, new Date().toISOString()).catch((error) => {
        console.error(
          `notify: ${outcome.reference} could not be recorded for delivery (${errorKind(error)})`,
        );
      });
    }
    return outcome;
  }

  async function health(request: Request): Promise<Response> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return problemAnswer(405, 'Use GET.', { code: 'method-not-allowed' }, { Allow: 'GET, HEAD' });
    }
    const healthy = await options.store.healthy().catch(() => false);
    return healthy
      ? jsonAnswer(200, { status: 'ok', store: options.store.kind })
      : problemAnswer(
          503,
          'The store cannot read and write right now.',
          { code: 'store-unavailable' },
          { 'Retry-After': String(retryAfterSeconds) },
        );
  }

  return async (request) => {
    const started = performance.now();
    const rawPath = new URL(request.url).pathname;
    const path = rawPath.length > 1 ? rawPath.replace(/\/+$/, '') : rawPath;
    let route = 'unmatched';
    let reference: string | undefined;
    let response: Response;
    let logged: string | undefined;
    try {
      if (path === basePath) {
        route = basePath;
        ({ response, reference } = await intake(request));
        if (request.method !== 'OPTIONS') response = withHeaders(response, corsHeaders(request));
      } else if (path === healthPath) {
        route = healthPath;
        response = await health(request);
      } else if (options.staff && rawPath.startsWith(staffPrefix)) {
        route = `${staffPrefix}*`;
        response = await options.staff(request, rawPath.slice(staffPrefix.length));
      } else {
        const framed = path.startsWith(framePath)
          ? await frame?.(request, path.slice(framePath.length))
          : undefined;
        if (framed) route = path === framePath ? framePath : `${framePath}/assets/*`;
        response = framed ?? problemAnswer(404, 'Nothing here.', { code: 'not-found' });
      }
    } catch (error) {
      ({ response, logged } = answerForError(error, retryAfterSeconds));
      if (path === basePath) response = withHeaders(response, corsHeaders(request));
    }
    log({
      time: new Date().toISOString(),
      method: request.method,
      route,
      status: response.status,
      durationMs: Math.round(performance.now() - started),
      ...(reference ? { reference } : {}),
      ...(logged ? { error: logged } : {}),
    });
    return response;
  };
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
