import { partsFromIso, type DateParts } from '../schema/date-parts.js';
import type { DocumentEntry } from '../schema/documents.js';
import {
  isContactChannel,
  isCoverageAnswer,
  isDocumentStatus,
  isDocumentType,
  isProxyRelationship,
  isReasonId,
  isRequesterRole,
} from '../schema/guards.js';
import { isRecord, withoutUndefined } from '../schema/normalize.js';
import { emptyDraft, type IntakeDraft } from './payload.js';

/**
 * The optional draft kept across reloads (`<second-opinion-intake save-draft>`): the answers,
 * never files, in `sessionStorage` (this tab only, gone when it closes), under one key per
 * endpoint and page path, with the time it was saved. Only the intake element calls this, and
 * only when the embedder opted in. No DOM beyond the `Storage` it is given.
 *
 * Consent is not kept: after a reload the patient ticks it again. The submission id and its time
 * are kept, so a request that reached the server before the reload is not stored twice when sent
 * again (and, unchanged, is recognized as the same request).
 */

const KEY_PREFIX = 'second-opinion-intake:draft:';
const FORMAT = 1;

export interface SavedDraft<Step extends string = string> {
  draft: IntakeDraft;
  /** The step the patient was on. */
  step?: Step | undefined;
  /** The Idempotency-Key of a send that may have reached the server. */
  submissionId?: string | undefined;
  /** When that send was first made: sent again unchanged, so the same answers match. */
  submittedAt?: string | undefined;
  /** Whether files were attached: they are not kept and must be added again. */
  hadFiles: boolean;
  /** Epoch milliseconds. */
  savedAt: number;
}

export interface DraftStore<Step extends string = string> {
  /** The saved draft, unless missing, unreadable or older than `ttlMs` (then it is removed). */
  load(ttlMs: number): SavedDraft<Step> | undefined;
  /** `hadFiles` adds to what the draft's documents show (files removed since a restore). */
  save(draft: Omit<SavedDraft<Step>, 'savedAt' | 'hadFiles'> & { hadFiles?: boolean }): void;
  clear(): void;
}

