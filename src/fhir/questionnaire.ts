import {
  CONTACT_CHANNELS,
  COVERAGE_ANSWERS,
  DOCUMENT_STATUSES,
  DOCUMENT_TYPES,
  MAX_LENGTH,
  PROXY_RELATIONSHIPS,
  REASON_IDS,
  REQUESTER_ROLES,
  type DocumentType,
} from '../schema/constants.js';
import { documentLanguageChoices, OTHER_LANGUAGE } from '../schema/languages.js';
import {
  BCP47,
  CODE_SYSTEMS,
  DISPLAY_PREFIX,
  QUESTIONNAIRE_URL,
  QUESTIONNAIRE_VERSION,
} from './canonical.js';
import { withDisplay, type QuestionnaireTexts } from './texts.js';
import type {
  Coding,
  Questionnaire,
  QuestionnaireAnswerOption,
  QuestionnaireEnableWhen,
  QuestionnaireItem,
} from './types.js';

/**
 * What the Questionnaire depends on besides its texts. Build the texts with the same settings
 * (the consent names the organisation; the language rule, the service country's languages).
 */
export interface QuestionnaireOptions {
  /** The organisation receiving requests: the publisher. */
  organization?: string | undefined;
  /**
   * ISO 3166-1 alpha-2 code of the country that provides the second opinion: its languages come
   * first in the document language options.
   */
  serviceCountry?: string | undefined;
}

function options(system: string, codes: readonly string[]): QuestionnaireAnswerOption[] {
  return codes.map((code) => ({ valueCoding: { system, code } }));
}

const answered = (question: string, system: string, code: string): QuestionnaireEnableWhen => ({
  question,
  operator: '=',
  answerCoding: { system, code },
});

/** A language as the widget lists it (no display): a BCP 47 tag, or our code for "another language". */
export function languageCoding(code: string): Coding {
  return code === OTHER_LANGUAGE
    ? { system: CODE_SYSTEMS.documentLanguage, code }
    : { system: BCP47, code };
}

function documentItem(type: DocumentType, serviceCountry: string | undefined): QuestionnaireItem {
  const path = `documents.${type}`;
  const status = `${path}.status`;
  // The widget asks for the language of a document the patient has or will send.
  const hasLanguage = {
    enableWhen: [
      answered(status, CODE_SYSTEMS.documentStatus, 'attached'),
      answered(status, CODE_SYSTEMS.documentStatus, 'will-send-later'),
    ],
    enableBehavior: 'any' as const,
  };
  return {
    linkId: path,
    type: 'group',
    required: true,
    item: [
      {
        linkId: `${DISPLAY_PREFIX}${path}.description`,
        type: 'display',
      },
      {
        linkId: status,
        type: 'choice',
        required: true,
        answerOption: options(CODE_SYSTEMS.documentStatus, DOCUMENT_STATUSES),
      },
      {
        linkId: `${path}.language`,
        // Open: the list is the widget's for this service country, and a payload may name
        // another ISO 639 language.
        type: 'open-choice',
        required: true,
        ...hasLanguage,
        answerOption: documentLanguageChoices(serviceCountry).map((code) => ({
          valueCoding: languageCoding(code),
        })),
      },
      {
        linkId: `${path}.translationNeeded`,
        // Computed from the language and the service country, never asked.
        type: 'boolean',
        readOnly: true,
        ...hasLanguage,
      },
      {
        linkId: `${path}.files`,
        type: 'attachment',
        repeats: true,
        enableWhen: [answered(status, CODE_SYSTEMS.documentStatus, 'attached')],
      },
    ],
  };
}

/**
 * The Questionnaire's items without texts: linkIds, types, codes and `enableWhen`, which are the
 * same in every locale. Enough for whoever reads only the structure (`fromQuestionnaireResponse`).
 */
