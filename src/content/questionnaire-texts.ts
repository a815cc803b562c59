import { msg } from '@lit/localize';
import type { QuestionnaireTexts, TextSettings } from '../fhir/texts.js';
import { currentLocale } from '../locale.js';
import {
  CONTACT_CHANNELS,
  COVERAGE_ANSWERS,
  DOCUMENT_STATUSES,
  DOCUMENT_TYPES,
  PROXY_RELATIONSHIPS,
  REASON_IDS,
  REQUESTER_ROLES,
} from '../schema/constants.js';
import { knownDocumentLanguages, OTHER_LANGUAGE } from '../schema/languages.js';
import {
  documentsIntro,
  documentsLanguageRule,
  documentStatusLabel,
  documentTypeDescription,
  documentTypeLabel,
  languageName,
  translationNeededLabel,
} from './documents.js';
import { coverageLabel, insuranceText } from './insurance.js';
import { intakeText, stepTitle } from './intake.js';
import {
  contactChannelChoice,
  intakeFormText,
  relationshipLabel,
  requesterRoleLabel,
} from './intake-form.js';
import { eligibilityText, reasonLabel } from './reasons.js';

const byCode = <T extends string>(codes: readonly T[], label: (code: T) => string) =>
  Object.fromEntries(codes.map((code) => [code, label(code)]));

/**
 * The texts of the intake's FHIR Questionnaire in the current locale, as the widget shows them:
 * its own `msg()` texts, by linkId (see `src/fhir/canonical.ts`), for `buildQuestionnaire` and
 * `toQuestionnaireResponse`. Every document language is named, not only the service country's
 * list, so a response names a language the list leaves out too.
 *
 * The same function, run under each locale at `localize:build` time, writes the texts a server
 * uses (scripts/questionnaire-texts.mjs): a change here reaches both.
 */
export function questionnaireTexts(settings: TextSettings = {}): QuestionnaireTexts {
  const organization = settings.organization?.trim();
  const form = intakeFormText();
  const eligibility = eligibilityText();
  const insurance = insuranceText(settings.insurer);
  // The same messages as the documents element's legend and language label (same ids, same
  // texts: lit-localize extracts each once).
  const statusLegend = msg('Do you have this document?', { id: 'documents.statusLegend' });
  const languageLabel = msg('Language of the document', { id: 'documents.languageLabel' });
  const translationNeeded = translationNeededLabel();
  const documents = DOCUMENT_TYPES.flatMap((type): [string, string][] => {
    const path = `documents.${type}`;
    const label = documentTypeLabel(type);
    return [
      [path, label],
      [`display.${path}.description`, documentTypeDescription(type)],
      [`${path}.status`, statusLegend],
      [`${path}.language`, languageLabel],
      [`${path}.translationNeeded`, translationNeeded],
      [`${path}.files`, label],
    ];
  });

  return {
    language: currentLocale(),
    title: intakeText().formLabel,
    items: {
      reasons: form.reasonsLabel,
      'reasons.selected': eligibility.legend,
      'reasons.other': eligibility.otherLabel,
      motive: eligibility.motiveLabel,
      diagnosis: eligibility.diagnosisLabel,
      documents: stepTitle('documents'),
      'display.documents.intro': documentsIntro(),
      'display.documents.language-rule': documentsLanguageRule(settings.serviceCountry),
      ...Object.fromEntries(documents),
      insurance: stepTitle('insurance'),
      'insurance.hasPrivateInsurance': insurance.question,
      'display.insurance.advice': insurance.advice,
      'insurance.insurer': insurance.insurerLabel,
      'insurance.policyNumber': insurance.policyNumberLabel,
      'insurance.coverageConfirmed': insurance.coverageQuestion,
      requester: stepTitle('contact'),
      'requester.role': form.requesterLegend,
      'requester.relationship': form.relationship,
      'requester.name': form.proxyName,
      patient: form.patientHeading,
      'patient.name': form.patientNameProxy,
      'patient.dateOfBirth': form.dateOfBirthProxy,
      'patient.email': form.email,
      'patient.phone': form.phone,
      'patient.preferredContact': form.preferredContact,
      consent: form.consentLegend,
      'display.consent.reassurance': form.reassurance,
      'consent.healthDataProcessing': organization
        ? form.consent(organization)
        : form.consentNoOrganization,
      'display.consent.description': form.consentDescription,
    },
    answers: {
      reason: byCode(REASON_IDS, reasonLabel),
      documentStatus: byCode(DOCUMENT_STATUSES, documentStatusLabel),
      documentLanguage: byCode([...knownDocumentLanguages(), OTHER_LANGUAGE], languageName),
      coverage: byCode(COVERAGE_ANSWERS, coverageLabel),
      requesterRole: byCode(REQUESTER_ROLES, requesterRoleLabel),
      proxyRelationship: byCode(PROXY_RELATIONSHIPS, relationshipLabel),
      contactChannel: byCode(CONTACT_CHANNELS, contactChannelChoice),
    },
  };
}
