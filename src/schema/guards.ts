import {
  CONTACT_CHANNELS,
  COVERAGE_ANSWERS,
  DOCUMENT_STATUSES,
  DOCUMENT_TYPES,
  PROXY_RELATIONSHIPS,
  REASON_IDS,
  REQUESTER_ROLES,
} from './constants.js';

/**
 * Type guards for the closed lists of `constants.ts`, for values read from outside (storage,
 * attributes, events). Internal: not re-exported by `schema/index.ts`. No DOM.
 */

/** A guard for "one of these ids": true only for a string listed in `values`. */
export const isOneOf =
  <T extends string>(values: readonly T[]) =>
  (value: unknown): value is T =>
    typeof value === 'string' && (values as readonly string[]).includes(value);

export const isReasonId = isOneOf(REASON_IDS);
export const isDocumentType = isOneOf(DOCUMENT_TYPES);
export const isDocumentStatus = isOneOf(DOCUMENT_STATUSES);
export const isCoverageAnswer = isOneOf(COVERAGE_ANSWERS);
export const isRequesterRole = isOneOf(REQUESTER_ROLES);
export const isProxyRelationship = isOneOf(PROXY_RELATIONSHIPS);
export const isContactChannel = isOneOf(CONTACT_CHANNELS);
