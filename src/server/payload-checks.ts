/**
 * What the receiving server checks in a payload before and after its files arrive, and the
 * fingerprint idempotency compares. No I/O here.
 */
import { createHash } from 'node:crypto';
import { FHIR_JSON } from '../fhir/canonical.js';
import { FhirMappingError, fromQuestionnaireResponse } from '../fhir/from-response.js';
import { sourceLocale } from '../generated/locale-codes.ts';
import type { DocumentType } from '../schema/constants.js';
import {
  payloadSchema,
  toFieldErrors,
  type FieldErrors,
  type SecondOpinionPayload,
} from '../schema/index.js';
import { ATTACHMENT_KIND_INFO, type AttachmentKind } from '../submit/attachments.js';
import { filePartName } from '../submit/multipart.js';
import { TooLargeError } from './body.js';
import type { StoredFileInfo } from './store/types.js';

/** The native payload as JSON, or the same as a FHIR QuestionnaireResponse. */
export type BodyFormat = 'json' | 'fhir';

export interface IntakeLimits {
  /** The payload (JSON, or the `submission` part); default 1 MiB. */
  maxBodyBytes: number;
  /** Per file; default 25 MiB. */
  maxFileBytes: number;
  /** All files of one request; default 100 MiB. */
  maxTotalFileBytes: number;
  /** Files of one request; default 20. */
  maxFiles: number;
}

/** A file part as it arrived. */
export interface ReceivedFile {
  type: DocumentType;
  size: number;
  sha256: string;
  kind: AttachmentKind | undefined;
}

/** `application/json` or FHIR JSON, UTF-8 if a charset is named; undefined for anything else. */
export function bodyFormatOf(contentType: string | null | undefined): BodyFormat | undefined {
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

export type Parsed =
  | { ok: true; payload: SecondOpinionPayload }
  | { ok: false; status: 400; detail: string }
  | { ok: false; status: 422; errors: FieldErrors };

/** JSON (or FHIR JSON) bytes → the validated payload, whose `submissionId` must be the key. */
export function parsePayload(
  bytes: Uint8Array,
  format: BodyFormat,
  idempotencyKey: string,
): Parsed {
  let input: unknown;
  try {
    input = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, status: 400, detail: 'The body is not valid JSON.' };
  }
  if (format === 'fhir') {
    try {
      // Other form fillers (LHC-Forms) leave out `identifier` and `language`: the key stands in
      // for the one, the language of the Questionnaire this server publishes (the source
      // locale's: dist/fhir/questionnaire.json) for the other.
      input = fromQuestionnaireResponse(input, {
        submissionId: idempotencyKey,
        locale: sourceLocale,
      });
    } catch (error) {
      if (!(error instanceof FhirMappingError)) throw error;
      return {
        ok: false,
        status: 400,
        detail: `The body is not a completed QuestionnaireResponse to the intake's Questionnaire: ${error.message}.`,
      };
    }
  }
  const result = payloadSchema.safeParse(input);
  const errors: FieldErrors = result.success ? {} : toFieldErrors(result.error.issues);
  const submissionId =
    typeof input === 'object' && input !== null && 'submissionId' in input
      ? input.submissionId
      : undefined;
  if (typeof submissionId === 'string' && submissionId !== idempotencyKey) {
    errors.submissionId ??= 'invalid';
  }
  // The parsed data, not the input: fields the schema does not know are not stored.
  if (result.success && Object.keys(errors).length === 0) return { ok: true, payload: result.data };
  return { ok: false, status: 422, errors };
}

/** The files a payload lists, by part name, with where each is in the payload. */
export function listedFiles(payload: SecondOpinionPayload) {
  const listed = new Map<
    string,
    { path: string; type: DocumentType; index: number; size: number }
  >();
  payload.documents.forEach((document, i) => {
    (document.files ?? []).forEach((meta, j) => {
      listed.set(filePartName(document.type, j), {
        path: `documents.${i}.files.${j}`,
        type: document.type,
        index: j,
        size: meta.size,
      });
    });
  });
  return listed;
}

/** The limits checked against what the payload lists, before a byte of any file is read. */
export function checkListedLimits(payload: SecondOpinionPayload, limits: IntakeLimits): void {
  const files = [...listedFiles(payload).entries()];
  if (files.length > limits.maxFiles) {
    throw new TooLargeError(
      'max-files',
      limits.maxFiles,
      `More than ${limits.maxFiles} files were sent.`,
    );
  }
  const tooLarge = files.find(([, file]) => file.size > limits.maxFileBytes);
  if (tooLarge) {
    throw new TooLargeError(
      'max-file-size',
      limits.maxFileBytes,
      `The file in part ${tooLarge[0]} is larger than ${limits.maxFileBytes} bytes, the limit per file.`,
    );
  }
  if (files.reduce((sum, [, file]) => sum + file.size, 0) > limits.maxTotalFileBytes) {
    throw new TooLargeError(
      'max-total-size',
      limits.maxTotalFileBytes,
      `The files are larger than ${limits.maxTotalFileBytes} bytes in all, the limit for one request.`,
    );
  }
}

/** The field error for a file part the payload does not list. */
export function unlistedPartError(payload: SecondOpinionPayload, type: DocumentType): FieldErrors {
  const row = payload.documents.findIndex((document) => document.type === type);
  return { [row >= 0 ? `documents.${row}.files` : 'documents']: 'invalid' };
}

/**
 * The listed files against the parts that arrived: every listed file present with its size,
 * SHA-256 and media type. `unsupported` names a part whose content is of no accepted kind (415).
 */
export function checkFiles(
  payload: SecondOpinionPayload,
  files: ReadonlyMap<string, ReceivedFile>,
  acceptedKinds: readonly AttachmentKind[],
): { errors: FieldErrors; unsupported?: string; stored: StoredFileInfo[] } {
  const errors: FieldErrors = {};
  const stored: StoredFileInfo[] = [];
  let unsupported: string | undefined;
  payload.documents.forEach((document, i) => {
    (document.files ?? []).forEach((meta, j) => {
      const name = filePartName(document.type, j);
      const path = `documents.${i}.files.${j}`;
      const received = files.get(name);
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
  return { errors, stored, ...(unsupported ? { unsupported } : {}) };
}

/** JSON with object keys sorted at every level: one text for one value. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What the idempotency key is bound to: SHA-256 of the validated answers' canonical JSON, so
 * JSON, FHIR JSON and multipart retries (a new boundary each time) of the same answers match.
 * The files are covered through the SHA-256 each lists. `submittedAt` is left out: it is the
 * time of each attempt (the widget sets it again when it sends after a reload), not an answer.
 */
export function fingerprintOf(payload: SecondOpinionPayload): string {
  const answers: Partial<SecondOpinionPayload> = { ...payload };
  delete answers.submittedAt;
  return createHash('sha256').update(canonicalJson(answers)).digest('hex');
}
