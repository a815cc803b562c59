/**
 * `second-opinion-intake/fhir`: the intake in FHIR R4. A Questionnaire built from the widget's
 * own definitions, and the mapping between the native payload and a QuestionnaireResponse, both
 * ways. No DOM and no page-wide locale: it runs in a browser or on a server, and takes its texts
 * as input (`questionnaireTextsFor(locale, settings)` here; the widget's own, in the current
 * locale, from `second-opinion-intake`).
 */
export {
  BCP47,
  CODE_SYSTEMS,
  DISPLAY_PREFIX,
  EXTENSIONS,
  FHIR_BASE,
  FHIR_JSON,
  QUESTIONNAIRE_CANONICAL,
  QUESTIONNAIRE_URL,
  QUESTIONNAIRE_VERSION,
  URI_IDENTIFIER_SYSTEM,
} from './canonical.js';
export { answersByLinkId, enabledLinkIds, isEnabled, type AnswersByLinkId } from './enable-when.js';
export {
  FhirMappingError,
  fromQuestionnaireResponse,
  type FromResponseOptions,
} from './from-response.js';
export { QUESTIONNAIRE_TEXT_LOCALES, questionnaireTextsFor } from './locale-texts.js';
export { allItems, buildQuestionnaire, type QuestionnaireOptions } from './questionnaire.js';
export { toQuestionnaireResponse, type ResponseOptions } from './response.js';
export type { AnswerList, QuestionnaireTexts, TextSettings } from './texts.js';
export type * from './types.js';
