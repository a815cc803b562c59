import { msg } from '@lit/localize';
import { documentTypeLabel, fileProblemMessage, languageName } from '../../content/documents.js';
import { issueMessage } from '../../content/issue-messages.js';
import type { DocumentStatus, DocumentType } from '../../schema/constants.js';
import type { AttachedFile, DocumentEntry } from '../../schema/documents.js';
import { isDocumentStatus, isDocumentType } from '../../schema/guards.js';
import type { IssueCode } from '../../schema/issues.js';
import {
  documentLanguageChoices,
  needsTranslation,
  OTHER_LANGUAGE,
} from '../../schema/languages.js';
import type { Choice } from '../shared/fields.js';

/** Only a document the patient has, or will send, has a language worth asking for. */
export const hasLanguage = (status: DocumentStatus | undefined): boolean =>
  status === 'attached' || status === 'will-send-later';

/** A row's two questions, as labelled on screen; their errors name them the same way. */
export const statusLegend = () =>
  msg('Do you have this document?', { id: 'documents.statusLegend' });
export const languageLabel = () =>
  msg('Language of the document', { id: 'documents.languageLabel' });

/** `"2.language"` → `{ index: 2, field: "language" }`; anything else has no row. */
function parsePath(path: string): { index: number; field: string } | undefined {
  const match = /^(\d+)(?:\.(.*))?$/.exec(path);
  return match ? { index: Number(match[1]), field: match[2] ?? '' } : undefined;
}

/** `"files.3.sha256"` → 3; `"files"` → undefined. */
function fileIndexOf(field: string): number | undefined {
  const match = /^files\.(\d+)/.exec(field);
  return match ? Number(match[1]) : undefined;
}

const isFilesField = (field: string) => field === 'files' || field.startsWith('files.');

/** A row's entry of the value; `translationNeeded` is always computed, never taken. */
export function documentEntry(
  type: DocumentType,
  status: DocumentStatus | undefined,
  language: string | undefined,
  country: string,
  files: readonly AttachedFile[],
): DocumentEntry {
  const shownLanguage = hasLanguage(status) ? language : undefined;
  const listed = status === 'attached' ? files : [];
  return {
    type,
    ...(status ? { status } : {}),
    ...(shownLanguage ? { language: shownLanguage } : {}),
    translationNeeded: needsTranslation(shownLanguage, country),
    ...(listed.length > 0 ? { files: [...listed] } : {}),
  };
}

/** What a value from outside says for each shown row (the first entry of a type wins). */
export function answersByRow(
  entries: readonly unknown[],
  types: readonly DocumentType[],
): Array<{ type: DocumentType; status?: DocumentStatus; language?: string }> {
  const byType = new Map<DocumentType, Record<string, unknown>>();
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null) continue;
    const record = entry as Record<string, unknown>;
    if (isDocumentType(record.type) && !byType.has(record.type)) byType.set(record.type, record);
  }
  return types.map((type) => {
    const record = byType.get(type);
    const status = isDocumentStatus(record?.status) ? record.status : undefined;
    const language =
      typeof record?.language === 'string' && record.language ? record.language : undefined;
    return { type, status, language };
  });
}

/** The language list of a row; a language set from outside that it lacks still shows. */
export function languageChoices(country: string, language: string | undefined): Choice[] {
  const codes = documentLanguageChoices(country);
  if (language && !codes.includes(language))
    codes.splice(codes.indexOf(OTHER_LANGUAGE), 0, language);
  return codes.map((code) => ({ value: code, label: languageName(code) }));
}

/** The id of the field that shows a path's error: a hidden field's error goes to the status. */
export function rowFieldId(path: string, value: readonly DocumentEntry[]): string {
  const parsed = parsePath(path);
  const index = parsed && parsed.index < value.length ? parsed.index : 0;
  const entry = value[index];
  if (!entry) return '';
  const { type, status } = entry;
  if (parsed?.field === 'language' && hasLanguage(status)) return `${type}-language`;
  if (parsed && isFilesField(parsed.field) && status === 'attached') return `${type}-files`;
  return `${type}-status`;
}

/** An error in words the patient sees: the row's legend, then the question as labelled. */
export function rowErrorMessage(
  path: string,
  code: IssueCode,
  value: readonly DocumentEntry[],
): string {
  const parsed = parsePath(path);
  const entry = parsed ? value[parsed.index] : undefined;
  if (!parsed || !entry) {
    return issueMessage(code, msg('Medical documents', { id: 'documents.groupLabel' }), 'choice');
  }
  const label = documentTypeLabel(entry.type);
  if (isFilesField(parsed.field)) {
    const fileIndex = fileIndexOf(parsed.field);
    const file = fileIndex === undefined ? undefined : entry.files?.[fileIndex];
    return fileProblemMessage(file?.name, label);
  }
  const onLanguage = parsed.field === 'language' && hasLanguage(entry.status);
  return `${label}: ${issueMessage(code, onLanguage ? languageLabel() : statusLegend(), 'choice')}`;
}

/**
 * A row's visible errors, shown where the patient can act: a hidden language field's or files'
 * error moves to the status. `errorUnder` finds `files`, `files.2` or `files.2.sha256`.
 */
export function rowErrors(
  entry: DocumentEntry | undefined,
  index: number,
  errorFor: (path: string) => string | undefined,
  errorUnder: (path: string) => string | undefined,
): { status?: string; language?: string; files?: string } {
  const languageShown = hasLanguage(entry?.status);
  const filesShown = entry?.status === 'attached';
  const language = errorFor(`${index}.language`);
  const files = errorUnder(`${index}.files`);
  const status =
    errorFor(`${index}.status`) ??
    errorFor(`${index}.type`) ??
    errorFor(`${index}.translationNeeded`) ??
    errorFor(`${index}`) ??
    (languageShown ? undefined : language) ??
    (filesShown ? undefined : files);
  return {
    status,
    language: languageShown ? language : undefined,
    files: filesShown ? files : undefined,
  };
}
