import { msg, str } from '@lit/localize';
import type { DocumentStatus, DocumentType } from '../schema/constants.js';
import { acceptedDocumentLanguages, normalizeCountry } from '../schema/languages.js';
import { formatAlternatives, languageName } from './intl.js';

export { languageName } from './intl.js';

/**
 * Default texts of the document checklist, as functions so each call answers in the current
 * locale. The intake's review uses the same functions to show the patient's answers.
 */

export function documentTypeLabel(type: DocumentType): string {
  switch (type) {
    case 'medical-record-extract':
      return msg('Medical record extract or discharge summary', {
        id: 'documents.medicalRecordExtract',
        desc: 'A document type: the official summary of diagnosis, tests and treatment that a hospital issues, e.g. at discharge.',
      });
    case 'imaging':
      return msg('Imaging: X-ray, CT, MRI or ultrasound', {
        id: 'documents.imaging',
        desc: 'A document type: medical imaging studies.',
      });
    case 'blood-tests':
      return msg('Blood test results', {
        id: 'documents.bloodTests',
        desc: 'A document type: laboratory results of blood tests.',
      });
    case 'medications':
      return msg('List of prescribed medications', {
        id: 'documents.medications',
        desc: 'A document type: the medicines a doctor prescribed, with doses.',
      });
    case 'other':
      return msg('Other medical records', {
        id: 'documents.other',
        desc: 'A document type: any medical record not covered by the other types.',
      });
  }
}

export function documentTypeDescription(type: DocumentType): string {
  switch (type) {
    case 'medical-record-extract':
      return msg(
        'For example Form No. 100 (in Georgia: form IV-100/a) — the summary of your diagnosis, tests and treatment that a hospital gives you.',
        {
          id: 'documents.medicalRecordExtractDescription',
          desc: "Georgia's form IV-100/a, known to patients as 'Form No. 100'. Each locale should name its own country's equivalent form that patients recognise (e.g. Georgian: ფორმა IV-100/ა; Ukrainian: form 027/о), or describe it if there is none.",
        },
      );
    case 'imaging':
      return msg(
        'X-ray, CT, MRI and ultrasound images (for example on a disc), with the written reports on them.',
        { id: 'documents.imagingDescription' },
      );
    case 'blood-tests':
      return msg('The results of your blood tests, with the dates the blood was taken.', {
        id: 'documents.bloodTestsDescription',
      });
    case 'medications':
      return msg('The medications you have been prescribed, with their doses.', {
        id: 'documents.medicationsDescription',
      });
    case 'other':
      return msg(
        "Any other records, for example specialists' letters, pathology reports or operation notes.",
        {
          id: 'documents.otherDescription',
          desc: 'Pathology report: the laboratory analysis of a tissue sample (e.g. a biopsy).',
        },
      );
  }
}

export function documentStatusLabel(status: DocumentStatus): string {
  switch (status) {
    case 'attached':
      return msg('I have it', { id: 'documents.statusAttached' });
    case 'will-send-later':
      return msg('I will send it later', { id: 'documents.statusWillSendLater' });
    case 'not-available':
      return msg("I don't have it", { id: 'documents.statusNotAvailable' });
  }
}

/** "English or German": the languages documents may be in, joined as alternatives. */
export function acceptedLanguagesText(serviceCountry: string | null | undefined): string {
  return formatAlternatives(acceptedDocumentLanguages(serviceCountry).map(languageName));
}

/** Why a document needs a translation, naming the languages the specialists accept. */
export function translationNotice(serviceCountry: string | null | undefined): string {
  const languages = acceptedLanguagesText(serviceCountry);
  if (acceptedDocumentLanguages(serviceCountry).length === 1) {
    return msg(
      str`The specialists need documents in ${languages}, so this document needs a translation into ${languages} before it is sent.`,
      { id: 'documents.translationNoticeOne' },
    );
  }
  return msg(
    str`The specialists need documents in ${languages}, so this document needs a translation into one of these languages before it is sent.`,
    {
      id: 'documents.translationNoticeMany',
      desc: 'The placeholder is a list of languages joined with "or", e.g. "English or German".',
    },
  );
}

/** The short heading of the translation notice. */
export function translationNeededLabel(): string {
  return msg('Translation needed.', { id: 'documents.translationNeeded' });
}

/** The first paragraph above the checklist: bring every record. */
export function documentsIntro(): string {
  return msg(
    'Please gather all the medical records you have: the specialists base their opinion on them. For each kind of document below, tell us whether you have it.',
    { id: 'documents.intro' },
  );
}

/** The language rule, naming the service country and its languages when known. */
export function documentsLanguageRule(serviceCountry: string | null | undefined): string {
  const country = normalizeCountry(serviceCountry);
  if (!country) {
    return msg(
      'Documents must be in English or in the language of the country that provides the second opinion.',
      { id: 'documents.languageRule' },
    );
  }
  return msg(
    str`Documents must be in one of these languages: ${acceptedLanguagesText(country)} (English or a language of the country that provides the second opinion).`,
    {
      id: 'documents.languageRuleLanguages',
      desc: 'The placeholder is a list of languages joined with "or", e.g. "English or German".',
    },
  );
}