export function questionnaireItems(serviceCountry?: string): QuestionnaireItem[] {
  const country = serviceCountry?.trim() || undefined;
  const insured: QuestionnaireEnableWhen = {
    question: 'insurance.hasPrivateInsurance',
    operator: '=',
    answerBoolean: true,
  };
  const proxy = answered('requester.role', CODE_SYSTEMS.requesterRole, 'proxy');

  return [
    {
      linkId: 'reasons',
      type: 'group',
      required: true,
      item: [
        {
          linkId: 'reasons.selected',
          type: 'choice',
          required: true,
          repeats: true,
          answerOption: options(CODE_SYSTEMS.reason, REASON_IDS),
        },
        {
          linkId: 'reasons.other',
          type: 'text',
          required: true,
          maxLength: MAX_LENGTH.longText,
          enableWhen: [answered('reasons.selected', CODE_SYSTEMS.reason, 'other')],
        },
      ],
    },
    {
      linkId: 'motive',
      type: 'text',
      required: true,
      maxLength: MAX_LENGTH.longText,
    },
    {
      linkId: 'diagnosis',
      type: 'text',
      maxLength: MAX_LENGTH.longText,
    },
    {
      linkId: 'documents',
      type: 'group',
      required: true,
      item: [
        { linkId: `${DISPLAY_PREFIX}documents.intro`, type: 'display' },
        {
          linkId: `${DISPLAY_PREFIX}documents.language-rule`,
          type: 'display',
        },
        ...DOCUMENT_TYPES.map((type) => documentItem(type, country)),
      ],
    },
    {
      linkId: 'insurance',
      type: 'group',
      required: true,
      item: [
        {
          linkId: 'insurance.hasPrivateInsurance',
          type: 'boolean',
          required: true,
        },
        {
          linkId: `${DISPLAY_PREFIX}insurance.advice`,
          type: 'display',
          enableWhen: [insured],
        },
        {
          linkId: 'insurance.insurer',
          type: 'string',
          required: true,
          maxLength: MAX_LENGTH.shortText,
          enableWhen: [insured],
        },
        {
          linkId: 'insurance.policyNumber',
          type: 'string',
          maxLength: MAX_LENGTH.policyNumber,
          enableWhen: [insured],
        },
        {
          linkId: 'insurance.coverageConfirmed',
          type: 'choice',
          required: true,
          enableWhen: [insured],
          answerOption: options(CODE_SYSTEMS.coverage, COVERAGE_ANSWERS),
        },
      ],
    },
    {
      linkId: 'requester',
      type: 'group',
      required: true,
      item: [
        {
          linkId: 'requester.role',
          type: 'choice',
          required: true,
          answerOption: options(CODE_SYSTEMS.requesterRole, REQUESTER_ROLES),
        },
        {
          linkId: 'requester.relationship',
          type: 'choice',
          required: true,
          enableWhen: [proxy],
          answerOption: options(CODE_SYSTEMS.proxyRelationship, PROXY_RELATIONSHIPS),
        },
        {
          linkId: 'requester.name',
          type: 'string',
          required: true,
          maxLength: MAX_LENGTH.name,
          enableWhen: [proxy],
        },
      ],
    },
    {
      linkId: 'patient',
      type: 'group',
      required: true,
      item: [
        {
          linkId: 'patient.name',
          type: 'string',
          required: true,
          maxLength: MAX_LENGTH.name,
        },
        {
          linkId: 'patient.dateOfBirth',
          type: 'date',
          required: true,
        },
        {
          linkId: 'patient.email',
          type: 'string',
          required: true,
          maxLength: MAX_LENGTH.email,
        },
        {
          linkId: 'patient.phone',
          type: 'string',
          maxLength: MAX_LENGTH.phone,
        },
        {
          linkId: 'patient.preferredContact',
          type: 'choice',
          answerOption: options(CODE_SYSTEMS.contactChannel, CONTACT_CHANNELS),
        },
      ],
    },
    {
      linkId: 'consent',
      type: 'group',
      required: true,
      item: [
        { linkId: `${DISPLAY_PREFIX}consent.reassurance`, type: 'display' },
        {
          linkId: 'consent.healthDataProcessing',
          type: 'boolean',
          required: true,
        },
        {
          linkId: `${DISPLAY_PREFIX}consent.description`,
          type: 'display',
        },
      ],
    },
  ];
}

/** `item` and what it holds, with its text and its answers' displays from `texts`. */
function withTexts(item: QuestionnaireItem, texts: QuestionnaireTexts): QuestionnaireItem {
  const { linkId, ...rest } = item;
  const text = texts.items[linkId];
  // Spread in this order, an item's keys keep the order FHIR's own examples use (linkId, text, type).
  return {
    linkId,
    ...(text === undefined ? {} : { text }),
    ...rest,
    ...(item.answerOption
      ? {
          answerOption: item.answerOption.map((option) => ({
            valueCoding: withDisplay(option.valueCoding, texts),
          })),
        }
      : {}),
    ...(item.item ? { item: item.item.map((child) => withTexts(child, texts)) } : {}),
  };
}

/**
 * The intake as a FHIR R4 Questionnaire, in the language of `texts`. Built from the widget's own
 * definitions: the ids of `schema/constants.ts` as codes, its conditional rules as `enableWhen`;
 * the texts are an input, so this runs without a page or its locale. In a browser, the widget's
 * texts in the current locale are `questionnaireTexts(settings)` (`second-opinion-intake`);
 * anywhere, the texts of a locale are `questionnaireTextsFor(locale, settings)`. Items follow the
 * widget's steps; linkIds are payload paths (see `canonical.ts`).
 *
 * Rules the schema has and R4 cannot express stay in the schema: `patient.phone` is required
 * when `patient.preferredContact` is `phone`; `consent.healthDataProcessing` must be `true`.
 */
export function buildQuestionnaire(
  texts: QuestionnaireTexts,
  settings: QuestionnaireOptions = {},
): Questionnaire {
  const organization = settings.organization?.trim() || undefined;
  return {
    resourceType: 'Questionnaire',
    id: 'second-opinion-intake',
    language: texts.language,
    url: QUESTIONNAIRE_URL,
    version: QUESTIONNAIRE_VERSION,
    name: 'SecondOpinionIntake',
    title: texts.title,
    status: 'active',
    subjectType: ['Patient'],
    ...(organization ? { publisher: organization } : {}),
    item: questionnaireItems(settings.serviceCountry).map((item) => withTexts(item, texts)),
  };
}

/** Every item of a Questionnaire (or of a response), depth first, in document order. */
export function* allItems<T extends { item?: T[] }>(items: readonly T[] | undefined): Generator<T> {
  for (const item of items ?? []) {
    yield item;
    yield* allItems(item.item);
  }
}

/** The items that take answers (no groups, no display texts), depth first, in document order. */
export const questionItems = (
  items: readonly QuestionnaireItem[] | undefined,
): QuestionnaireItem[] =>
  [...allItems(items)].filter((item) => item.type !== 'group' && item.type !== 'display');
