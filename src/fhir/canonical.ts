import { SCHEMA_VERSION, type DocumentType } from '../schema/constants.js';

/**
 * Canonical URLs of the intake's FHIR artefacts. Like the ids in `schema/constants.ts` they are
 * part of the public contract: a receiving server matches on them, so never change one.
 * `.example` is a reserved domain: the URLs identify, they are not meant to resolve.
 */
export const FHIR_BASE = 'https://second-opinion-intake.example/fhir';

export const QUESTIONNAIRE_URL = `${FHIR_BASE}/Questionnaire/second-opinion-intake`;
/** The Questionnaire's version is the payload's `schemaVersion`: both change together. */
export const QUESTIONNAIRE_VERSION = String(SCHEMA_VERSION);
/** What `QuestionnaireResponse.questionnaire` holds: the URL pinned to this version. */
export const QUESTIONNAIRE_CANONICAL = `${QUESTIONNAIRE_URL}|${QUESTIONNAIRE_VERSION}`;

/** One code system per closed list of answers; the codes are the ids of `schema/constants.ts`. */
export const CODE_SYSTEMS = {
  requesterRole: `${FHIR_BASE}/CodeSystem/requester-role`,
  proxyRelationship: `${FHIR_BASE}/CodeSystem/proxy-relationship`,
  contactChannel: `${FHIR_BASE}/CodeSystem/contact-channel`,
  reason: `${FHIR_BASE}/CodeSystem/reason`,
  documentStatus: `${FHIR_BASE}/CodeSystem/document-status`,
  /** Holds only `other`: a language the list does not name. Named languages are BCP 47. */
  documentLanguage: `${FHIR_BASE}/CodeSystem/document-language`,
  coverage: `${FHIR_BASE}/CodeSystem/coverage-answer`,
} as const;

/** Languages as FHIR codes them (RFC 5646 tags); the payload's ISO 639 codes are valid tags. */
export const BCP47 = 'urn:ietf:bcp:47';

export const EXTENSIONS = {
  /** On the QuestionnaireResponse: the payload's `serviceCountry` (ISO 3166-1 alpha-2). */
  serviceCountry: `${FHIR_BASE}/StructureDefinition/service-country`,
  /**
   * On an Attachment: the file's SHA-256 as lower-case hex. R4's own `Attachment.hash` is
   * defined as SHA-1, so it cannot carry it.
   */
  sha256: `${FHIR_BASE}/StructureDefinition/attachment-sha256`,
} as const;

/** `QuestionnaireResponse.identifier.system` for the submission id: a URI, `urn:uuid:<id>`. */
export const URI_IDENTIFIER_SYSTEM = 'urn:ietf:rfc:3986';

/** The media type of FHIR JSON, for `Content-Type` and `Accept`. */
export const FHIR_JSON = 'application/fhir+json';

/**
 * Item linkIds are payload paths, with one difference: `documents` is an array in the payload
 * but a group per document type in FHIR, so `documents.0.status` (the row whose `type` is
 * `imaging`) is the linkId `documents.imaging.status`. linkIds that start with `display.` are
 * texts shown to the patient, not answers.
 */
export const DISPLAY_PREFIX = 'display.';

/**
 * A linkId as a place in the payload (the rule above): `documents.imaging.status` →
 * `{ documentType: 'imaging', path: ['status'] }` (a field of that document row), any other →
 * `{ path }` from the payload's root (`patient.email` → `['patient', 'email']`).
 */
export function linkIdPath(linkId: string): { documentType?: DocumentType; path: string[] } {
  const [head = '', ...rest] = linkId.split('.');
  return head === 'documents' && rest.length > 0
    ? { documentType: rest[0] as DocumentType, path: rest.slice(1) }
    : { path: [head, ...rest] };
}
