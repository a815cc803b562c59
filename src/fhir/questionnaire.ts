import { msg } from '@lit/localize';
import {
  documentsIntro,
  documentsLanguageRule,
  documentStatusLabel,
  documentTypeDescription,
  documentTypeLabel,
  languageName,
  translationNeededLabel,
} from '../content/documents.js';
import { coverageLabel, insuranceText } from '../content/insurance.js';
import { intakeText, stepTitle } from '../content/intake.js';
import {
  contactChannelChoice,
  intakeFormText,
  relationshipLabel,
  requesterRoleLabel,
} from '../content/intake-form.js';
import { eligibilityText, reasonLabel } from '../content/reasons.js';
import { currentLocale } from '../locale.js';
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
import type {
  Coding,
  Questionnaire,
  QuestionnaireAnswerOption,
  QuestionnaireEnableWhen,
  QuestionnaireItem,
} from './types.js';

export interface QuestionnaireOptions {
  /** The organisation receiving requests: named in the consent, and the publisher. */
  organization?: string | undefined;
  /** An insurer's preset name, as on the insurer's own site: named in the insurance question. */
  insurer?: string | undefined;
  /**
   * ISO 3166-1 alpha-2 code of the country that provides the second opinion: the language rule
   * names its languages, and they come first in the document language options.
   */
  serviceCountry?: string | undefined;
}

function options<T extends string>(
  system: string,
  codes: readonly T[],
  label: (code: T) => string,
): QuestionnaireAnswerOption[] {
  return codes.map((code) => ({ valueCoding: { system, code, display: label(code) } }));
}

const answered = (question: string, system: string, code: string): QuestionnaireEnableWhen => ({
  question,
  operator: '=',
  answerCoding: { system, code },
});

/** A language as the widget lists it: a BCP 47 tag, or our code for "another language". */
export function languageCoding(code: string): Coding {
  return code === OTHER_LANGUAGE
    ? { system: CODE_SYSTEMS.documentLanguage, code, display: languageName(code) }
    : { system: BCP47, code, display: languageName(code) };
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
    text: documentTypeLabel(type),
    type: 'group',
    required: true,
    item: [
      {
        linkId: `${DISPLAY_PREFIX}${path}.description`,
        text: documentTypeDescription(type),
        type: 'display',
      },
      {
        linkId: status,
        // The same message as the documents element's legend (same id, same text: lit-localize
        // extracts it once).
        text: msg('Do you have this document?', { id: 'documents.statusLegend' }),
        type: 'choice',
        required: true,
        answerOption: options(CODE_SYSTEMS.documentStatus, DOCUMENT_STATUSES, documentStatusLabel),
      },
      {
        linkId: `${path}.language`,
        text: msg('Language of the document', { id: 'documents.languageLabel' }),
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
        text: translationNeededLabel(),
        // Computed from the language and the service country, never asked.
        type: 'boolean',
        readOnly: true,
        ...hasLanguage,
      },
      {
        linkId: `${path}.files`,
        text: documentTypeLabel(type),
        type: 'attachment',
        repeats: true,
        enableWhen: [answered(status, CODE_SYSTEMS.documentStatus, 'attached')],
      },
    ],
  };
}

/**
 * The intake as a FHIR R4 Questionnaire, in the current locale. Built from the widget's own
 * definitions: the ids of `schema/constants.ts` as codes, the widget's texts, and its
 * conditional rules as `enableWhen`. Items follow the widget's steps; linkIds are payload paths
 * (see `canonical.ts`).
 *
 * Rules the schema has and R4 cannot express stay in the schema: `patient.phone` is required
 * when `patient.preferredContact` is `phone`; `consent.healthDataProcessing` must be `true`.
 */
