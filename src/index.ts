/**
 * `second-opinion-intake`: the element classes, events, schema and types. Importing it has no
 * side effects; import `second-opinion-intake/define` to register the tags.
 */
export { SecondOpinionDocuments } from './elements/second-opinion-documents.js';
export { SecondOpinionEligibility } from './elements/second-opinion-eligibility.js';
export { SecondOpinionFaq } from './elements/second-opinion-faq.js';
export { SecondOpinionInsurance } from './elements/second-opinion-insurance.js';
export { SecondOpinionIntake } from './elements/second-opinion-intake.js';
export * from './schema/index.js';
export * from './events.js';
export { defaultFaqItems, type FaqItem } from './content/faq.js';
export type { FaqToggleDetail } from './elements/second-opinion-faq.js';
export { SOURCE_LOCALE, SUPPORTED_LOCALES, useLocaleAccess } from './locale.js';
export { defineSecondOpinionElements } from './registry.js';
