/**
 * `POST {basePath}`: a patient's request, as JSON, FHIR JSON or multipart with files, stored
 * exactly once under its Idempotency-Key. The protocol is described in docs/server.md.
 *
 * Order of work, so that nothing is claimed or written for a request that will be refused: the
 * payload is read and validated first (with multipart, the `submission` part must come first,
 * as the widget sends it), its listed files are checked against the limits, then the key is
 * claimed, and only then do file bytes go to the store, hashed on the way. Whatever fails after
 * the claim abandons it, so no half request stays behind.
 */
import { createHash } from 'node:crypto';
import { FHIR_JSON } from '../fhir/canonical.js';
import {
  ATTACHMENT_KIND_INFO,
  SNIFF_LENGTH,
  sniffKind,
  type AttachmentKind,
} from '../submit/attachments.js';
import { parseFilePartName, SUBMISSION_PART } from '../submit/multipart.js';
import { jsonAnswer, problemAnswer } from './answers.js';
import { concatBytes, readLimited, TooLargeError, UnsupportedTypeError } from './body.js';
import { MultipartError, multipartParts, partChunks, type Part } from './multipart.js';
import {
  bodyFormatOf,
  checkFiles,
  checkListedLimits,
  fingerprintOf,
  listedFiles,
  parsePayload,
  unlistedPartError,
  type BodyFormat,
  type IntakeLimits,
  type ReceivedFile,
} from './payload-checks.js';
import { newReference } from './reference.js';
import type { FieldErrors, SecondOpinionPayload } from '../schema/index.js';
import type { IntakeStore, PendingRequest } from './store/types.js';

export interface IntakeSettings {
  store: IntakeStore;
  limits: IntakeLimits;
  acceptedKinds: readonly AttachmentKind[];
  /** How long a claim holds its key before another request may take it over. */
  leaseMs: number;
  /** Sent with 409 `request-in-flight`. */
  retryAfterSeconds: number;
}

export interface IntakeOutcome {
  response: Response;
  /** For the log line. */
  reference?: string;
}

