import { DOCUMENT_TYPES } from '../schema/constants.js';
import {
  EXTENSIONS,
  QUESTIONNAIRE_URL,
  QUESTIONNAIRE_VERSION,
  URI_IDENTIFIER_SYSTEM,
} from './canonical.js';
import { answersByLinkId } from './enable-when.js';
import { allItems, buildQuestionnaire } from './questionnaire.js';
import type {
  Attachment,
  DocumentFile,
  IntakePayload,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseAnswer,
} from './types.js';

/** The resource is not a completed response to this intake's Questionnaire: nothing to map. */
export class FhirMappingError extends Error {
  override name = 'FhirMappingError';
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function extensionValue(extensions: unknown, url: string): string | undefined {
  const found = Array.isArray(extensions)
    ? (extensions as unknown[]).find((extension) => isRecord(extension) && extension.url === url)
    : undefined;
  if (!isRecord(found)) return undefined;
  const value = found.valueCode ?? found.valueString;
  return typeof value === 'string' ? value : undefined;
}

function fileOf(attachment: Attachment): DocumentFile {
  return {
    name: attachment.title ?? '',
    size: attachment.size ?? 0,
    type: attachment.contentType ?? '',
    sha256: extensionValue(attachment.extension, EXTENSIONS.sha256) ?? '',
  };
}

/** The payload value of one answer: a code for a Coding, a file for an Attachment. */
function valueOf(answer: QuestionnaireResponseAnswer): unknown {
  if (isRecord(answer.valueCoding)) return answer.valueCoding.code;
  if (isRecord(answer.valueAttachment)) return fileOf(answer.valueAttachment);
  return answer.valueBoolean ?? answer.valueString ?? answer.valueDate;
}

/** `QuestionnaireResponse.questionnaire` → our `schemaVersion`, or an error for another one. */
function schemaVersionOf(canonical: unknown): number | string {
  const [url, version = QUESTIONNAIRE_VERSION] =
    typeof canonical === 'string' ? canonical.split('|') : [];
  if (url !== QUESTIONNAIRE_URL) {
    throw new FhirMappingError(`questionnaire must be ${QUESTIONNAIRE_URL}|<version>`);
  }
  // The schema decides whether it knows this version; a non-number is reported there.
  return /^\d+$/.test(version) ? Number(version) : version;
}

function submissionIdOf(response: QuestionnaireResponse): string | undefined {
  const { identifier } = response;
  if (!isRecord(identifier) || typeof identifier.value !== 'string') return undefined;
  return identifier.system === URI_IDENTIFIER_SYSTEM
    ? identifier.value.replace(/^urn:uuid:/i, '')
    : identifier.value;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  const [key, ...rest] = path;
  if (key === undefined) return;
  if (rest.length === 0) {
    target[key] = value;
    return;
  }
  const next = isRecord(target[key]) ? target[key] : {};
  target[key] = next;
  setPath(next, rest, value);
}

/**
 * A QuestionnaireResponse to this intake's Questionnaire, back as the native payload. The
 * result is not validated: pass it through `payloadSchema`, which reports a missing or invalid
 * answer under its payload path (`patient.email`, `documents.1.language`).
 *
 * Unknown linkIds are ignored. Documents come back in the Questionnaire's order, each with
 * `translationNeeded` (false when the response leaves it out, as it does when the document has
 * no language). Throws `FhirMappingError` when the resource is not a completed response to this
 * Questionnaire.
 */
export function fromQuestionnaireResponse(resource: unknown): IntakePayload {
  if (!isRecord(resource) || resource.resourceType !== 'QuestionnaireResponse') {
    throw new FhirMappingError('not a QuestionnaireResponse');
  }
  const response = resource as unknown as QuestionnaireResponse;
  const schemaVersion = schemaVersionOf(response.questionnaire);
  if (response.status !== 'completed' && response.status !== 'amended') {
    throw new FhirMappingError('status must be completed (or amended)');
  }

  const answers = answersByLinkId(response.item);
  const tree: Record<string, unknown> = {};
  const documents = new Map<string, Record<string, unknown>>();

  const questions = [...allItems<QuestionnaireItem>(buildQuestionnaire().item)].filter(
    (item) => item.type !== 'group' && item.type !== 'display',
  );
  for (const item of questions) {
    const given = answers.get(item.linkId);
    if (!given?.length) continue;
    const values = given.map(valueOf).filter((value) => value !== undefined);
    const value = item.repeats ? values : values[0];
    const [head = '', ...rest] = item.linkId.split('.');
    if (head === 'documents') {
      const [type = '', ...field] = rest;
      const entry = documents.get(type) ?? {};
      documents.set(type, entry);
      setPath(entry, field, value);
    } else {
      setPath(tree, [head, ...rest], value);
    }
  }

  const section = (key: string) => (isRecord(tree[key]) ? tree[key] : {});
  const defined = (entries: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
  // Keys in the schema's order, so a stored payload reads like one the widget sent.
  const payload = defined({
    schemaVersion,
    submissionId: submissionIdOf(response),
    submittedAt: response.authored,
    locale: response.language,
    serviceCountry: extensionValue(response.extension, EXTENSIONS.serviceCountry),
    requester: section('requester'),
    patient: section('patient'),
    reasons: section('reasons'),
    motive: tree.motive,
    diagnosis: tree.diagnosis,
    documents: DOCUMENT_TYPES.filter((type) => documents.has(type)).map((type) => {
      const { status, language, translationNeeded = false, files } = documents.get(type)!;
      return defined({ type, status, language, translationNeeded, files });
    }),
    insurance: section('insurance'),
    consent: section('consent'),
  });
  return payload as unknown as IntakePayload;
}
