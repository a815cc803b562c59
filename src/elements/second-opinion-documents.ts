import { localized, msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { keyed } from 'lit/directives/keyed.js';
import { repeat } from 'lit/directives/repeat.js';
import {
  addFilesLabel,
  fileProblemMessage,
  fileRefusalMessage,
  fileRemovedAnnouncement,
  filesAddedAnnouncement,
  filesHint,
  filesListLabel,
  filesReadingText,
  formatFileSize,
  imagingMetadataNote,
  removeFileLabel,
  removeFileName,
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
import { documentsSchema, type AttachedFile, type DocumentEntry } from '../schema/documents.js';
import { isDocumentStatus, isDocumentType } from '../schema/guards.js';
import type { IssueCode } from '../schema/issues.js';
import {
  documentLanguageChoices,
  needsTranslation,
  normalizeCountry,
  OTHER_LANGUAGE,
} from '../schema/languages.js';
import {
  admitFiles,
  ATTACHMENT_KINDS,
  DEFAULT_ACCEPT,
  DEFAULT_ATTACHMENT_LIMITS,
  inputAccept,
  limitOrDefault,
  parseAccept,
  type AttachmentRules,
  type FileRefusal,
} from '../submit/attachments.js';
import { filePartName } from '../submit/multipart.js';
import { choiceGroup, errorPrefix, selectField } from './shared/fields.js';
import { FormControlElement } from './shared/form-control.js';
import { fieldStyles, tokens } from './shared/tokens.styles.js';
import { documentsStyles } from './second-opinion-documents.styles.js';

/** Only a document the patient has, or will send, has a language worth asking for. */
const hasLanguage = (status: DocumentStatus | undefined): boolean =>
  status === 'attached' || status === 'will-send-later';

/** A row's two questions, as labelled on screen; their errors name them the same way. */
const statusLegend = () => msg('Do you have this document?', { id: 'documents.statusLegend' });
const languageLabel = () => msg('Language of the document', { id: 'documents.languageLabel' });

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

const carriesFiles = (transfer: DataTransfer | null | undefined): transfer is DataTransfer =>
  transfer?.types.includes('Files') ?? false;

const sameFile = (meta: AttachedFile, listed: unknown): boolean => {
  if (typeof listed !== 'object' || listed === null) return false;
  const other = listed as Partial<AttachedFile>;
  return other.sha256 === meta.sha256 && other.name === meta.name && other.size === meta.size;
};

/** A file the element holds: the bytes to send and what the payload says about them. */
interface HeldFile {
  /** Stable across re-renders, for the list's keys. */
  key: number;
  file: File;
  meta: AttachedFile;
}

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
  /** Files per type. Like the language, they stay while another status hides them. */
  private readonly held = new Map<DocumentType, HeldFile[]>();
  private nextFileKey = 0;
  /** Additions run one after another, so each one's limits count the ones before. */
  private additions: Promise<unknown> = Promise.resolve();
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

  /** Refused files per row, until the next addition to that row. */
  @state() private refusals = new Map<DocumentType, FileRefusal[]>();
  /** Rows whose new files are being checked. */
  @state() private reading = new Set<DocumentType>();
  /** The row files are dragged over. */
  @state() private dropTarget: DocumentType | undefined;
  /** The last announcement; a new `id` makes a new node, which screen readers announce. */
  @state() private announcement = { id: 0, text: '' };

  constructor() {
    super();
    // A file dropped anywhere else would make the browser open it, leaving the page and every
    // answer on it. Rows that take files accept the drop before this runs.
    const refuseDrop = (event: DragEvent) => {
      if (!event.defaultPrevented && carriesFiles(event.dataTransfer)) {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'none';
      }
    };
    this.addEventListener('dragover', refuseDrop);
    this.addEventListener('drop', refuseDrop);
  }

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
    if (!this.ownEdit && entries !== super.value) this.keepListedFiles(entries);
    super.value = this.aligned(entries);
  }

  /** The File objects listed in `value`, per type, in the order of each entry's `files`. */
  get files(): Partial<Record<DocumentType, File[]>> {
    const files: Partial<Record<DocumentType, File[]>> = {};
    for (const entry of this.value) {
      if (entry.files?.length)
        files[entry.type] = this.rowFiles(entry.type).map(({ file }) => file);
    }
    return files;
  }

  override formResetCallback(): void {
    this.languageMemory.clear();
    this.held.clear();
    this.refusals = new Map();
    super.formResetCallback();
  }

  /**
   * Adds files to a row, as the file input and a drop do: the row's status becomes "I have
   * it", each file is checked against the limits, and the accepted ones join the value. Fires
   * `input` and `change` when any file was added. Resolves with what was added and refused.
   */
  addFiles(type: DocumentType, files: Iterable<File>): Promise<AddFilesResult> {
    const list = [...files];
    const run = this.additions.then(() => this.admit(type, list));
    this.additions = run.catch(() => undefined);
    return run;
  }

  /** Removes a row's file by its position in that row's `files`. */
  removeFile(type: DocumentType, index: number): void {
    const rowIndex = this.shownTypes.indexOf(type);
    const row = this.rowFiles(type);
    const removed = row[index];
    if (rowIndex < 0 || !removed) return;
    this.held.set(
      type,
      row.filter((_, i) => i !== index),
    );
    this.announce(fileRemovedAnnouncement(documentTypeLabel(type), removed.meta.name));
    this.commitRow(rowIndex);
  }

  private get rules(): AttachmentRules {
    const kinds = parseAccept(this.accept);
    return {
      // An `accept` naming nothing the widget can recognize would refuse every file.
      kinds: kinds.length > 0 ? kinds : [...ATTACHMENT_KINDS],
      maxFileSize: limitOrDefault(this.maxFileSize, DEFAULT_ATTACHMENT_LIMITS.maxFileSize),
      maxTotalSize: limitOrDefault(this.maxTotalSize, DEFAULT_ATTACHMENT_LIMITS.maxTotalSize),
      maxFiles: limitOrDefault(this.maxFiles, DEFAULT_ATTACHMENT_LIMITS.maxFiles),
    };
  }

  private rowFiles(type: DocumentType): HeldFile[] {
    return this.held.get(type) ?? [];
  }

  private async admit(type: DocumentType, files: File[]): Promise<AddFilesResult> {
    const rowIndex = this.shownTypes.indexOf(type);
    if (rowIndex < 0 || files.length === 0 || this.isDisabled) return { added: [], refused: [] };
    const current = this.value[rowIndex];
    if (current?.status !== 'attached') {
      this.updateRow(rowIndex, 'attached', this.languageMemory.get(type));
    }
    this.reading = new Set(this.reading).add(type);
    const rules = this.rules;
    try {
      const all = [...this.held.values()].flat();
      const { admitted, refused } = await admitFiles(
        files,
        {
          count: all.length,
          totalSize: all.reduce((sum, { meta }) => sum + meta.size, 0),
          rowHashes: new Set(this.rowFiles(type).map(({ meta }) => meta.sha256)),
        },
        rules,
      );
      this.refusals = new Map(this.refusals).set(type, refused);
      const label = documentTypeLabel(type);
      this.announce(
        [
          admitted.length
            ? filesAddedAnnouncement(
                label,
                admitted.map(({ meta }) => meta.name),
              )
            : '',
          ...refused.map((refusal) => fileRefusalMessage(refusal, rules.kinds)),
        ]
          .filter(Boolean)
          .join(' '),
      );
      if (admitted.length > 0) {
        this.held.set(type, [
          ...this.rowFiles(type),
          ...admitted.map((file) => ({ ...file, key: this.nextFileKey++ })),
        ]);
        this.commitRow(rowIndex);
      }
      return { added: admitted.map(({ meta }) => meta), refused };
    } finally {
      const reading = new Set(this.reading);
      reading.delete(type);
      this.reading = reading;
    }
  }

  private announce(text: string): void {
    this.announcement = { id: this.announcement.id + 1, text };
  }

  /** A value from outside keeps the held files it lists; files cannot arrive through it. */
  private keepListedFiles(entries: readonly unknown[]): void {
    for (const type of [...this.held.keys()]) {
      const entry = entries.find(
        (item): item is Record<string, unknown> =>
          typeof item === 'object' && item !== null && (item as { type?: unknown }).type === type,
      );
      const listed = Array.isArray(entry?.files) ? (entry.files as unknown[]) : [];
      this.held.set(
        type,
        this.rowFiles(type).filter(({ meta }) => listed.some((item) => sameFile(meta, item))),
      );
    }
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
    const files = status === 'attached' ? this.rowFiles(type).map(({ meta }) => meta) : [];
    return {
      type,
      ...(status ? { status } : {}),
      ...(shownLanguage ? { language: shownLanguage } : {}),
      translationNeeded: needsTranslation(shownLanguage, this.country),
      ...(files.length > 0 ? { files } : {}),
    };
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

  private onFilesChosen(type: DocumentType, event: Event): void {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    // Emptied so that choosing the same file again (after removing it) fires `change` again.
    input.value = '';
    void this.addFiles(type, files);
  }

  private onDragOver(type: DocumentType, event: DragEvent): void {
    if (this.isDisabled || !carriesFiles(event.dataTransfer)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dropTarget = type;
  }

  private onDragLeave(event: DragEvent): void {
    const row = event.currentTarget as HTMLElement;
    if (!row.contains(event.relatedTarget as Node | null)) this.dropTarget = undefined;
  }

  private onDrop(type: DocumentType, event: DragEvent): void {
    this.dropTarget = undefined;
    if (this.isDisabled || !carriesFiles(event.dataTransfer)) return;
    event.preventDefault();
    void this.addFiles(type, [...event.dataTransfer.files]);
  }

  private onRemove(type: DocumentType, index: number): void {
    this.removeFile(type, index);
    // Focus stays in the list: the file that took this one's place, the one before, else the
    // "Add files" button.
    void this.updateComplete.then(() => {
      const count = this.rowFiles(type).length;
      const target =
        count > index
          ? `${type}-file-${index}-remove`
          : count > 0
            ? `${type}-file-${count - 1}-remove`
            : `${type}-files`;
      this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(target)}`)?.focus();
    });
  }

  private rowLabel(index: number): string {
    const type = this.shownTypes[index];
    return type
      ? documentTypeLabel(type)
      : msg('Medical documents', { id: 'documents.groupLabel' });
  }

  /** Errors are shown where the patient can act: a hidden language field's error moves to status. */
  private rowErrors(index: number): { status?: string; language?: string; files?: string } {
    const entry = this.value[index];
    const languageShown = hasLanguage(entry?.status);
    const filesShown = entry?.status === 'attached';
    const language = this.errorFor(`${index}.language`);
    // A server may name `files`, `files.2` or `files.2.sha256`.
    const files = this.errorUnder(`${index}.files`);
    const status =
      this.errorFor(`${index}.status`) ??
      this.errorFor(`${index}.type`) ??
      this.errorFor(`${index}.translationNeeded`) ??
      this.errorFor(`${index}`) ??
      (languageShown ? undefined : language) ??
      (filesShown ? undefined : files);
    return {
      status,
      language: languageShown ? language : undefined,
      files: filesShown ? files : undefined,
    };
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
    const status = this.value[index]?.status;
    if (parsed?.field === 'language' && hasLanguage(status)) return `${type}-language`;
    if (parsed && isFilesField(parsed.field) && status === 'attached') return `${type}-files`;
    return `${type}-status`;
  }

  protected override errorMessage(path: string, code: IssueCode): string {
    const parsed = parsePath(path);
    if (!parsed || parsed.index >= this.shownTypes.length) {
      return issueMessage(code, this.rowLabel(-1), 'choice');
    }
    const label = this.rowLabel(parsed.index);
    if (isFilesField(parsed.field)) {
      const fileIndex = fileIndexOf(parsed.field);
      const file =
        fileIndex === undefined ? undefined : this.value[parsed.index]?.files?.[fileIndex];
      return fileProblemMessage(file?.name, label);
    }
    const onLanguage = parsed.field === 'language' && hasLanguage(this.value[parsed.index]?.status);
    // Only words the patient sees: the row's legend, then the question as labelled on screen.
    return `${label}: ${issueMessage(code, onLanguage ? languageLabel() : statusLegend(), 'choice')}`;
  }

  /** With files, a host form receives them too: the JSON under `name`, each file beside it. */
  protected override formValue(json: string): string | FormData {
    const files = Object.entries(this.files) as [DocumentType, File[]][];
    if (!this.name || files.length === 0) return json;
    const data = new FormData();
    data.append(this.name, json);
    for (const [type, list] of files) {
      const listed = this.value.find((entry) => entry.type === type)?.files ?? [];
      list.forEach((file, index) =>
        data.append(`${this.name}:${filePartName(type, index)}`, file, listed[index]?.name),
      );
    }
    return data;
  }

  /** A row's files: the note on imaging, the button, the limits, refusals and the list. */
  private renderFiles(entry: DocumentEntry, error: string | undefined) {
    const { type } = entry;
    const rules = this.rules;
    const files = this.rowFiles(type);
    const refusals = this.refusals.get(type) ?? [];
    const label = documentTypeLabel(type);
    const describedBy = [`${type}-files-hint`, error ? `${type}-files-error` : '']
      .filter(Boolean)
      .join(' ');
    return html`<div class="files" part="files">
      ${
        type === 'imaging'
          ? html`<p class="metadata-note" part="metadata-note">${imagingMetadataNote()}</p>`
          : nothing
      }
      <div class="file-picker">
        <input
          id="${type}-files"
          class="file-input"
          type="file"
          multiple
          accept=${inputAccept(rules.kinds)}
          ?disabled=${this.isDisabled}
          aria-describedby=${describedBy}
          aria-invalid=${ifDefined(error ? 'true' : undefined)}
          @change=${(event: Event) => this.onFilesChosen(type, event)}
        />
        <label for="${type}-files" class="add-files" part="add-files">${addFilesLabel()}</label>
      </div>
      <p class="description" id="${type}-files-hint">${filesHint(rules.kinds, rules)}</p>
      ${
        error
          ? html`<p class="error" id="${type}-files-error" part="error">
              ${errorPrefix()}${error}
            </p>`
          : nothing
      }
      ${
        this.reading.has(type)
          ? html`<p class="description reading">${filesReadingText()}</p>`
          : nothing
      }
      ${
        refusals.length > 0
          ? html`<ul class="refusals">
              ${refusals.map(
                (refusal) =>
                  html`<li class="error" part="file-refusal">
                    ${errorPrefix()}${fileRefusalMessage(refusal, rules.kinds)}
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      ${
        files.length > 0
          ? html`<ul class="file-list" part="file-list" aria-label=${filesListLabel(label)}>
              ${repeat(
                files,
                (file) => file.key,
                ({ meta }, fileIndex) =>
                  html`<li class="file" part="file">
                    <span class="file-name" dir="auto">${meta.name}</span>
                    <span class="file-size">${formatFileSize(meta.size)}</span>
                    <button
                      type="button"
                      id="${type}-file-${fileIndex}-remove"
                      class="remove-file"
                      part="remove-file"
                      aria-label=${removeFileName(meta.name)}
                      ?disabled=${this.isDisabled}
                      @click=${() => this.onRemove(type, fileIndex)}
                    >
                      ${removeFileLabel()}
                    </button>
                  </li>`,
              )}
            </ul>`
          : nothing
      }
    </div>`;
  }

  /** One document type: its status, its language, a translation notice, its files. */
  private renderRow(entry: DocumentEntry, index: number): TemplateResult {
    const { type } = entry;
    const errors = this.rowErrors(index);
    const language = entry.language ?? '';
    return html`<fieldset
      class="row ${this.dropTarget === type ? 'drop-target' : ''}"
      part="row"
      aria-describedby="${type}-description"
      @dragenter=${(event: DragEvent) => this.onDragOver(type, event)}
      @dragover=${(event: DragEvent) => this.onDragOver(type, event)}
      @dragleave=${(event: DragEvent) => this.onDragLeave(event)}
      @drop=${(event: DragEvent) => this.onDrop(type, event)}
    >
      <legend>${documentTypeLabel(type)}</legend>
      <p class="description" id="${type}-description">${documentTypeDescription(type)}</p>
      <div class="row-body">
        ${choiceGroup({
          id: `${type}-status`,
          type: 'radio',
          label: statusLegend(),
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
                label: languageLabel(),
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
        ${entry.status === 'attached' ? this.renderFiles(entry, errors.files) : nothing}
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