/** Room for the part headers and delimiters of a multipart body. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

const fieldErrorsAnswer = (detail: string, errors: FieldErrors) =>
  problemAnswer(422, detail, {
    errors: Object.entries(errors).map(([path, code]) => ({ path, code })),
  });

function idempotencyKeyOf(request: Request): string | undefined {
  const value = request.headers.get('idempotency-key')?.trim();
  // The IETF draft writes the key as a structured-field string: `"…"`.
  const unquoted = value?.match(/^"(.*)"$/)?.[1] ?? value;
  return unquoted || undefined;
}

const isMultipart = (contentType: string | null) =>
  contentType?.split(';', 1)[0]?.trim().toLowerCase() === 'multipart/form-data';

export async function receiveIntake(
  request: Request,
  settings: IntakeSettings,
): Promise<IntakeOutcome> {
  const { limits } = settings;
  const contentType = request.headers.get('content-type');
  const multipart = isMultipart(contentType);
  const format = multipart ? undefined : bodyFormatOf(contentType);
  if (!multipart && !format) {
    return {
      response: problemAnswer(
        415,
        `Send the payload as application/json, or as a QuestionnaireResponse in ${FHIR_JSON} (UTF-8); with files, as multipart/form-data.`,
        {},
        { 'Accept-Post': `application/json, ${FHIR_JSON}, multipart/form-data` },
      ),
    };
  }
  const key = idempotencyKeyOf(request);
  if (!key) {
    return {
      response: problemAnswer(400, 'Send the Idempotency-Key header, set to the submissionId.'),
    };
  }
  const bodyTooLarge = () =>
    new TooLargeError(
      'max-body-size',
      limits.maxBodyBytes,
      `The payload is larger than ${limits.maxBodyBytes} bytes.`,
    );
  const declaredLength = Number(request.headers.get('content-length') ?? NaN);

  if (!multipart) {
    if (declaredLength > limits.maxBodyBytes) throw bodyTooLarge();
    const bytes = await readLimited(request.body, limits.maxBodyBytes, bodyTooLarge);
    return accept(bytes, format!, key, undefined, settings);
  }

  const maxRequestBytes = limits.maxBodyBytes + limits.maxTotalFileBytes + MULTIPART_OVERHEAD_BYTES;
  const requestTooLarge = () =>
    new TooLargeError(
      'max-total-size',
      limits.maxTotalFileBytes,
      `The request is larger than ${maxRequestBytes} bytes: the files may be ${limits.maxTotalFileBytes} bytes in all.`,
    );
  if (declaredLength > maxRequestBytes) throw requestTooLarge();
  const parts = multipartParts(request.body, contentType!, {
    maxFieldBytes: limits.maxBodyBytes,
    maxFileParts: limits.maxFiles + 1,
    maxBodyBytes: maxRequestBytes,
    tooLarge: requestTooLarge,
  });
  try {
    const first = await parts.next();
    if (first.done || first.value.name !== SUBMISSION_PART) {
      throw new MultipartError('the first part must be "submission", with the payload');
    }
    const submission = await readSubmissionPart(first.value, limits.maxBodyBytes, bodyTooLarge);
    return await accept(submission.bytes, submission.format, key, parts, settings);
  } finally {
    await parts.return(undefined);
  }
}

async function readSubmissionPart(
  part: Part,
  limit: number,
  tooLarge: () => TooLargeError,
): Promise<{ bytes: Uint8Array; format: BodyFormat }> {
  // A part without a type is text/plain by RFC 7578; JSON is what anyone means here.
  const declared = part.mimeType === 'text/plain' ? 'application/json' : part.mimeType;
  const format = bodyFormatOf(declared);
  if (!format) {
    throw new UnsupportedTypeError(
      `Send the submission part as application/json or ${FHIR_JSON} (UTF-8).`,
    );
  }
  if (part.kind === 'field') {
    if (part.truncated) throw tooLarge();
    return { bytes: new TextEncoder().encode(part.value), format };
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of partChunks(part.stream)) {
    total += chunk.length;
    if (total > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return { bytes: concatBytes(chunks, total), format };
}

/** The payload was read: validate, claim the key, receive the files, store. */
async function accept(
  bytes: Uint8Array,
  format: BodyFormat,
  key: string,
  fileParts: AsyncGenerator<Part, void, undefined> | undefined,
  settings: IntakeSettings,
): Promise<IntakeOutcome> {
  const parsed = parsePayload(bytes, format, key);
  if (!parsed.ok) {
    return {
      response:
        parsed.status === 400
          ? problemAnswer(400, parsed.detail)
          : fieldErrorsAnswer('Some fields are missing or invalid.', parsed.errors),
    };
  }
  const { payload } = parsed;
  checkListedLimits(payload, settings.limits);
  if (!fileParts) {
    // A JSON body carries no files: any listed one is missing.
    const { errors } = checkFiles(payload, new Map(), settings.acceptedKinds);
    if (Object.keys(errors).length > 0) {
      return { response: fieldErrorsAnswer('Some files are missing.', errors) };
    }
  }

  const fingerprint = fingerprintOf(payload);
  // UUIDs compare case-insensitively: one spelling per key.
  const begun = await settings.store.begin(
    payload.submissionId.toLowerCase(),
    fingerprint,
    settings.leaseMs,
  );
  if (begun.state === 'in-flight') {
    return {
      response: problemAnswer(
        409,
        'A request with this Idempotency-Key is still being received; retry after a moment.',
        { code: 'request-in-flight' },
        { 'Retry-After': String(settings.retryAfterSeconds) },
      ),
    };
  }
  if (begun.state === 'stored') {
    const { reference } = begun;
    if (begun.fingerprint === fingerprint) {
      return { response: jsonAnswer(200, { reference }), reference };
    }
    return {
      reference,
      response: problemAnswer(
        422,
        'This Idempotency-Key was used for a request with other answers, which was stored under the reference given. The changes were not sent; send them as a new request (a new submissionId).',
        { code: 'idempotency-key-reused', reference },
      ),
    };
  }

  const { pending } = begun;
  let committed = false;
  try {
    const arrived = fileParts
      ? await receiveFiles(fileParts, payload, pending, settings.limits)
      : { received: new Map<string, ReceivedFile>(), errors: {} };
    const files = checkFiles(payload, arrived.received, settings.acceptedKinds);
    const errors = { ...files.errors, ...arrived.errors };
    if (Object.keys(errors).length > 0) {
      return {
        response: fieldErrorsAnswer(
          'Some files are missing or differ from their description.',
          errors,
        ),
      };
    }
    if (files.unsupported) {
      const kinds = settings.acceptedKinds.map((kind) => ATTACHMENT_KIND_INFO[kind].label);
      return {
        response: problemAnswer(
          415,
          `The content of ${files.unsupported} is not of an accepted kind (${kinds.join(', ')}).`,
        ),
      };
    }
    const stored = await pending.commit({
      reference: newReference(),
      submissionId: payload.submissionId,
      receivedAt: new Date().toISOString(),
      payload,
      files: files.stored,
    });
    committed = true;
    return {
      response: jsonAnswer(201, { reference: stored.reference }),
      reference: stored.reference,
    };
  } finally {
    // Nothing half-received stays: the upload goes, the key is free for the retry.
    if (!committed) await pending.abandon().catch(() => undefined);
  }
}

