/**
 * Stable ids shared by the widget, the payload and any server that receives it.
 * They are part of the public contract: never rename one, only add.
 */

/** Version of the payload's shape (`schemaVersion`): raised only by a breaking change. */
export const SCHEMA_VERSION = 1;

/** Why the patient wants a second opinion: the four reasons the FAQ lists, plus `other`. */
export const REASON_IDS = [
  'unsure-of-diagnosis-or-treatment',
  'verify-diagnosis',
  'ensure-adequate-care',
  'treatment-not-helping',
  'other',
] as const;
export type ReasonId = (typeof REASON_IDS)[number];

/** The kinds of medical record the FAQ asks patients to bring. */
export const DOCUMENT_TYPES = [
  'medical-record-extract',
  'imaging',
  'blood-tests',
  'medications',
  'other',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_STATUSES = ['attached', 'will-send-later', 'not-available'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export const COVERAGE_ANSWERS = ['yes', 'no', 'not-yet'] as const;
export type CoverageAnswer = (typeof COVERAGE_ANSWERS)[number];

export const REQUESTER_ROLES = ['patient', 'proxy'] as const;
export type RequesterRole = (typeof REQUESTER_ROLES)[number];

export const PROXY_RELATIONSHIPS = [
  'parent-or-guardian',
  'relative',
  'caregiver',
  'other',
] as const;
export type ProxyRelationship = (typeof PROXY_RELATIONSHIPS)[number];

export const CONTACT_CHANNELS = ['email', 'phone'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** Upper bounds for free text, so a server can size its columns. */
export const MAX_LENGTH = {
  name: 200,
  shortText: 200,
  longText: 4000,
  policyNumber: 100,
  email: 254,
  phone: 32,
} as const;
