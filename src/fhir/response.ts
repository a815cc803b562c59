import type { DocumentType } from '../schema/constants.js';
import { OTHER_LANGUAGE } from '../schema/languages.js';
import { isRecord } from '../schema/normalize.js';
import {
  EXTENSIONS,
  linkIdPath,
  QUESTIONNAIRE_CANONICAL,
  URI_IDENTIFIER_SYSTEM,
} from './canonical.js';
import { isEnabled, type AnswersByLinkId } from './enable-when.js';
import { buildQuestionnaire, languageCoding, questionItems } from './questionnaire.js';
import { withDisplay, type QuestionnaireTexts } from './texts.js';
import type {
  Attachment,
  Coding,
  ContainedPatient,
  ContainedRelatedPerson,
  DocumentFile,
  IntakePayload,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseAnswer,
  QuestionnaireResponseItem,
  Reference,
} from './types.js';

export interface ResponseOptions {
  /**
   * The texts the patient saw, built for the payload's service country: the items' `text` and
   * the answers' `display`s. In the widget, `questionnaireTexts(settings)`
   * (`second-opinion-intake`); on a server, `questionnaireTextsFor(payload.locale,
   * settings)`.
   */
  texts: QuestionnaireTexts;
  /**
   * Where the receiving service made a file available, if it did (say, after an upload that
   * returned URLs): becomes `Attachment.url`. Files are never inlined.
   */
  fileUrl?: (file: DocumentFile, documentType: DocumentType) => string | undefined;
}

const PATIENT_ID = 'patient';
const REQUESTER_ID = 'requester';

/** `documents.imaging.language` → the imaging row's `language`; other linkIds are plain paths. */
function valueAt(payload: IntakePayload, linkId: string): unknown {
  const { documentType, path } = linkIdPath(linkId);
  let value: unknown =
    documentType === undefined
      ? payload
      : payload.documents.find((entry) => entry.type === documentType);
  for (const key of path) value = isRecord(value) ? value[key] : undefined;
  return value;
}

function attachment(
  file: DocumentFile,
  documentType: DocumentType,
  language: unknown,
  options: ResponseOptions,
): Attachment {
  const url = options.fileUrl?.(file, documentType);
  return {
    extension: [{ url: EXTENSIONS.sha256, valueString: file.sha256 }],
    // A browser that does not know a file's type reports "", which is no media type.
    ...(file.type ? { contentType: file.type } : {}),
    ...(typeof language === 'string' && language !== OTHER_LANGUAGE ? { language } : {}),
    ...(url ? { url } : {}),
    size: file.size,
    title: file.name,
  };
}

function codingFor(item: QuestionnaireItem, code: string, options: ResponseOptions): Coding {
  const listed = item.answerOption?.find((option) => option.valueCoding.code === code);
  if (listed) return { ...listed.valueCoding };
  if (item.type === 'open-choice') return withDisplay(languageCoding(code), options.texts);
  const system = item.answerOption?.[0]?.valueCoding.system;
  return system ? { system, code } : { code };
}

/** A response item names its question and repeats its text, as the patient saw it. */
const identity = (item: QuestionnaireItem) => ({
  linkId: item.linkId,
  ...(item.text ? { text: item.text } : {}),
});

/** The answers a payload value gives to a question; none for an absent or blank value. */
function answersFor(
  item: QuestionnaireItem,
  value: unknown,
  payload: IntakePayload,
  options: ResponseOptions,
): QuestionnaireResponseAnswer[] {
  if (Array.isArray(value)) {
    return value.flatMap((one) => answersFor(item, one, payload, options));
  }
  switch (item.type) {
    case 'boolean':
      return typeof value === 'boolean' ? [{ valueBoolean: value }] : [];
    case 'date':
      return typeof value === 'string' && value ? [{ valueDate: value }] : [];
    case 'string':
    case 'text':
      // FHIR strings cannot be empty: blank text is no answer.
      return typeof value === 'string' && value.trim() ? [{ valueString: value }] : [];
    case 'choice':
    case 'open-choice':
      return typeof value === 'string' && value
        ? [{ valueCoding: codingFor(item, value, options) }]
        : [];
    case 'attachment': {
      if (!isRecord(value)) return [];
      const documentType = linkIdPath(item.linkId).documentType!;
      const language = valueAt(payload, `documents.${documentType}.language`);
      const file = value as unknown as DocumentFile;
      return [{ valueAttachment: attachment(file, documentType, language, options) }];
    }
    default:
      return [];
  }
}

