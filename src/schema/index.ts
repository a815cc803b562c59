/**
 * `second-opinion-intake/schema`: the payload contract, usable in a browser or in Node without a
 * DOM. Messages are not here on purpose: issues carry codes, the UI localizes them.
 */
export * from './constants.js';
export * from './issues.js';
export { contactSchema, patientSchema, requesterSchema } from './contact.js';
export {
  attachedFileSchema,
  documentEntrySchema,
  documentsSchema,
  MAX_FILE_NAME_LENGTH,
  type AttachedFile,
  type DocumentEntry,
} from './documents.js';
export {
  diagnosisSchema,
  eligibilitySchema,
  motiveSchema,
  reasonsSchema,
  type EligibilityValue,
} from './eligibility.js';
export { insuranceSchema, type InsuranceValue } from './insurance.js';
export {
  acceptedDocumentLanguages,
  documentLanguageChoices,
  needsTranslation,
  normalizeCountry,
  OTHER_LANGUAGE,
} from './languages.js';
export * from './payload.js';