/**
 * The file parts after the submission, each streamed into the store through SHA-256. A part the
 * payload does not list is read and dropped (a field error); a part longer than listed stops
 * being written at its listed size (a size error); the errors are reported together.
 */
async function receiveFiles(
  parts: AsyncGenerator<Part, void, undefined>,
  payload: SecondOpinionPayload,
  pending: PendingRequest,
  limits: IntakeLimits,
): Promise<{ received: Map<string, ReceivedFile>; errors: FieldErrors }> {
  const listed = listedFiles(payload);
  const received = new Map<string, ReceivedFile>();
  const seen = new Set<string>();
  const errors: FieldErrors = {};
  for await (const part of parts) {
    if (part.name === SUBMISSION_PART) {
      throw new MultipartError('the submission part appears twice');
    }
    const target = parseFilePartName(part.name);
    if (!target) {
      throw new MultipartError('parts are named "submission" or "file:<document type>:<index>"');
    }
    if (seen.has(part.name)) throw new MultipartError(`the part ${part.name} appears twice`);
    seen.add(part.name);
    if (part.kind !== 'file') throw new MultipartError(`the part ${part.name} needs a filename`);
    if (seen.size > limits.maxFiles) {
      throw new TooLargeError(
        'max-files',
        limits.maxFiles,
        `More than ${limits.maxFiles} files were sent.`,
      );
    }
    const listing = listed.get(part.name);
    if (!listing) {
      Object.assign(errors, unlistedPartError(payload, target.type));
      const dropped = partChunks(part.stream);
      while (!(await dropped.next()).done); // Read and dropped.
      continue;
    }
    const sink = await pending.addFile(target.type, target.index);
    const hash = createHash('sha256');
    const head: Uint8Array[] = [];
    let headBytes = 0;
    let size = 0;
    for await (const chunk of partChunks(part.stream)) {
      size += chunk.length;
      // Past its listed size the part cannot match; the rest is counted, not kept.
      if (size > listing.size) continue;
      hash.update(chunk);
      if (headBytes < SNIFF_LENGTH) {
        head.push(chunk.subarray(0, SNIFF_LENGTH - headBytes));
        headBytes += head.at(-1)!.length;
      }
      await sink.write(chunk);
    }
    await sink.close();
    received.set(part.name, {
      type: target.type,
      size,
      sha256: hash.digest('hex'),
      kind: sniffKind(concatBytes(head, headBytes)),
    });
  }
  return { received, errors };
}
