/**
 * `second-opinion-intake`: the element classes, events, schema, the endpoint client and their
 * types. Importing it has no side effects; import `second-opinion-intake/define` to register the
 * tags. The wire protocol's building blocks (attachment kinds, multipart layout, Retry-After) are
 * in `second-opinion-intake/protocol`; the FHIR mapping in `second-opinion-intake/fhir` (the
 * widget's texts for it, in the current locale, are `questionnaireTexts` here).
 */
export { SecondOpinionDocuments } from './elements/second-opinion-documents.js';
export { SecondOpinionEligibility } from './elements/second-opinion-eligibility.js';
export { SecondOpinionFaq } from './elements/second-opinion-faq.js';
export { SecondOpinionInsurance } from './elements/second-opinion-insurance.js';
export { SecondOpinionIntake } from './elements/second-opinion-intake.js';
export * from './schema/index.js';
export * from './events.js';
export { defaultFaqItems, type FaqItem } from './content/faq.js';
// Here, not in ./localization: that module is in the script tag's first load, and a static
// export there would pull the FHIR texts into it (the widget loads them with the mapping).
export { questionnaireTexts } from './content/questionnaire-texts.js';
export type { AddFilesResult } from './elements/second-opinion-documents.js';
export type { AttachmentKind, FileRefusal } from './submit/attachments.js';
export type { FaqToggleDetail } from './elements/second-opinion-faq.js';
export type { IntakeCredentials } from './elements/second-opinion-intake.js';
export {
  submitPayload,
  type RetryInfo,
  type SubmitFailureReason,
  type SubmitOptions,
  type SubmitOutcome,
} from './submit/client.js';
export type { RetryPolicy } from './submit/retry.js';
export { SOURCE_LOCALE, SUPPORTED_LOCALES, useLocaleAccess } from './locale.js';
export { defineSecondOpinionElements } from './registry.js';
