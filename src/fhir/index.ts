/**
 * `second-opinion-intake/fhir`: the intake in FHIR R4. A Questionnaire built from the widget's
 * own definitions, and the mapping between the native payload and a QuestionnaireResponse, both
 * ways. No DOM: it runs in a browser or on a server.
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
export { allItems, buildQuestionnaire, type QuestionnaireOptions } from './questionnaire.js';
export { toQuestionnaireResponse, type ResponseOptions } from './response.js';
export type * from './types.js';