export function buildQuestionnaire(settings: QuestionnaireOptions = {}): Questionnaire {
  const organization = settings.organization?.trim() || undefined;
  const serviceCountry = settings.serviceCountry?.trim() || undefined;
  const text = intakeFormText();
  const eligibility = eligibilityText();
  const insurance = insuranceText(settings.insurer);
  const insured: QuestionnaireEnableWhen = {
    question: 'insurance.hasPrivateInsurance',
    operator: '=',
    answerBoolean: true,
  };
  const proxy = answered('requester.role', CODE_SYSTEMS.requesterRole, 'proxy');

  const item: QuestionnaireItem[] = [
    {
      linkId: 'reasons',
      text: text.reasonsLabel,
      type: 'group',
      required: true,
      item: [
        {
          linkId: 'reasons.selected',
          text: eligibility.legend,
          type: 'choice',
          required: true,
          repeats: true,
          answerOption: options(CODE_SYSTEMS.reason, REASON_IDS, reasonLabel),
        },
        {
          linkId: 'reasons.other',
          text: eligibility.otherLabel,
          type: 'text',
          required: true,
          maxLength: MAX_LENGTH.longText,
          enableWhen: [answered('reasons.selected', CODE_SYSTEMS.reason, 'other')],
        },
      ],
    },
    {
      linkId: 'motive',
      text: eligibility.motiveLabel,
      type: 'text',
      required: true,
      maxLength: MAX_LENGTH.longText,
    },
    {
      linkId: 'diagnosis',
      text: eligibility.diagnosisLabel,
      type: 'text',
      maxLength: MAX_LENGTH.longText,
    },
    {
      linkId: 'documents',
      text: stepTitle('documents'),
      type: 'group',
      required: true,
      item: [
        { linkId: `${DISPLAY_PREFIX}documents.intro`, text: documentsIntro(), type: 'display' },
        {
          linkId: `${DISPLAY_PREFIX}documents.language-rule`,
          text: documentsLanguageRule(serviceCountry),
          type: 'display',
        },
        ...DOCUMENT_TYPES.map((type) => documentItem(type, serviceCountry)),
      ],
    },
    {
      linkId: 'insurance',
      text: stepTitle('insurance'),
      type: 'group',
      required: true,
      item: [
        {
          linkId: 'insurance.hasPrivateInsurance',
          text: insurance.question,
          type: 'boolean',
          required: true,
        },
        {
          linkId: `${DISPLAY_PREFIX}insurance.advice`,
          text: insurance.advice,
          type: 'display',
          enableWhen: [insured],
        },
        {
          linkId: 'insurance.insurer',
          text: insurance.insurerLabel,
          type: 'string',
          required: true,
          maxLength: MAX_LENGTH.shortText,
          enableWhen: [insured],
        },
        {
          linkId: 'insurance.policyNumber',
          text: insurance.policyNumberLabel,
          type: 'string',
          maxLength: MAX_LENGTH.policyNumber,
          enableWhen: [insured],
        },
        {
          linkId: 'insurance.coverageConfirmed',
          text: insurance.coverageQuestion,
          type: 'choice',
          required: true,
          enableWhen: [insured],
          answerOption: options(CODE_SYSTEMS.coverage, COVERAGE_ANSWERS, coverageLabel),
        },
      ],
    },
    {
      linkId: 'requester',
      text: stepTitle('contact'),
      type: 'group',
      required: true,
      item: [
        {
          linkId: 'requester.role',
          text: text.requesterLegend,
          type: 'choice',
          required: true,
          answerOption: options(CODE_SYSTEMS.requesterRole, REQUESTER_ROLES, requesterRoleLabel),
        },
        {
          linkId: 'requester.relationship',
          text: text.relationship,
          type: 'choice',
          required: true,
          enableWhen: [proxy],
          answerOption: options(
            CODE_SYSTEMS.proxyRelationship,
            PROXY_RELATIONSHIPS,
            relationshipLabel,
          ),
        },
        {
          linkId: 'requester.name',
          text: text.proxyName,
          type: 'string',
          required: true,
          maxLength: MAX_LENGTH.name,
          enableWhen: [proxy],
        },
      ],
    },
    {
      linkId: 'patient',
      text: text.patientHeading,
      type: 'group',
      required: true,
      item: [
        {
          linkId: 'patient.name',
          text: text.patientNameProxy,
          type: 'string',
          required: true,
          maxLength: MAX_LENGTH.name,
        },
        {
          linkId: 'patient.dateOfBirth',
          text: text.dateOfBirthProxy,
          type: 'date',
          required: true,
        },
        {
          linkId: 'patient.email',
          text: text.email,
          type: 'string',
          required: true,
          maxLength: MAX_LENGTH.email,
        },
        {
          linkId: 'patient.phone',
          text: text.phone,
          type: 'string',
          maxLength: MAX_LENGTH.phone,
        },
        {
          linkId: 'patient.preferredContact',
          text: text.preferredContact,
          type: 'choice',
          answerOption: options(
            CODE_SYSTEMS.contactChannel,
            CONTACT_CHANNELS,
            contactChannelChoice,
          ),
        },
      ],
    },
    {
      linkId: 'consent',
      text: text.consentLegend,
      type: 'group',
      required: true,
      item: [
        { linkId: `${DISPLAY_PREFIX}consent.reassurance`, text: text.reassurance, type: 'display' },
        {
          linkId: 'consent.healthDataProcessing',
          text: organization ? text.consent(organization) : text.consentNoOrganization,
          type: 'boolean',
          required: true,
        },
        {
          linkId: `${DISPLAY_PREFIX}consent.description`,
          text: text.consentDescription,
          type: 'display',
        },
      ],
    },
  ];

  return {
    resourceType: 'Questionnaire',
    id: 'second-opinion-intake',
    language: currentLocale(),
    url: QUESTIONNAIRE_URL,
    version: QUESTIONNAIRE_VERSION,
    name: 'SecondOpinionIntake',
    title: intakeText().formLabel,
    status: 'active',
    subjectType: ['Patient'],
    ...(organization ? { publisher: organization } : {}),
    item,
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