function containedPatient(payload: IntakePayload): ContainedPatient {
  const { patient } = payload;
  const rank = (channel: string) => (patient.preferredContact === channel ? { rank: 1 } : {});
  return {
    resourceType: 'Patient',
    id: PATIENT_ID,
    name: [{ text: patient.name }],
    telecom: [
      { system: 'email', value: patient.email, ...rank('email') },
      ...(patient.phone
        ? [{ system: 'phone' as const, value: patient.phone, ...rank('phone') }]
        : []),
    ],
    birthDate: patient.dateOfBirth,
  };
}

function containedRequester(
  payload: IntakePayload,
  relationship: Coding | undefined,
): ContainedRelatedPerson {
  const { requester } = payload;
  return {
    resourceType: 'RelatedPerson',
    id: REQUESTER_ID,
    patient: { reference: `#${PATIENT_ID}` },
    ...(relationship
      ? { relationship: [{ coding: [relationship], text: relationship.display }] }
      : {}),
    ...(requester.name ? { name: [{ text: requester.name }] } : {}),
  };
}

/**
 * A validated payload as a FHIR R4 QuestionnaireResponse to `QUESTIONNAIRE_CANONICAL`, with
 * the texts of `options.texts`. Pure: no network, no DOM, no locale of its own.
 *
 * - `identifier` is the submission id (`urn:uuid:…`), `authored` the submission time,
 *   `language` the payload's locale, and an extension carries the service country.
 * - The patient is a contained `Patient` (`subject`); `source` is that patient, or for a proxy a
 *   contained `RelatedPerson` with the relationship and name.
 * - Items nest as in the Questionnaire; an item whose `enableWhen` is false is left out, as are
 *   blank answers. Files are `valueAttachment`s without data.
 *
 * `fromQuestionnaireResponse` maps it back to the same payload, except that documents come back
 * in the Questionnaire's order. A payload listing one document type twice cannot be mapped.
 */
export function toQuestionnaireResponse(
  payload: IntakePayload,
  options: ResponseOptions,
): QuestionnaireResponse {
  const types = payload.documents.map((entry) => entry.type);
  const repeated = types.find((type, index) => types.indexOf(type) !== index);
  if (repeated) throw new RangeError(`documents lists the type "${repeated}" twice`);

  const questionnaire = buildQuestionnaire(options.texts, {
    serviceCountry: payload.serviceCountry,
  });
  const answers = new Map<string, QuestionnaireResponseAnswer[]>();
  for (const item of questionItems(questionnaire.item)) {
    const given = answersFor(item, valueAt(payload, item.linkId), payload, options);
    if (given.length > 0) answers.set(item.linkId, given);
  }

  const responseItems = (items: readonly QuestionnaireItem[] | undefined, known: AnswersByLinkId) =>
    (items ?? []).flatMap((item): QuestionnaireResponseItem[] => {
      if (item.type === 'display' || !isEnabled(item, known)) return [];
      if (item.type === 'group') {
        const children = responseItems(item.item, known);
        return children.length > 0 ? [{ ...identity(item), item: children }] : [];
      }
      const given = known.get(item.linkId);
      return given ? [{ ...identity(item), answer: [...given] }] : [];
    });

  const isProxy = payload.requester.role === 'proxy';
  const relationship = answers.get('requester.relationship')?.[0]?.valueCoding;
  const patient = containedPatient(payload);
  const source: Reference = isProxy
    ? {
        reference: `#${REQUESTER_ID}`,
        type: 'RelatedPerson',
        ...(payload.requester.name ? { display: payload.requester.name } : {}),
      }
    : { reference: `#${PATIENT_ID}`, type: 'Patient', display: payload.patient.name };

  return {
    resourceType: 'QuestionnaireResponse',
    language: payload.locale,
    contained: isProxy ? [patient, containedRequester(payload, relationship)] : [patient],
    ...(payload.serviceCountry
      ? { extension: [{ url: EXTENSIONS.serviceCountry, valueCode: payload.serviceCountry }] }
      : {}),
    identifier: { system: URI_IDENTIFIER_SYSTEM, value: `urn:uuid:${payload.submissionId}` },
    questionnaire: QUESTIONNAIRE_CANONICAL,
    status: 'completed',
    subject: { reference: `#${PATIENT_ID}`, type: 'Patient', display: payload.patient.name },
    authored: payload.submittedAt,
    source,
    item: responseItems(questionnaire.item, answers),
  };
}
