import { DOCUMENT_TYPES, type DocumentType } from '../schema/constants.js';
import { isRecord, withoutUndefined } from '../schema/normalize.js';
import {
  EXTENSIONS,
  linkIdPath,
  QUESTIONNAIRE_URL,
  QUESTIONNAIRE_VERSION,
  URI_IDENTIFIER_SYSTEM,
} from './canonical.js';
import { answersByLinkId } from './enable-when.js';
import { questionItems, questionnaireItems } from './questionnaire.js';
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

/**
 * The Questionnaire's questions, built on first use. Only their structure is read (linkId, type,
 * repeats), which is the same for every service country.
 */
let questions: QuestionnaireItem[] | undefined;

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
 * What a server knows about a response besides the resource: used where the response is silent.
 * Form fillers other than the widget (NLM's LHC-Forms, for one) export no `identifier` and no
 * `language`; their answers are no less complete.
 */
export interface FromResponseOptions {
  /** The submission id when the response has no `identifier`: the request's Idempotency-Key. */
  submissionId?: string | undefined;
  /** The locale when the response has no `language`: the language of the Questionnaire answered. */
  locale?: string | undefined;
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
export function fromQuestionnaireResponse(
  resource: unknown,
  options: FromResponseOptions = {},
): IntakePayload {
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
  const documents = new Map<DocumentType, Record<string, unknown>>();

  questions ??= questionItems(questionnaireItems());
  for (const item of questions) {
    const given = answers.get(item.linkId);
    if (!given?.length) continue;
    const values = given.map(valueOf).filter((value) => value !== undefined);
    const value = item.repeats ? values : values[0];
    const { documentType, path } = linkIdPath(item.linkId);
    if (documentType === undefined) {
      setPath(tree, path, value);
    } else {
      const entry = documents.get(documentType) ?? {};
      documents.set(documentType, entry);
      setPath(entry, path, value);
    }
  }

  const section = (key: string) => (isRecord(tree[key]) ? tree[key] : {});
  // Keys in the schema's order, so a stored payload reads like one the widget sent.
  const payload = withoutUndefined({
    schemaVersion,
    // Only a missing value falls back: one that is there but wrong is reported as such.
    submissionId:
      response.identifier === undefined ? options.submissionId : submissionIdOf(response),
    submittedAt: response.authored,
    locale: response.language === undefined ? options.locale : response.language,
    serviceCountry: extensionValue(response.extension, EXTENSIONS.serviceCountry),
    requester: section('requester'),
    patient: section('patient'),
    reasons: section('reasons'),
    motive: tree.motive,
    diagnosis: tree.diagnosis,
    documents: DOCUMENT_TYPES.filter((type) => documents.has(type)).map((type) => {
      const { status, language, translationNeeded = false, files } = documents.get(type)!;
      return withoutUndefined({ type, status, language, translationNeeded, files });
    }),
    insurance: section('insurance'),
    consent: section('consent'),
  });
  return payload as unknown as IntakePayload;
}
