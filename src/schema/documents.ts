import * as z from 'zod/mini';
import {
  DOCUMENT_STATUSES,
  DOCUMENT_TYPES,
  type DocumentStatus,
  type DocumentType,
} from './constants.js';
import { alwaysRun, choice } from './fields.js';

/** ISO 639 language code, or `other` for a language the list does not name. */
const documentLanguage = z
  .string({ error: 'required' })
  .check(z.regex(/^([a-z]{2,3}|other)$/, { error: 'invalid-choice' }));

/** A document the patient has (or will send) must say its language: it decides on translation. */
const languageWhenDocumentExists = z.superRefine(
  (entry: { status?: string; language?: string }, context) => {
    if (entry.status && entry.status !== 'not-available' && !entry.language) {
      context.addIssue({
        code: 'custom',
        message: 'required',
        path: ['language'],
        input: undefined,
      });
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
  })
  .check(languageWhenDocumentExists);

export const documentsSchema = z.array(documentEntrySchema);

/**
 * One row of `<second-opinion-documents>`. `files` arrives with attachments; the rest is the
 * payload's `documents[]` entry as is.
 */
export interface DocumentEntry {
  type: DocumentType;
  status?: DocumentStatus;
  language?: string;
  translationNeeded: boolean;
}
