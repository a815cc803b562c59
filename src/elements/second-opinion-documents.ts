import { localized, msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import {
  documentsIntro,
  documentsLanguageRule,
  documentStatusLabel,
  documentTypeDescription,
  documentTypeLabel,
  languageName,
  translationNeededLabel,
  translationNotice,
} from '../content/documents.js';
import { issueMessage } from '../content/issue-messages.js';
import {
  DOCUMENT_STATUSES,
  DOCUMENT_TYPES,
  type DocumentStatus,
  type DocumentType,
} from '../schema/constants.js';
import { documentsSchema, type DocumentEntry } from '../schema/documents.js';
import type { IssueCode } from '../schema/issues.js';
import {
  documentLanguageChoices,
  needsTranslation,
  normalizeCountry,
  OTHER_LANGUAGE,
} from '../schema/languages.js';
import { choiceGroup, selectField } from './shared/fields.js';
import { FormControlElement } from './shared/form-control.js';
import { fieldStyles, tokens } from './shared/tokens.styles.js';
import { documentsStyles } from './second-opinion-documents.styles.js';

const isDocumentType = (value: unknown): value is DocumentType =>
  (DOCUMENT_TYPES as readonly unknown[]).includes(value);

const isDocumentStatus = (value: unknown): value is DocumentStatus =>
  (DOCUMENT_STATUSES as readonly unknown[]).includes(value);

/** Only a document the patient has, or will send, has a language worth asking for. */
const hasLanguage = (status: DocumentStatus | undefined): boolean =>
  status === 'attached' || status === 'will-send-later';

/** `"2.language"` → `{ index: 2, field: "language" }`; anything else has no row. */
function parsePath(path: string): { index: number; field: string } | undefined {
  const match = /^(\d+)(?:\.(.*))?$/.exec(path);
  return match ? { index: Number(match[1]), field: match[2] ?? '' } : undefined;
}

/**
 * The document checklist: one row per kind of medical record the FAQ asks for (Form No. 100 and
 * its equivalents, imaging, blood tests, medications, other). For each the patient says whether
 * they have it, and for a document they have or will send, its language. A document in neither
 * English nor a language of the service country gets a notice that it needs a translation.
 *
 * A form control: inside a `<form>` it submits its value as JSON under `name`, takes part in
 * validation, reset and restore.
 *
 * @attr service-country - ISO 3166-1 alpha-2 code of the country that provides the second opinion
 *   (any case). Decides which languages need no translation: English and that country's own.
 * @attr name - The name under which the form receives the value.
 * @attr required - An unanswered checklist is invalid. Without it an untouched checklist is valid,
 *   but once one row is answered every row must be.
 * @attr disabled
 *
 * @prop {string} serviceCountry - As `service-country`; reads back upper-case.
 * @prop {DocumentType[]} types - Which rows to show, in this order. Default: every document type.
 * @prop {DocumentEntry[]} value - One entry per row, in `types` order:
 *   `{ type, status?, language?, translationNeeded }`. `language` is present only while the status
 *   is `attached` or `will-send-later`; `translationNeeded` is always computed here. A value set
 *   from outside is aligned to `types` (missing rows added, unknown types dropped).
 * @prop {FieldErrors} externalErrors - Errors from elsewhere keyed `<row index>.status` or
 *   `<row index>.language`.
 *
 * @fires input - On every edit; read `value`.
 * @fires change - When an answer is chosen; read `value`.
 *
 * @csspart row - The fieldset of one document type.
 * @csspart translation-notice - The notice that a document needs a translation.
 * @csspart group - The status radio group of a row.
 * @csspart option - One status option.
 * @csspart radio - A status radio button.
 * @csspart field - The language field of a row.
 * @csspart error - An inline error message.
 *
 * @cssprop --second-opinion-warning-surface - Background of the translation notice.
 * @cssprop --second-opinion-border - Row separators and the notice's border.
 */
@localized()
export class SecondOpinionDocuments extends FormControlElement<DocumentEntry[]> {
  static override styles = [tokens, fieldStyles, documentsStyles];

  private country = '';
  private shownTypes: DocumentType[] = [...DOCUMENT_TYPES];
  /**
   * The last language known per type, kept while the status hides the language field, so that
   * "I don't have it" and back does not lose the patient's answer.
   */
  private readonly languageMemory = new Map<DocumentType, string>();

  @property({ attribute: 'service-country' })
  get serviceCountry(): string {
    return this.country;
  }
  set serviceCountry(next: string | null | undefined) {
    this.country = normalizeCountry(next);
    // `translationNeeded` depends on the country, so every row is recomputed.
    this.value = this.aligned(this.value);
  }

  @property({ attribute: false })
  get types(): DocumentType[] {
    return this.shownTypes;
  }
  set types(next: readonly DocumentType[] | null | undefined) {
    this.shownTypes = [...new Set((next ?? DOCUMENT_TYPES).filter(isDocumentType))];
    // The value keeps one entry per shown row: new rows are added, removed ones dropped.
    this.value = this.aligned(this.value);
  }

  override get value(): DocumentEntry[] {
    return super.value;
  }
  /** Every value, from outside or from an edit, is aligned to the rows and recomputed here. */
  override set value(next: readonly DocumentEntry[] | null | undefined) {
    super.value = this.aligned(next ?? []);
  }

  override formResetCallback(): void {
    this.languageMemory.clear();
    super.formResetCallback();
  }

  private aligned(entries: readonly unknown[]): DocumentEntry[] {
    const byType = new Map<DocumentType, Record<string, unknown>>();
    for (const entry of entries) {
      if (typeof entry !== 'object' || entry === null) continue;
      const record = entry as Record<string, unknown>;
      if (isDocumentType(record.type) && !byType.has(record.type)) {
        byType.set(record.type, record);
      }
    }
    return this.shownTypes.map((type) => {
      const record = byType.get(type);
      const status = isDocumentStatus(record?.status) ? record.status : undefined;
      const language =
        typeof record?.language === 'string' && record.language ? record.language : undefined;
      if (language) this.languageMemory.set(type, language);
      else if (hasLanguage(status)) this.languageMemory.delete(type);
      return this.entry(type, status, language);
    });
  }

  private entry(
    type: DocumentType,
    status: DocumentStatus | undefined,
    language: string | undefined,
  ): DocumentEntry {
    const shownLanguage = hasLanguage(status) ? language : undefined;
    return {
      type,
      ...(status ? { status } : {}),
      ...(shownLanguage ? { language: shownLanguage } : {}),
      translationNeeded: needsTranslation(shownLanguage, this.country),
    };
  }

  private updateRow(index: number, status: DocumentStatus | undefined, language?: string): void {
    const current = this.value[index];
    if (!current) return;
    const next = this.value.map((entry, i) =>
      i === index ? this.entry(entry.type, status, language) : entry,
    );
    this.commit(next, [`${index}.status`, `${index}.language`]);
  }

  private handleStatus(index: number, status: string, checked: boolean): void {
    const current = this.value[index];
    if (!checked || !current || !isDocumentStatus(status)) return;
    this.updateRow(index, status, this.languageMemory.get(current.type));
  }

  private handleLanguage(index: number, language: string): void {
    const current = this.value[index];
    if (!current) return;
    if (language) this.languageMemory.set(current.type, language);
    else this.languageMemory.delete(current.type);
    this.updateRow(index, current.status, language || undefined);
  }

  private rowLabel(index: number): string {
    const type = this.shownTypes[index];
    return type
      ? documentTypeLabel(type)
      : msg('Medical documents', { id: 'documents.groupLabel' });
  }

  /** Errors are shown where the patient can act: a hidden language field's error moves to status. */
  private rowErrors(index: number): { status?: string; language?: string } {
    const languageShown = hasLanguage(this.value[index]?.status);
    const language = this.errorFor(`${index}.language`);
    const status =
      this.errorFor(`${index}.status`) ??
      this.errorFor(`${index}.type`) ??
      this.errorFor(`${index}.translationNeeded`) ??
      this.errorFor(`${index}`) ??
      (languageShown ? undefined : language);
    return { status, language: languageShown ? language : undefined };
  }

  private languageChoices(language: string | undefined) {
    const codes = documentLanguageChoices(this.country);
    // A language set from outside that the list lacks still has to show as selected.
    if (language && !codes.includes(language))
      codes.splice(codes.indexOf(OTHER_LANGUAGE), 0, language);
    return codes.map((code) => ({ value: code, label: languageName(code) }));
  }

  protected override get schema() {
    return documentsSchema;
  }

  protected override emptyValue(): DocumentEntry[] {
    // The base class asks for this in its constructor, before this class's fields are set.
    return (this.shownTypes ?? DOCUMENT_TYPES).map((type) => ({ type, translationNeeded: false }));
  }

  protected override isEmpty(value: readonly DocumentEntry[]): boolean {
    return value.every((entry) => !entry.status && !entry.language);
  }

  protected override restoreValue(state: unknown): DocumentEntry[] {
    if (!Array.isArray(state) || !state.every((item) => typeof item === 'object' && item)) {
      throw new TypeError('Not a list of document entries');
    }
    return this.aligned(state);
  }

  protected override fieldIdFor(path: string): string {
    const parsed = parsePath(path);
    const index = parsed && parsed.index < this.shownTypes.length ? parsed.index : 0;
    const type = this.shownTypes[index];
    if (!type) return '';
    const languageShown = hasLanguage(this.value[index]?.status);
    return parsed?.field === 'language' && languageShown ? `${type}-language` : `${type}-status`;
  }

  protected override errorMessage(path: string, code: IssueCode): string {
    const parsed = parsePath(path);
    if (!parsed || parsed.index >= this.shownTypes.length) {
      return issueMessage(code, this.rowLabel(-1), 'choice');
    }
    const label = this.rowLabel(parsed.index);
    const onLanguage = parsed.field === 'language' && hasLanguage(this.value[parsed.index]?.status);
    return issueMessage(
      code,
      onLanguage
        ? msg(str`Language of: ${label}`, { id: 'documents.languageErrorLabel' })
        : msg(str`Status of: ${label}`, { id: 'documents.statusErrorLabel' }),
      'choice',
    );
  }

  /** One document type. Issue #5 adds the row's file upload here, below the language. */
  private renderRow(entry: DocumentEntry, index: number): TemplateResult {
    const { type } = entry;
    const errors = this.rowErrors(index);
    const language = entry.language ?? '';
    return html`<fieldset class="row" part="row" aria-describedby="${type}-description">
      <legend>${documentTypeLabel(type)}</legend>
      <p class="description" id="${type}-description">${documentTypeDescription(type)}</p>
      <div class="row-body">
        ${choiceGroup({
          id: `${type}-status`,
          type: 'radio',
          label: msg('Do you have this document?', { id: 'documents.statusLegend' }),
          choices: DOCUMENT_STATUSES.map((status) => ({
            value: status,
            label: documentStatusLabel(status),
          })),
          selected: entry.status ? [entry.status] : [],
          error: errors.status,
          required: true,
          disabled: this.isDisabled,
          onToggle: (status, checked) => this.handleStatus(index, status, checked),
        })}
        ${
          hasLanguage(entry.status)
            ? selectField({
                id: `${type}-language`,
                label: msg('Language of the document', { id: 'documents.languageLabel' }),
                value: language,
                choices: this.languageChoices(language),
                placeholder: msg('Choose a language', { id: 'documents.languagePlaceholder' }),
                error: errors.language,
                required: true,
                disabled: this.isDisabled,
                onSelect: (value) => this.handleLanguage(index, value),
              })
            : nothing
        }
        <div class="notice-region" id="${type}-translation" aria-live="polite">
          ${
            entry.translationNeeded
              ? html`<p class="notice" part="translation-notice">
                  <strong>${translationNeededLabel()}</strong>
                  ${translationNotice(this.country)}
                </p>`
              : nothing
          }
        </div>
      </div>
    </fieldset>`;
  }

  override render() {
    const rootError = this.errorFor('');
    return html`<div class="intro">
        <p>${documentsIntro()}</p>
        <p>${documentsLanguageRule(this.country)}</p>
      </div>
      ${
        rootError
          ? html`<p class="error" part="error" id="documents-error">${rootError}</p>`
          : nothing
      }
      ${this.value.map((entry, index) => this.renderRow(entry, index))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'second-opinion-documents': SecondOpinionDocuments;
  }
}
