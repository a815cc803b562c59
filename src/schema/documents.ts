import * as z from 'zod/mini';
import {
  DOCUMENT_STATUSES,
  DOCUMENT_TYPES,
  type DocumentStatus,
  type DocumentType,
} from './constants.js';
import { alwaysRun, choice, issueAt } from './fields.js';

/** ISO 639 language code, or `other` for a language the list does not name. */
const documentLanguage = z
  .string({ error: 'required' })
  .check(z.regex(/^([a-z]{2,3}|other)$/, { error: 'invalid-choice' }));

/** Longest file name a payload carries (most file systems stop at 255 as well). */
export const MAX_FILE_NAME_LENGTH = 255;

/**
 * One file attached to a document: its metadata only. The bytes travel as their own part of a
 * `multipart/form-data` request, and the receiving server checks them against `size` and
 * `sha256`.
 */
export const attachedFileSchema = z.object({
  name: z
    .string({ error: 'invalid' })
    .check(
      z.minLength(1, { error: 'required' }),
      z.maxLength(MAX_FILE_NAME_LENGTH, { error: 'too-long' }),
    ),
  /** Bytes. */
  size: z.int({ error: 'invalid' }).check(z.gte(0, { error: 'invalid' })),
  /** The media type of the content (`application/pdf`, `application/dicom`, …). */
  type: z
    .string({ error: 'invalid' })
    .check(
      z.maxLength(100, { error: 'invalid' }),
      z.regex(/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i, { error: 'invalid' }),
    ),
  /** SHA-256 of the bytes, lower-case hex. */
  sha256: z.string({ error: 'invalid' }).check(z.regex(/^[0-9a-f]{64}$/, { error: 'invalid' })),
});

export type AttachedFile = z.infer<typeof attachedFileSchema>;

/** A document the patient has (or will send) must say its language: it decides on translation. */
const languageWhenDocumentExists = z.superRefine(
  (entry: { status?: string; language?: string }, context) => {
    if (entry.status && entry.status !== 'not-available' && !entry.language) {
      issueAt(context, 'language', undefined);
    }
  },
  alwaysRun,
);

/** Files come only with a document the patient has at hand. */
const filesOnlyWhenAttached = z.superRefine(
  (entry: { status?: string; files?: unknown[] }, context) => {
    if (entry.files?.length && entry.status !== 'attached') {
      issueAt(context, 'files', undefined, 'invalid');
    }
  },
  alwaysRun,
);

export const documentEntrySchema = z
  .object({
    type: choice(DOCUMENT_TYPES),
    status: choice(DOCUMENT_STATUSES),
    language: z.optional(documentLanguage),
    translationNeeded: z.boolean({ error: 'invalid' }),
    files: z.optional(z.array(attachedFileSchema, { error: 'invalid' })),
  })
  .check(languageWhenDocumentExists, filesOnlyWhenAttached);

export const documentsSchema = z.array(documentEntrySchema);

/**
 * One row of `<second-opinion-documents>`: the payload's `documents[]` entry as is. `files`
 * lists the row's attached files (only while its status is `attached`, and only when there are
 * any).
 */
export interface DocumentEntry {
  type: DocumentType;
  status?: DocumentStatus;
  language?: string;
  translationNeeded: boolean;
  files?: AttachedFile[];
}
