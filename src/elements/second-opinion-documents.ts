import { localized } from '@lit/localize';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import {
  documentsIntro,
  documentsLanguageRule,
  documentTypeLabel,
  fileRefusalMessage,
  fileRemovedAnnouncement,
  filesAddedAnnouncement,
} from '../content/documents.js';
import { DOCUMENT_TYPES, type DocumentStatus, type DocumentType } from '../schema/constants.js';
import { documentsSchema, type AttachedFile, type DocumentEntry } from '../schema/documents.js';
import { isDocumentStatus, isDocumentType } from '../schema/guards.js';
import type { IssueCode } from '../schema/issues.js';
import { normalizeCountry } from '../schema/languages.js';
import {
  DEFAULT_ACCEPT,
  DEFAULT_ATTACHMENT_LIMITS,
  type FileRefusal,
} from '../submit/attachments.js';
import { DocumentFileChecks } from './documents/file-checks.js';
import { FileDrop } from './documents/file-drop.js';
import { documentsFormValue } from './documents/form-data.js';
import {
  answersByRow,
  documentEntry,
  hasLanguage,
  languageChoices,
  rowErrorMessage,
  rowErrors,
  rowFieldId,
} from './documents/rows.js';
import { documentRow, filesArea, focusAfterRemoval } from './documents/templates.js';
import { errorPrefix } from './shared/fields.js';
import { FormControlElement } from './shared/form-control.js';
import { fieldStyles, tokens } from './shared/tokens.styles.js';
import { documentsStyles } from './second-opinion-documents.styles.js';

/** What `addFiles` did: the files added (as the value lists them) and the ones refused. */
export interface AddFilesResult {
  added: AttachedFile[];
  refused: FileRefusal[];
}

