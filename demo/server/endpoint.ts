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
 *     response's `identifier` (`urn:uuid:<submissionId>`), or the key when it has none, and a
 *     response without `language` is in the Questionnaire's language (docs/fhir.md: responses
 *     from other form fillers such as LHC-Forms);
 *   - a body of at most `maxBodyBytes` (default 1 MiB; files are not inline);
 *   or, with files, `Content-Type: multipart/form-data` (RFC 7578) with
 *   - a part named `submission`: the payload as `application/json` (or the QuestionnaireResponse
 *     as `application/fhir+json`), at most `maxBodyBytes`, whose `documents[].files[]` list each
 *     file as `{ name, size, type, sha256 }`;
 *   - one part per listed file, named `file:<document type>:<index>` (its position in that
 *     document's `files`), holding the file's bytes. Each must have the listed size and SHA-256,
 *     and content of an accepted kind whose media type is the listed `type` (PDF, JPEG, PNG,
 *     TIFF, DICOM, ZIP, recognized by their first bytes, as the widget does);
 *   - limits: `maxFileBytes` per file (default 25 MiB), `maxTotalFileBytes` for all files
 *     (default 100 MiB), `maxFiles` parts (default 20): the widget's own defaults.
 *
 * Answers (errors are RFC 9457 problem details, `application/problem+json`):
 *   - 201 `{ "reference": "SO-XXXX-XXXX" }`: validated with `payloadSchema` and stored.
 *   - 200 `{ "reference": … }`, the same reference: this Idempotency-Key was stored before with
 *     the same payload (the widget retried after losing the first answer). Nothing is stored
 *     again. "The same" is compared as the SHA-256 of the validated payload's canonical JSON
 *     (keys sorted), so JSON, FHIR and multipart sends of the same answers are the same.
 *   - 422 `{ …, "code": "idempotency-key-reused", "reference": … }` (no `errors`): this key was
 *     stored before with another payload, under `reference`; this one is not stored. The widget
 *     says so and offers to send the answers again under a new key.
 *   - 409 `{ …, "code": "request-in-flight" }` with `Retry-After`: a request with this key is
 *     still being received; the widget tries again, with the same key, after that wait.
 *   - 422 `{ "type": "about:blank", "title": "Unprocessable Entity", "status": 422,
 *     "errors": [{ "path": "patient.email", "code": "invalid-email" }] }`: dotted paths and the
 *     schema's issue codes (`ISSUE_CODES`), which the widget shows next to each field in the
 *     patient's language. Servers must send codes, not prose: the widget does not show `detail`.
 *     A key that differs from `submissionId` is `{ "path": "submissionId", "code": "invalid" }`.
 *     A QuestionnaireResponse's errors carry these payload paths too (the row index of
 *     `documents.1.language` counts the documents it answers, in the Questionnaire's order).
 *     A listed file whose part is missing is `documents.<i>.files.<j>` `required`; one whose size,
 *     SHA-256 or media type differs is `documents.<i>.files.<j>.size` (`.sha256`, `.type`)
 *     `invalid`; a file part the payload does not list is `documents.<i>.files` `invalid`.
 *   - 400 malformed JSON or multipart (a part other than `submission` and `file:…`, a part twice,
 *     no `submission`), no Idempotency-Key, or FHIR that is not a completed
 *     QuestionnaireResponse to the intake's Questionnaire; 413 too large, naming the limit in
 *     `limit` (`max-body-size`, `max-file-size`, `max-total-size`, `max-files`) and `maximum`
 *     (bytes, or a count); 415 neither JSON, FHIR JSON nor multipart, or a file whose content is
 *     not of an accepted kind; 405 another method. 5xx (or no answer) lets the widget retry with
 *     the same key. Answers are the same JSON (or problem details) whichever format was posted.
 * Every answer carries `Cache-Control: no-store`: it concerns health data.
 *
 * CORS: only origins listed in `allowedOrigins` get `Access-Control-Allow-Origin` (and a preflight
 * answer); no credentials, since the widget sends no cookies. A widget on the same origin needs none.
 *
 * Logging: one entry per answer with method, status and reference, never a field value.
 *
 * Exactly once: a key being received is claimed in memory (another request with it gets the
 * 409), and the stored file is the record of the key. Files stream to a temporary folder while they arrive (hashed on the way, so
 * memory stays small), and are moved beside the record only when the submission is stored: a
 * repeated key stores its files no second time. That holds for one server process; several processes need the database's
 * unique constraint on `submissionId` instead.
 */
import { createHash, randomInt } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { FHIR_JSON } from '../../src/fhir/canonical.ts';
import { FhirMappingError, fromQuestionnaireResponse } from '../../src/fhir/from-response.ts';
import { buildQuestionnaire } from '../../src/fhir/questionnaire.ts';
import type { DocumentType } from '../../src/schema/constants.ts';
import {
  payloadSchema,
  toFieldErrors,
  type FieldErrors,
  type SecondOpinionPayload,
} from '../../src/schema/index.ts';
import {
  ATTACHMENT_KIND_INFO,
  ATTACHMENT_KINDS,
  DEFAULT_ATTACHMENT_LIMITS,
  SNIFF_LENGTH,
  sniffKind,
  type AttachmentKind,
} from '../../src/submit/attachments.ts';
import { filePartName, parseFilePartName, SUBMISSION_PART } from '../../src/submit/multipart.ts';
import { MultipartError, MultipartParser, multipartBoundary } from './form-data.ts';
import {
  createSubmissionStore,
  type StoredFile,
  type StoredSubmission,
  type Upload,
  type UploadFile,
} from './storage.ts';

export interface IntakeEndpointOptions {
  /** Where submissions are stored, one JSON file each; created on first use. */
  dataDir: string;
  /** Default `/api/second-opinion`. */
  basePath?: string;
  /** Exact origins (`https://insurer.example`) allowed to post from another site. */
  allowedOrigins?: string[];
  /** The payload (JSON, or the `submission` part); default 1 MiB. */
  maxBodyBytes?: number;
  /** Per file; default 25 MiB. */
  maxFileBytes?: number;
  /** All files of one submission; default 100 MiB. */
  maxTotalFileBytes?: number;
  /** Files of one submission; default 20. */
  maxFiles?: number;
  /** Kinds of file accepted; default all the widget knows. */
  acceptedKinds?: readonly AttachmentKind[];
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

/** Which limit a 413 broke: the names of the widget's attributes. */
type LimitName = 'max-body-size' | 'max-file-size' | 'max-total-size' | 'max-files';

interface ProblemExtra {
  /** A machine-readable kind of problem, for the ones that are not field errors or limits. */
  code?: 'idempotency-key-reused' | 'request-in-flight';
  /** With `idempotency-key-reused`: the request already stored under the key. */
  reference?: string;
  errors?: FieldErrors;
  limit?: LimitName;
  maximum?: number;
}

interface Reply {
  json(status: number, body: unknown, reference?: string): void;
  problem(status: number, detail: string, extra?: ProblemExtra): void;
  empty(status: number): void;
}

/** A failure found while reading a request: answered as problem details. */
interface Refusal {
  status: 400 | 413 | 415;
  detail: string;
  extra?: ProblemExtra;
}

/** A file part as it arrived. */
interface ReceivedFile {
  type: DocumentType;
  size: number;
  sha256: string;
  kind: AttachmentKind | undefined;
}

/** A request's body, read: the payload's bytes and format, and any files. */
interface Received {
  format: BodyFormat;
  body: Buffer;
  files: Map<string, ReceivedFile>;
  upload?: Upload | undefined;
}

const MIB = 1024 * 1024;
/** No 0/O, 1/I/L or U/V look-alikes: a reference gets read out over the phone. */
const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';
const PREFLIGHT_MAX_AGE_SECONDS = 7200;
const TOO_LARGE = Symbol('too large');
/** Room for the part headers and delimiters of a multipart body. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
/** How long a client waits before asking again about a key still being received. */
const IN_FLIGHT_RETRY_AFTER_SECONDS = 1;

/** JSON with every object's keys sorted: one text per value, whatever order it was built in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What makes two requests under one key "the same": the validated payload, hashed. */
function fingerprintOf(payload: unknown): string {
  return createHash('sha256').update(canonicalJson(payload)).digest('hex');
}

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

function isMultipart(contentType: string | undefined): boolean {
  return contentType?.split(';', 1)[0]?.trim().toLowerCase() === 'multipart/form-data';
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
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | typeof TOO_LARGE> {
  if (Number(req.headers['content-length']) > limit) return TOO_LARGE;
  const chunks: Buffer[] = [];
  let received = 0;
  // As in readMultipart: an aborted request rejects; an early return leaves it for discardRest.
  for await (const chunk of chunksOf(req)) {
    received += chunk.length;
    if (received > limit) return TOO_LARGE;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The body's chunks. Not destroyed on an early return: the answer still has to reach the client. */
function chunksOf(req: IncomingMessage): AsyncIterable<Buffer> {
  return req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
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
):
  | { ok: true; payload: SecondOpinionPayload; submissionId: string }
  | { ok: false; errors: FieldErrors } {
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

/**
 * The listed files against the parts that arrived: every listed file present with its size,
 * SHA-256 and media type, and no part the payload does not list. `unsupported` names a part whose
 * content is of no accepted kind (415).
 */
function checkFiles(
  payload: SecondOpinionPayload,
  files: ReadonlyMap<string, ReceivedFile>,
  acceptedKinds: readonly AttachmentKind[],
): { errors: FieldErrors; unsupported?: string; stored: StoredFile[] } {
  const errors: FieldErrors = {};
  const stored: StoredFile[] = [];
  const listed = new Set<string>();
  let unsupported: string | undefined;
  payload.documents.forEach((document, i) => {
    (document.files ?? []).forEach((meta, j) => {
      const name = filePartName(document.type, j);
      const path = `documents.${i}.files.${j}`;
      const received = files.get(name);
      listed.add(name);
      if (!received) {
        errors[path] = 'required';
      } else if (received.size !== meta.size) {
        errors[`${path}.size`] = 'invalid';
      } else if (received.sha256 !== meta.sha256) {
        errors[`${path}.sha256`] = 'invalid';
      } else if (!received.kind || !acceptedKinds.includes(received.kind)) {
        unsupported ??= name;
      } else if (ATTACHMENT_KIND_INFO[received.kind].mediaType !== meta.type) {
        errors[`${path}.type`] = 'invalid';
      } else {
        stored.push({
          type: document.type,
          index: j,
          name: meta.name,
          size: meta.size,
          contentType: meta.type,
          sha256: received.sha256,
        });
      }
    });
  });
  for (const [name, received] of files) {
    if (listed.has(name)) continue;
    const row = payload.documents.findIndex((document) => document.type === received.type);
    errors[row >= 0 ? `documents.${row}.files` : 'documents'] ??= 'invalid';
  }
  return { errors, stored, ...(unsupported ? { unsupported } : {}) };
}

function defaultLog({ method, status, reference }: IntakeLogEntry): void {
  console.info(`[second-opinion] ${method} ${status}${reference ? ` ${reference}` : ''}`);
}

export function createIntakeEndpoint(options: IntakeEndpointOptions): ConnectHandler {
  const basePath = (options.basePath ?? '/api/second-opinion').replace(/\/$/, '');
  const submissionsPath = `${basePath}/submissions`;
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const maxBodyBytes = options.maxBodyBytes ?? MIB;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_ATTACHMENT_LIMITS.maxFileSize;
  const maxTotalFileBytes = options.maxTotalFileBytes ?? DEFAULT_ATTACHMENT_LIMITS.maxTotalSize;
  const maxFiles = options.maxFiles ?? DEFAULT_ATTACHMENT_LIMITS.maxFiles;
  const acceptedKinds = options.acceptedKinds ?? ATTACHMENT_KINDS;
  /** The largest multipart body that can be within every limit. */
  const maxRequestBytes = maxBodyBytes + maxTotalFileBytes + MULTIPART_OVERHEAD_BYTES;
  const log = options.log ?? defaultLog;
  const store = createSubmissionStore(options.dataDir);
  /** Keys (lower case, as UUIDs compare) of the requests being received or stored right now. */
  const receiving = new Set<string>();
  /** The language of the Questionnaire this server publishes; built on first use. */
  let questionnaireLanguage: string | undefined;

  function corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    return origin && allowedOrigins.has(origin)
      ? {
          'Access-Control-Allow-Origin': origin,
          // Not a CORS-safelisted response header: without this the widget cannot honour it.
          'Access-Control-Expose-Headers': 'Retry-After',
          Vary: 'Origin',
        }
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
      // Up to a whole request's worth, so that a client still sending reads this answer.
      discardRest(req, maxRequestBytes);
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
            ...(extra?.code ? { code: extra.code } : {}),
            ...(extra?.reference ? { reference: extra.reference } : {}),
            ...(extra?.limit ? { limit: extra.limit, maximum: extra.maximum } : {}),
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
    const contentType = req.headers['content-type'];
    const multipart = isMultipart(contentType);
    const format = multipart ? undefined : bodyFormatOf(contentType);
    if (!multipart && !format) {
      res.setHeader('Accept-Post', `application/json, ${FHIR_JSON}, multipart/form-data`);
      return reply.problem(
        415,
        `Send the payload as application/json, or as a QuestionnaireResponse in ${FHIR_JSON} (UTF-8); with files, as multipart/form-data.`,
      );
    }
    const idempotencyKey = idempotencyKeyOf(req.headers['idempotency-key']);
    if (!idempotencyKey) {
      return reply.problem(400, 'Send the Idempotency-Key header, set to the submissionId.');
    }
    const claim = idempotencyKey.toLowerCase();
    if (receiving.has(claim)) {
      res.setHeader('Retry-After', String(IN_FLIGHT_RETRY_AFTER_SECONDS));
      return reply.problem(409, 'A request with this Idempotency-Key is still being received.', {
        code: 'request-in-flight',
      });
    }
    receiving.add(claim);
    // Released as the answer goes out, before any clean-up: the client's next request must not
    // find its own answered one still in flight.
    const release = () => receiving.delete(claim);
    const claimedReply: Reply = {
      json: (...args) => (release(), reply.json(...args)),
      problem: (...args) => (release(), reply.problem(...args)),
      empty: (status) => (release(), reply.empty(status)),
    };
    try {
      await receiveClaimed(req, claimedReply, contentType, multipart, format, idempotencyKey);
    } finally {
      release();
    }
  }

  /** The rest of `receive`, for a key no other request is using. */
  async function receiveClaimed(
    req: IncomingMessage,
    reply: Reply,
    contentType: string | undefined,
    multipart: boolean,
    format: BodyFormat | undefined,
    idempotencyKey: string,
  ): Promise<void> {
    let received: Received | Refusal;
    if (multipart) {
      const boundary = multipartBoundary(contentType);
      received = boundary
        ? await readMultipart(req, boundary)
        : { status: 400, detail: 'A multipart/form-data body needs a boundary (1–70 characters).' };
    } else {
      const body = await readBody(req, maxBodyBytes);
      received =
        body === TOO_LARGE
          ? bodyTooLarge()
          : { format: format!, body, files: new Map<string, ReceivedFile>() };
    }
    if ('status' in received) {
      return reply.problem(received.status, received.detail, received.extra);
    }
    try {
      await accept(received, idempotencyKey, reply);
    } finally {
      // Nothing is left behind unless the submission was stored with its files.
      await received.upload?.discard();
    }
  }

  function tooLarge(detail: string, limit: LimitName, maximum: number): Refusal {
    return { status: 413, detail, extra: { limit, maximum } };
  }
  const bodyTooLarge = () =>
    tooLarge(`The payload is larger than ${maxBodyBytes} bytes.`, 'max-body-size', maxBodyBytes);
  const requestTooLarge = () =>
    tooLarge(
      `The request is larger than ${maxRequestBytes} bytes: the files may be ${maxTotalFileBytes} bytes in all.`,
      'max-total-size',
      maxTotalFileBytes,
    );

  /** Validates a body that was read in full, and stores it exactly once. */
  async function accept(received: Received, idempotencyKey: string, reply: Reply): Promise<void> {
    let input: unknown;
    try {
      input = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(received.body));
    } catch {
      return reply.problem(400, 'The body is not valid JSON.');
    }
    if (received.format === 'fhir') {
      try {
        // Other form fillers (LHC-Forms) leave out `identifier` and `language`: the key stands
        // in for the one, the language of the Questionnaire served for the other.
        questionnaireLanguage ??= buildQuestionnaire().language;
        input = fromQuestionnaireResponse(input, {
          submissionId: idempotencyKey,
          locale: questionnaireLanguage,
        });
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
    const files = checkFiles(checked.payload, received.files, acceptedKinds);
    if (Object.keys(files.errors).length > 0) {
      return reply.problem(422, 'Some files are missing or differ from their description.', {
        errors: files.errors,
      });
    }
    if (files.unsupported) {
      const kinds = acceptedKinds.map((kind) => ATTACHMENT_KIND_INFO[kind].label).join(', ');
      return reply.problem(
        415,
        `The content of ${files.unsupported} is not of an accepted kind (${kinds}).`,
      );
    }
    // No other request with this key runs meanwhile (`receiving`), so find-then-save is safe.
    const stored = await store.find(checked.submissionId);
    if (stored) {
      if (fingerprintOf(stored.payload) !== fingerprintOf(checked.payload)) {
        return reply.problem(
          422,
          'This Idempotency-Key was used before for a request with other answers; send these with a new key.',
          { code: 'idempotency-key-reused', reference: stored.reference },
        );
      }
      return reply.json(200, { reference: stored.reference }, stored.reference);
    }
    const record: StoredSubmission = {
      reference: newReference(),
      receivedAt: new Date().toISOString(),
      payload: checked.payload,
      ...(files.stored.length > 0 ? { files: files.stored } : {}),
    };
    await store.save(checked.submissionId, record, received.upload);
    reply.json(201, { reference: record.reference }, record.reference);
  }

  /**
   * Reads a multipart body as it arrives: the `submission` part into memory, each file part
   * into a file of a temporary upload, hashed and counted on the way. The first limit broken
   * ends the reading at once (413); what was written is discarded.
   */
  async function readMultipart(
    req: IncomingMessage,
    boundary: string,
  ): Promise<Received | Refusal> {
    if (Number(req.headers['content-length']) > maxRequestBytes) return requestTooLarge();
    const parser = new MultipartParser(boundary);
    const files = new Map<string, ReceivedFile>();
    let upload: Upload | undefined;
    type SubmissionPart = {
      kind: 'submission';
      format: BodyFormat;
      chunks: Buffer[];
      size: number;
    };
    let submission: SubmissionPart | undefined;
    // The part being read. Parts never overlap: each `part` event follows the previous `end`.
    let current:
      | SubmissionPart
      | {
          kind: 'file';
          name: string;
          type: DocumentType;
          file: UploadFile;
          hash: ReturnType<typeof createHash>;
          head: Buffer[];
          size: number;
        }
      | undefined;
    let received = 0;
    let filesBytes = 0;

    const handle = async (event: ReturnType<MultipartParser['write']>[number]) => {
      if (event.kind === 'part') {
        const { name, contentType } = event.headers;
        if (name === SUBMISSION_PART) {
          if (submission) return refuse(400, 'The submission part appears twice.');
          // A part without a type is text/plain by RFC 7578; JSON is what anyone means here.
          const format = bodyFormatOf(contentType ?? 'application/json');
          if (!format) {
            return refuse(
              415,
              `Send the submission part as application/json or ${FHIR_JSON} (UTF-8).`,
            );
          }
          current = submission = { kind: 'submission', format, chunks: [], size: 0 };
          return undefined;
        }
        const part = parseFilePartName(name);
        if (!part) {
          return refuse(400, 'Parts are named "submission" or "file:<document type>:<index>".');
        }
        if (files.has(name)) {
          return refuse(400, `The part ${name} appears twice.`);
        }
        if (files.size + 1 > maxFiles) {
          return tooLarge(`More than ${maxFiles} files were sent.`, 'max-files', maxFiles);
        }
        upload ??= await store.createUpload();
        current = {
          kind: 'file',
          name,
          type: part.type,
          file: await upload.add(part.type, part.index),
          hash: createHash('sha256'),
          head: [],
          size: 0,
        };
        return undefined;
      }
      if (event.kind === 'data') {
        if (current?.kind === 'submission') {
          current.size += event.bytes.length;
          if (current.size > maxBodyBytes) return bodyTooLarge();
          current.chunks.push(Buffer.from(event.bytes));
          return undefined;
        }
        if (current?.kind === 'file') {
          current.size += event.bytes.length;
          filesBytes += event.bytes.length;
          if (current.size > maxFileBytes) {
            return tooLarge(
              `The file in part ${current.name} is larger than ${maxFileBytes} bytes, the limit per file.`,
              'max-file-size',
              maxFileBytes,
            );
          }
          if (filesBytes > maxTotalFileBytes) {
            return tooLarge(
              `The files are larger than ${maxTotalFileBytes} bytes in all, the limit for one submission.`,
              'max-total-size',
              maxTotalFileBytes,
            );
          }
          current.hash.update(event.bytes);
          if (current.head.reduce((sum, bytes) => sum + bytes.length, 0) < SNIFF_LENGTH) {
            current.head.push(Buffer.from(event.bytes.subarray(0, SNIFF_LENGTH)));
          }
          await current.file.write(event.bytes);
        }
        return undefined;
      }
      // The end of a part.
      if (current?.kind === 'file') {
        await current.file.close();
        files.set(current.name, {
          type: current.type,
          size: current.size,
          sha256: current.hash.digest('hex'),
          kind: sniffKind(Buffer.concat(current.head)),
        });
      }
      current = undefined;
      return undefined;
    };

    const refuse = (status: 400 | 415, detail: string): Refusal => ({ status, detail });
    const fail = async (refusal: Refusal): Promise<Refusal> => {
      await upload?.discard();
      return refusal;
    };

    try {
      for await (const chunk of chunksOf(req)) {
        received += chunk.length;
        if (received > maxRequestBytes) return await fail(requestTooLarge());
        for (const event of parser.write(chunk)) {
          const refusal = await handle(event);
          if (refusal) return await fail(refusal);
        }
      }
      parser.end();
    } catch (error) {
      await upload?.discard();
      if (error instanceof MultipartError) {
        return {
          status: 400,
          detail: `The body is not well-formed multipart/form-data: ${error.message}.`,
        };
      }
      throw error;
    }
    // Every part that began has ended: the parser accepts no body that stops inside one.
    if (!submission) {
      return fail(
        refuse(400, 'A multipart body needs a part named "submission" with the payload.'),
      );
    }
    return {
      format: submission.format,
      body: Buffer.concat(submission.chunks),
      files,
      upload,
    };
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
