import type { AttachedFile } from '../schema/documents.js';
import type { SecondOpinionPayload } from '../schema/payload.js';

/**
 * The part of FHIR R4 this package writes and reads, typed by hand so that the package has no
 * FHIR dependency. Field names and cardinalities follow https://hl7.org/fhir/R4/ exactly; only
 * the elements used here are listed.
 */

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export interface Extension {
  url: string;
  valueCode?: string;
  valueString?: string;
}

export interface Reference {
  reference?: string;
  type?: string;
  display?: string;
}

export interface Identifier {
  system?: string;
  value?: string;
}

export interface Attachment {
  extension?: Extension[];
  contentType?: string;
  language?: string;
  url?: string;
  size?: number;
  title?: string;
}

export type QuestionnaireItemType =
  | 'group'
  | 'display'
  | 'boolean'
  | 'date'
  | 'string'
  | 'text'
  | 'choice'
  | 'open-choice'
  | 'attachment';

export interface QuestionnaireEnableWhen {
  question: string;
  operator: 'exists' | '=' | '!=';
  answerBoolean?: boolean;
  answerCoding?: Coding;
}

export interface QuestionnaireAnswerOption {
  valueCoding: Coding;
}

export interface QuestionnaireItem {
  linkId: string;
  text?: string;
  type: QuestionnaireItemType;
  enableWhen?: QuestionnaireEnableWhen[];
  enableBehavior?: 'all' | 'any';
  required?: boolean;
  repeats?: boolean;
  readOnly?: boolean;
  maxLength?: number;
  answerOption?: QuestionnaireAnswerOption[];
  item?: QuestionnaireItem[];
}

export interface Questionnaire {
  resourceType: 'Questionnaire';
  id?: string;
  language?: string;
  url?: string;
  version?: string;
  name?: string;
  title?: string;
  status: 'draft' | 'active' | 'retired' | 'unknown';
  subjectType?: string[];
  publisher?: string;
  description?: string;
  item?: QuestionnaireItem[];
}

export interface QuestionnaireResponseAnswer {
  valueBoolean?: boolean;
  valueDate?: string;
  valueString?: string;
  valueCoding?: Coding;
  valueAttachment?: Attachment;
  item?: QuestionnaireResponseItem[];
}

export interface QuestionnaireResponseItem {
  linkId: string;
  text?: string;
  answer?: QuestionnaireResponseAnswer[];
  item?: QuestionnaireResponseItem[];
}

export interface ContainedPatient {
  resourceType: 'Patient';
  id: string;
  name?: { text?: string }[];
  telecom?: { system?: 'phone' | 'email'; value?: string; rank?: number }[];
  birthDate?: string;
}

export interface ContainedRelatedPerson {
  resourceType: 'RelatedPerson';
  id: string;
  patient: Reference;
  relationship?: { coding?: Coding[]; text?: string }[];
  name?: { text?: string }[];
}

export interface QuestionnaireResponse {
  resourceType: 'QuestionnaireResponse';
  language?: string;
  contained?: (ContainedPatient | ContainedRelatedPerson)[];
  extension?: Extension[];
  identifier?: Identifier;
  questionnaire?: string;
  status: 'in-progress' | 'completed' | 'amended' | 'entered-in-error' | 'stopped';
  subject?: Reference;
  authored?: string;
  source?: Reference;
  item?: QuestionnaireResponseItem[];
}

/**
 * A file listed with a document: its metadata and a SHA-256 of its bytes, never the bytes
 * (those travel as their own part of the request). The schema's `AttachedFile`.
 */
export type DocumentFile = AttachedFile;

/** The payload, whose documents may list `files`. Kept as a name for existing callers. */
export type IntakePayload = SecondOpinionPayload;
