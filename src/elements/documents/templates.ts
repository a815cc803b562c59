import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { repeat } from 'lit/directives/repeat.js';
import {
  addFilesLabel,
  documentStatusLabel,
  documentTypeDescription,
  documentTypeLabel,
  fileRefusalMessage,
  filesHint,
  filesListLabel,
  filesReadingText,
  formatFileSize,
  imagingMetadataNote,
  removeFileLabel,
  removeFileName,
  translationNeededLabel,
  translationNotice,
} from '../../content/documents.js';
import { DOCUMENT_STATUSES, type DocumentType } from '../../schema/constants.js';
import type { DocumentEntry } from '../../schema/documents.js';
import { inputAccept } from '../../submit/attachments.js';
import { choiceGroup, errorPrefix, selectField, type Choice } from '../shared/fields.js';
import type { DocumentFileChecks, HeldFile } from './file-checks.js';
import { hasLanguage, languageLabel, statusLegend } from './rows.js';

/** A row's files area: its error, and where the patient's actions go. */
export interface FilesAreaOptions {
  error: string | undefined;
  disabled: boolean;
  /** Files chosen with the file input. */
  onFiles: (files: File[]) => void;
  onRemove: (index: number) => void;
}

/** A row's files: the note on imaging, the button, the limits, refusals and the list. */
export function filesArea(
  type: DocumentType,
  checks: DocumentFileChecks,
  options: FilesAreaOptions,
): TemplateResult {
  const { error, disabled } = options;
  const { rules } = checks;
  const files = checks.filesOf(type);
  const refusals = checks.refusalsOf(type);
  const onChange = (event: Event) => {
    const input = event.target as HTMLInputElement;
    const chosen = [...(input.files ?? [])];
    // Emptied so that choosing the same file again (after removing it) fires `change` again.
    input.value = '';
    options.onFiles(chosen);
  };
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
        ?disabled=${disabled}
        aria-describedby=${describedBy}
        aria-invalid=${ifDefined(error ? 'true' : undefined)}
        @change=${onChange}
      />
      <label for="${type}-files" class="add-files" part="add-files">${addFilesLabel()}</label>
    </div>
    <p class="description" id="${type}-files-hint">${filesHint(rules.kinds, rules)}</p>
    ${
      error
        ? html`<p class="error" id="${type}-files-error" part="error">${errorPrefix()}${error}</p>`
        : nothing
    }
    ${checks.isReading(type) ? html`<p class="description reading">${filesReadingText()}</p>` : nothing}
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
    ${files.length > 0 ? fileList(type, files, options) : nothing}
  </div>`;
}

/** The files of a row, each with its size and a Remove button. */
function fileList(
  type: DocumentType,
  files: readonly HeldFile[],
  { disabled, onRemove }: FilesAreaOptions,
): TemplateResult {
  return html`<ul
    class="file-list"
    part="file-list"
    aria-label=${filesListLabel(documentTypeLabel(type))}
  >
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
            ?disabled=${disabled}
            @click=${() => onRemove(fileIndex)}
          >
            ${removeFileLabel()}
          </button>
        </li>`,
    )}
  </ul>`;
}

/**
 * After a file's removal focus stays in the list: on the file that took its place, else the
 * one before, else the "Add files" button.
 */
export function focusAfterRemoval(
  root: HTMLElement | DocumentFragment,
  type: DocumentType,
  index: number,
  count: number,
): void {
  const target =
    count > index
      ? `${type}-file-${index}-remove`
      : count > 0
        ? `${type}-file-${count - 1}-remove`
        : `${type}-files`;
  root.querySelector<HTMLElement>(`#${CSS.escape(target)}`)?.focus();
}

/** What a row shows, and where the patient's actions and dragged files go. */
export interface DocumentRowOptions {
  entry: DocumentEntry;
  errors: { status?: string; language?: string };
  /** The service country, for the translation notice. */
  country: string;
  languageChoices: Choice[];
  disabled: boolean;
  /** Whether files are being dragged over this row. */
  dropTarget: boolean;
  /** The files area, shown while the status is "I have it". */
  files: () => TemplateResult;
  onStatus: (status: string, checked: boolean) => void;
  onLanguage: (language: string) => void;
  onDragOver: (event: DragEvent) => void;
  onDragLeave: (event: DragEvent) => void;
  onDrop: (event: DragEvent) => void;
}

/** One document type: its status, its language, a translation notice, its files. */
export function documentRow(options: DocumentRowOptions): TemplateResult {
  const { entry, errors, disabled } = options;
  const { type } = entry;
  return html`<fieldset
    class="row ${options.dropTarget ? 'drop-target' : ''}"
    part="row"
    aria-describedby="${type}-description"
    @dragenter=${options.onDragOver}
    @dragover=${options.onDragOver}
    @dragleave=${options.onDragLeave}
    @drop=${options.onDrop}
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
        disabled,
        onToggle: options.onStatus,
      })}
      ${
        hasLanguage(entry.status)
          ? selectField({
              id: `${type}-language`,
              label: languageLabel(),
              value: entry.language ?? '',
              choices: options.languageChoices,
              placeholder: msg('Choose a language', { id: 'documents.languagePlaceholder' }),
              error: errors.language,
              required: true,
              disabled,
              onSelect: options.onLanguage,
            })
          : nothing
      }
      <div class="notice-region" id="${type}-translation" aria-live="polite">
        ${
          entry.translationNeeded
            ? html`<p class="notice" part="translation-notice">
                <strong>${translationNeededLabel()}</strong>
                ${translationNotice(options.country)}
              </p>`
            : nothing
        }
      </div>
      ${entry.status === 'attached' ? options.files() : nothing}
    </div>
  </fieldset>`;
}