/** One key per endpoint (as resolved) and page path: two widgets on two pages never mix. */
export function draftKey(endpoint: string, pagePath: string): string {
  return `${KEY_PREFIX}${endpoint}|${pagePath}`;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;
const record = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** As `Date.prototype.toISOString()` writes it: the only form the widget saves. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A document row without its files (names, sizes and hashes stay on the device only in memory). */
function withoutFiles(entry: DocumentEntry): DocumentEntry {
  const { type, status, language, translationNeeded } = entry;
  return withoutUndefined({ type, status, language, translationNeeded });
}

/**
 * What is stored: the answers as the patient left them, files and consent removed. Pure, so it
 * can be checked without storage.
 */
export function storableDraft(draft: IntakeDraft): IntakeDraft {
  return { ...draft, documents: draft.documents.map(withoutFiles), consent: false };
}

/** A stored date of birth: its three fields, or an ISO date saved by an earlier version. */
function readDateParts(value: unknown): DateParts {
  if (typeof value === 'string') return partsFromIso(value);
  const parts = record(value);
  return {
    day: text(parts.day) ?? '',
    month: text(parts.month) ?? '',
    year: text(parts.year) ?? '',
  };
}

/**
 * A stored value back into answers. Storage belongs to the page (and to other scripts on it):
 * anything unexpected is dropped field by field, never trusted.
 */
export function readDraft(value: unknown): IntakeDraft {
  const empty = emptyDraft();
  const input = record(value);
  const eligibility = record(input.eligibility);
  const insurance = record(input.insurance);
  const requester = record(input.requester);
  const patient = record(input.patient);
  const documents = Array.isArray(input.documents) ? input.documents.map(record) : [];
  return {
    eligibility: withoutUndefined({
      selected: Array.isArray(eligibility.selected) ? eligibility.selected.filter(isReasonId) : [],
      other: text(eligibility.other),
      motive: text(eligibility.motive) ?? '',
      diagnosis: text(eligibility.diagnosis),
    }),
    documents: documents.flatMap((entry) =>
      isDocumentType(entry.type)
        ? [
            withoutUndefined({
              type: entry.type,
              status: isDocumentStatus(entry.status) ? entry.status : undefined,
              language: text(entry.language),
              translationNeeded: entry.translationNeeded === true,
            }),
          ]
        : [],
    ),
    insurance: withoutUndefined({
      hasPrivateInsurance:
        typeof insurance.hasPrivateInsurance === 'boolean'
          ? insurance.hasPrivateInsurance
          : undefined,
      insurer: text(insurance.insurer),
      policyNumber: text(insurance.policyNumber),
      coverageConfirmed: isCoverageAnswer(insurance.coverageConfirmed)
        ? insurance.coverageConfirmed
        : undefined,
    }),
    requester: withoutUndefined({
      role: isRequesterRole(requester.role) ? requester.role : undefined,
      relationship: isProxyRelationship(requester.relationship)
        ? requester.relationship
        : undefined,
      name: text(requester.name),
    }),
    patient: withoutUndefined({
      name: text(patient.name) ?? empty.patient.name,
      dateOfBirth: readDateParts(patient.dateOfBirth),
      email: text(patient.email) ?? empty.patient.email,
      phone: text(patient.phone) ?? empty.patient.phone,
      preferredContact: isContactChannel(patient.preferredContact)
        ? patient.preferredContact
        : undefined,
    }),
    consent: false,
  };
}

/**
 * A draft store on `storage` (the page's `sessionStorage`) under `key`. Storage that throws
 * (blocked in a sandboxed frame, full, disabled) is treated as absent: the form keeps working.
 */
export function createDraftStore<Step extends string>(
  storage: () => Storage | undefined,
  key: string,
  isStep: (value: unknown) => value is Step,
  now: () => number = Date.now,
): DraftStore<Step> {
  const remove = () => {
    try {
      storage()?.removeItem(key);
    } catch {
      // Nothing stored that could be removed.
    }
  };
  return {
    load(ttlMs) {
      let raw: string | null | undefined;
      try {
        raw = storage()?.getItem(key);
      } catch {
        return undefined;
      }
      if (!raw) return undefined;
      let parsed: Record<string, unknown>;
      try {
        parsed = record(JSON.parse(raw));
      } catch {
        remove();
        return undefined;
      }
      const savedAt = parsed.savedAt;
      if (
        parsed.format !== FORMAT ||
        typeof savedAt !== 'number' ||
        !(now() - savedAt <= ttlMs) ||
        savedAt > now() + 60_000
      ) {
        remove();
        return undefined;
      }
      const submissionId = text(parsed.submissionId);
      const submittedAt = text(parsed.submittedAt);
      return {
        draft: readDraft(parsed.draft),
        step: isStep(parsed.step) ? parsed.step : undefined,
        submissionId: submissionId && UUID.test(submissionId) ? submissionId : undefined,
        submittedAt: submittedAt && ISO_DATE_TIME.test(submittedAt) ? submittedAt : undefined,
        hadFiles: parsed.hadFiles === true,
        savedAt,
      };
    },
    save({ draft, step, submissionId, submittedAt, hadFiles: hadFilesBefore = false }) {
      const hadFiles =
        hadFilesBefore ||
        draft.documents.some((entry) => ((entry as { files?: unknown[] }).files ?? []).length > 0);
      const value = {
        format: FORMAT,
        savedAt: now(),
        step,
        submissionId,
        submittedAt,
        hadFiles,
        draft: storableDraft(draft),
      };
      try {
        storage()?.setItem(key, JSON.stringify(value));
      } catch {
        // Full or blocked: the draft is a convenience, the form goes on without it.
      }
    },
    clear: remove,
  };
}

/** The page's sessionStorage, or undefined where merely touching it throws. */
export function pageSessionStorage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}
