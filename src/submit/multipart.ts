import { DOCUMENT_TYPES, type DocumentType } from '../schema/constants.js';
import type { SecondOpinionPayload } from '../schema/payload.js';

/**
 * The request body of a submission. Without files it is the payload as JSON, as always. With
 * files it is `multipart/form-data` (RFC 7578):
 *
 * - a part named `submission`, first, with the payload as `application/json` (or, when a
 *   `submission` body is given, that one, e.g. the FHIR QuestionnaireResponse as
 *   `application/fhir+json`); its `documents[].files[]` list `{ name, size, type, sha256 }`;
 * - one part per file, named `file:<document type>:<index>`, where `<index>` is the file's
 *   position in that document's `files`; its filename is the listed `name` and its
 *   `Content-Type` the listed `type`.
 *
 * The receiving server pairs each listed file with its part by that name and checks the part's
 * size and SHA-256 against the list. No DOM beyond `FormData` and `Blob`.
 */

/** The name of the part that carries the payload. */
export const SUBMISSION_PART = 'submission';

/** The File objects of each document type, in the order of that document's `files`. */
export type FilesByType = Partial<Record<DocumentType, readonly Blob[]>>;

export interface RequestBody {
  /** Absent for `FormData`: the browser sets `multipart/form-data` with its boundary. */
  contentType?: string;
  data: BodyInit;
}

/** What to send as the submission instead of the payload as JSON. */
export interface SubmissionBody {
  contentType: string;
  data: unknown;
}

export function filePartName(type: DocumentType, index: number): string {
  return `file:${type}:${index}`;
}

/** `file:imaging:2` → `{ type: 'imaging', index: 2 }`; anything else → undefined. */
export function parseFilePartName(name: string): { type: DocumentType; index: number } | undefined {
  const match = /^file:([a-z-]+):(0|[1-9]\d{0,3})$/.exec(name);
  const type = match?.[1] as DocumentType | undefined;
  if (!match || !type || !DOCUMENT_TYPES.includes(type)) return undefined;
  return { type, index: Number(match[2]) };
}

/**
 * The body for a payload and its files. Throws when the files do not match the payload's
 * lists (a programming error: the lists are made from these very files).
 */
export function buildRequestBody(
  payload: SecondOpinionPayload,
  files: FilesByType = {},
  submission: SubmissionBody = { contentType: 'application/json', data: payload },
): RequestBody {
  const parts: { name: string; blob: Blob; filename: string; type: string }[] = [];
  const listedTypes = new Set<DocumentType>();
  for (const document of payload.documents) {
    const listed = document.files ?? [];
    const blobs = files[document.type] ?? [];
    listedTypes.add(document.type);
    if (blobs.length !== listed.length) {
      throw new Error(`${document.type}: ${listed.length} files listed, ${blobs.length} given`);
    }
    listed.forEach((meta, index) => {
      const blob = blobs[index];
      if (blob.size !== meta.size) {
        throw new Error(`${filePartName(document.type, index)}: size differs from the list`);
      }
      parts.push({
        name: filePartName(document.type, index),
        blob,
        filename: meta.name,
        type: meta.type,
      });
    });
  }
  for (const [type, blobs] of Object.entries(files) as [DocumentType, readonly Blob[]][]) {
    if (!listedTypes.has(type) && blobs.length > 0) {
      throw new Error(`${type}: files given for a document the payload does not list`);
    }
  }
  const json = JSON.stringify(submission.data);
  if (parts.length === 0) return { contentType: submission.contentType, data: json };
  const form = new FormData();
  form.append(
    SUBMISSION_PART,
    new Blob([json], { type: submission.contentType }),
    'submission.json',
  );
  for (const part of parts) {
    // A new Blob over the same bytes (nothing is copied), typed as the list says.
    form.append(part.name, new Blob([part.blob], { type: part.type }), part.filename);
  }
  return { data: form };
}