/**
 * The document checklist: one row per kind of medical record the FAQ asks for (Form No. 100 and
 * its equivalents, imaging, blood tests, medications, other). For each the patient says whether
 * they have it, and for a document they have or will send, its language. A document in neither
 * English nor a language of the service country gets a notice that it needs a translation.
 *
 * A document the patient has ("I have it") takes files: through an "Add files" button (a real
 * file input) or by dropping files onto its row. Each file is checked by its content (the first
 * bytes), its size, the total size and the number of files; a refused file gets a message naming
 * it and the limit, and the others are kept. The value lists each file's metadata with its
 * SHA-256; the File objects themselves are in `files`, for the request body.
 *
 * A form control: inside a `<form>` it submits its value as JSON under `name` (and each file as
 * `<name>:file:<type>:<index>`), takes part in validation, reset and restore.
 *
 * @attr service-country - ISO 3166-1 alpha-2 code of the country that provides the second opinion
 *   (any case). Decides which languages need no translation: English and that country's own.
 * @attr name - The name under which the form receives the value.
 * @attr required - An unanswered checklist is invalid. Without it an untouched checklist is valid,
 *   but once one row is answered every row must be.
 * @attr disabled
 * @attr accept - The kinds of file accepted, as media types or extensions separated by commas
 *   (`application/pdf, .dcm, image/*`). Recognized: PDF, JPEG, PNG, TIFF, DICOM, ZIP, each by its
 *   content. Default: all of them.
 * @attr max-file-size - Largest file, in bytes. Default 26214400 (25 MiB).
 * @attr max-total-size - Largest total of all files, in bytes. Default 104857600 (100 MiB).
 * @attr max-files - Most files in all rows together. Default 20.
 *
 * @prop {string} serviceCountry - As `service-country`; reads back upper-case.
 * @prop {DocumentType[]} types - Which rows to show, in this order. Default: every document type.
 * @prop {DocumentEntry[]} value - One entry per row, in `types` order:
 *   `{ type, status?, language?, translationNeeded, files? }`. `language` is present only while
 *   the status is `attached` or `will-send-later`, `files` (`{ name, size, type, sha256 }`) only
 *   while it is `attached` and has files; `translationNeeded` is always computed here. A value set
 *   from outside is aligned to `types` (missing rows added, unknown types dropped) and keeps only
 *   the files it lists that the element holds: files are added here, never through `value`.
 * @prop {Partial<Record<DocumentType, File[]>>} files - Read only: the File objects listed in `value`, per document type,
 *   in the order of that entry's `files`. What `buildRequestBody()` sends.
 * @prop {FieldErrors} externalErrors - Errors from elsewhere keyed `<row index>.status`,
 *   `<row index>.language` or `<row index>.files.<file index>`.
 *
 * @fires input - On every edit; read `value`.
 * @fires change - When an answer is chosen or the files change; read `value`.
 *
 * @csspart row - The fieldset of one document type.
 * @csspart translation-notice - The notice that a document needs a translation.
 * @csspart group - The status radio group of a row.
 * @csspart option - One status option.
 * @csspart radio - A status radio button.
 * @csspart field - The language field of a row.
 * @csspart error - An inline error message.
 * @csspart files - The files area of a row.
 * @csspart add-files - The "Add files" button.
 * @csspart metadata-note - The note on personal data in imaging files and photos.
 * @csspart file-list - The list of a row's files.
 * @csspart file - One file in the list.
 * @csspart remove-file - A file's Remove button.
 * @csspart file-refusal - A message about a file that was not added.
 *
 * @cssprop --second-opinion-warning-surface - Background of the translation notice.
 * @cssprop --second-opinion-border - Row separators and the notice's border.
 * @cssprop --second-opinion-accent - The "Add files" button and a row's outline while files are
 *   dragged over it.
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
  /** The files per type and their checks. Like the language, they stay while hidden. */
  private readonly fileChecks = new DocumentFileChecks(this);
  private readonly fileDrop = new FileDrop(this, {
    disabled: () => this.isDisabled,
    onDrop: (type, files) => void this.addFiles(type, files),
  });
  /** Set while the element itself assigns `value`: its own edits keep the held files. */
  private ownEdit = false;

  /** Kinds of file accepted (media types or extensions, comma-separated). */
  @property() accept: string = DEFAULT_ACCEPT;
  /** Largest file, in bytes. */
  @property({ attribute: 'max-file-size', type: Number })
  maxFileSize: number = DEFAULT_ATTACHMENT_LIMITS.maxFileSize;
  /** Largest total of all files, in bytes. */
  @property({ attribute: 'max-total-size', type: Number })
  maxTotalSize: number = DEFAULT_ATTACHMENT_LIMITS.maxTotalSize;
  /** Most files, all rows together. */
  @property({ attribute: 'max-files', type: Number })
  maxFiles: number = DEFAULT_ATTACHMENT_LIMITS.maxFiles;

  /** The last announcement; a new `id` makes a new node, which screen readers announce. */
  @state() private announcement = { id: 0, text: '' };

  @property({ attribute: 'service-country' })
  get serviceCountry(): string {
    return this.country;
  }
  set serviceCountry(next: string | null | undefined) {
    this.country = normalizeCountry(next);
    // `translationNeeded` depends on the country, so every row is recomputed.
    this.realign();
  }

  @property({ attribute: false })
  get types(): DocumentType[] {
    return this.shownTypes;
  }
  set types(next: readonly DocumentType[] | null | undefined) {
    this.shownTypes = [...new Set((next ?? DOCUMENT_TYPES).filter(isDocumentType))];
    // The value keeps one entry per shown row: new rows are added, removed ones dropped.
    this.realign();
  }

  override get value(): DocumentEntry[] {
    return super.value;
  }
  /** Every value, from outside or from an edit, is aligned to the rows and recomputed here. */
  override set value(next: readonly DocumentEntry[] | null | undefined) {
    const entries = next ?? [];
    // A page handing back the very value it got (as the intake does) changes nothing.
    if (!this.ownEdit && entries !== super.value) this.fileChecks.keepListed(entries);
    super.value = this.aligned(entries);
  }

  /** The File objects listed in `value`, per type, in the order of each entry's `files`. */
  get files(): Partial<Record<DocumentType, File[]>> {
    const files: Partial<Record<DocumentType, File[]>> = {};
    for (const entry of this.value) {
      if (entry.files?.length)
        files[entry.type] = this.fileChecks.filesOf(entry.type).map(({ file }) => file);
    }
    return files;
  }

  override formResetCallback(): void {
    this.languageMemory.clear();
    this.fileChecks.clear();
    super.formResetCallback();
  }

  /**
   * Adds files to a row, as the file input and a drop do: the row's status becomes "I have
   * it", each file is checked against the limits, and the accepted ones join the value. Fires
   * `input` and `change` when any file was added. Resolves with what was added and refused.
   */
  addFiles(type: DocumentType, files: Iterable<File>): Promise<AddFilesResult> {
    const list = [...files];
    return this.fileChecks.serially(() => this.admit(type, list));
  }

  /** Removes a row's file by its position in that row's `files`. */
  removeFile(type: DocumentType, index: number): void {
    const rowIndex = this.shownTypes.indexOf(type);
    if (rowIndex < 0) return;
    const removed = this.fileChecks.remove(type, index);
    if (!removed) return;
    this.announce(fileRemovedAnnouncement(documentTypeLabel(type), removed.meta.name));
    this.commitRow(rowIndex);
  }

  private async admit(type: DocumentType, files: File[]): Promise<AddFilesResult> {
    const rowIndex = this.shownTypes.indexOf(type);
    if (rowIndex < 0 || files.length === 0 || this.isDisabled) return { added: [], refused: [] };
    if (this.value[rowIndex]?.status !== 'attached') {
      this.updateRow(rowIndex, 'attached', this.languageMemory.get(type));
    }
    const { kinds } = this.fileChecks.rules;
    const { admitted, refused } = await this.fileChecks.check(type, files);
    const added = admitted.map(({ meta }) => meta.name);
    this.announce(
      [
        added.length ? filesAddedAnnouncement(documentTypeLabel(type), added) : '',
        ...refused.map((refusal) => fileRefusalMessage(refusal, kinds)),
      ]
        .filter(Boolean)
        .join(' '),
    );
    if (admitted.length > 0) this.commitRow(rowIndex);
    return { added: admitted.map(({ meta }) => meta), refused };
  }

  private announce(text: string): void {
    this.announcement = { id: this.announcement.id + 1, text };
  }

  /** Recomputes every row (country, rows shown) without touching the files. */
  private realign(): void {
    this.ownEdit = true;
    try {
      const current = this.value;
      this.value = current;
    } finally {
      this.ownEdit = false;
    }
  }

  protected override commit(
    next: DocumentEntry[],
    changedPaths: readonly string[],
    complete = true,
  ): void {
    this.ownEdit = true;
    try {
      super.commit(next, changedPaths, complete);
    } finally {
      this.ownEdit = false;
    }
  }

  private aligned(entries: readonly unknown[]): DocumentEntry[] {
    return answersByRow(entries, this.shownTypes).map(({ type, status, language }) => {
      if (language) this.languageMemory.set(type, language);
      else if (hasLanguage(status)) this.languageMemory.delete(type);
      return this.entry(type, status, language);
    });
  }

  private entry(type: DocumentType, status?: DocumentStatus, language?: string): DocumentEntry {
    const files = this.fileChecks.filesOf(type).map(({ meta }) => meta);
    return documentEntry(type, status, language, this.country, files);
  }

  private updateRow(index: number, status: DocumentStatus | undefined, language?: string): void {
    const current = this.value[index];
    if (!current) return;
    const next = this.value.map((entry, i) =>
      i === index ? this.entry(entry.type, status, language) : entry,
    );
    this.commit(next, [`${index}.status`, `${index}.language`, `${index}.files`]);
  }

  /** After the files of a row changed: its entry again, with the files as they are now. */
  private commitRow(index: number): void {
    const current = this.value[index];
    if (current) this.updateRow(index, current.status, current.language);
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

  private onRemove(type: DocumentType, index: number): void {
    this.removeFile(type, index);
    void this.updateComplete.then(() =>
      focusAfterRemoval(this.renderRoot, type, index, this.fileChecks.filesOf(type).length),
    );
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
    return rowFieldId(path, this.value);
  }

  protected override errorMessage(path: string, code: IssueCode): string {
    return rowErrorMessage(path, code, this.value);
  }

  /** With files, a host form receives them too: the JSON under `name`, each file beside it. */
  protected override formValue(json: string): string | FormData {
    return documentsFormValue(this.name, json, this.value, this.files);
  }

  /** One document type: its status, its language, a translation notice, its files. */
  private renderRow(entry: DocumentEntry, index: number) {
    const { type } = entry;
    const errors = rowErrors(
      entry,
      index,
      (path) => this.errorFor(path),
      (path) => this.errorUnder(path),
    );
    return documentRow({
      entry,
      errors,
      country: this.country,
      languageChoices: languageChoices(this.country, entry.language),
      disabled: this.isDisabled,
      dropTarget: this.fileDrop.isTarget(type),
      files: () =>
        filesArea(type, this.fileChecks, {
          error: errors.files,
          disabled: this.isDisabled,
          onFiles: (files) => void this.addFiles(type, files),
          onRemove: (fileIndex) => this.onRemove(type, fileIndex),
        }),
      onStatus: (status, checked) => this.handleStatus(index, status, checked),
      onLanguage: (language) => this.handleLanguage(index, language),
      onDragOver: (event) => this.fileDrop.over(type, event),
      onDragLeave: (event) => this.fileDrop.leave(event),
      onDrop: (event) => this.fileDrop.drop(type, event),
    });
  }

  override render() {
    const rootError = this.errorFor('');
    return html`<div class="intro">
        <p>${documentsIntro()}</p>
        <p>${documentsLanguageRule(this.country)}</p>
      </div>
      ${
        rootError
          ? html`<p class="error" part="error" id="documents-error">
              ${errorPrefix()}${rootError}
            </p>`
          : nothing
      }
      ${this.value.map((entry, index) => this.renderRow(entry, index))}
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">
        ${keyed(this.announcement.id, html`<p>${this.announcement.text}</p>`)}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'second-opinion-documents': SecondOpinionDocuments;
  }
}
