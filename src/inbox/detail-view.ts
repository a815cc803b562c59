import { html, nothing } from 'lit';
import { MAX_LENGTH } from '../schema/constants.js';
import {
  changedBy,
  confirmDeleteHeading,
  formatDateTime,
  inboxText,
  requestHeading,
  statusLabel,
} from './inbox-text.js';
import { formText } from './form-text.js';
import { requestAnswers, type AnswersActions } from './request-answers.js';
import { statusMoves, type RequestStatus, type StoredRequest } from './staff-client.js';

/**
 * One request, opened: where it stands (status, history), the patient's answers and files, and
 * what staff can do with it (change the status with a note, export, audit trail, delete). The
 * delete confirmation is its own small view: a step of its own, not `window.confirm`, so it is
 * styled, translated and read by screen readers like the rest.
 */

export interface DetailViewProps extends AnswersActions {
  request: StoredRequest;
  busy: boolean;
  /** The inline error of the status form (no status chosen), if shown. */
  statusError: string | undefined;
  onBack(): void;
  onStatus(status: RequestStatus | undefined, note: string): void;
  onExport(): void;
  onAudit(): void;
  onDelete(): void;
}

function readStatusForm(event: SubmitEvent): { status: RequestStatus | undefined; note: string } {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const data = new FormData(form);
  const status = data.get('status');
  return {
    status: typeof status === 'string' ? (status as RequestStatus) : undefined,
    note: formText(data, 'note'),
  };
}

function history(request: StoredRequest) {
  const text = inboxText();
  if (!request.history.length) return nothing;
  return html`<h3 id="history-heading">${text.historyHeading}</h3>
    <ol class="history" aria-labelledby="history-heading">
      ${request.history.map(
        (change) =>
          html`<li>
            <time datetime=${change.at}>${formatDateTime(change.at)}</time>:
            <strong>${statusLabel(change.status)}</strong>
            <span class="actor">${changedBy(change.actor)}</span>
            ${
              change.note
                ? html`<p class="note"><span class="label">${text.note}:</span> ${change.note}</p>`
                : nothing
            }
          </li>`,
      )}
    </ol>`;
}

function statusForm(props: DetailViewProps) {
  const text = inboxText();
  const moves = statusMoves(props.request.status);
  const error = props.statusError;
  return html`<section class="status-form" aria-labelledby="status-form-heading">
    <h3 id="status-form-heading">${text.statusFormHeading}</h3>
    <form
      @submit=${(event: SubmitEvent) => {
        const { status, note } = readStatusForm(event);
        props.onStatus(status, note);
      }}
    >
      <fieldset aria-describedby=${error ? 'status-choice-error' : nothing}>
        <legend>${text.newStatus}</legend>
        ${
          error
            ? html`<p class="error" id="status-choice-error">
                <span class="visually-hidden">${text.errorTitle}:</span> ${error}
              </p>`
            : nothing
        }
        ${moves.map(
          (status) =>
            html`<div class="option">
              <input
                type="radio"
                name="status"
                id="status-${status}"
                value=${status}
                aria-invalid=${error ? 'true' : nothing}
              />
              <label for="status-${status}">${statusLabel(status)}</label>
            </div>`,
        )}
      </fieldset>
      <div class="field">
        <label for="status-note">${text.statusNote}</label>
        <p class="description" id="status-note-hint">${text.statusNoteHint}</p>
        <textarea
          id="status-note"
          name="note"
          rows="3"
          maxlength=${MAX_LENGTH.longText}
          aria-describedby="status-note-hint"
        ></textarea>
      </div>
      <button type="submit" class="primary" id="save-status" ?disabled=${props.busy}>
        ${text.saveStatus}
      </button>
    </form>
  </section>`;
}

export function detailView(props: DetailViewProps) {
  const text = inboxText();
  const { request } = props;
  return html`<button type="button" class="link back" id="back" @click=${props.onBack}>
      ${text.backToList}
    </button>
    <h2 id="view-heading" tabindex="-1">${requestHeading(request.reference)}</h2>
    <dl class="summary">
      <div class="answer">
        <dt>${text.status}</dt>
        <dd>
          <span class="tag status-${request.status}" id="current-status">
            ${statusLabel(request.status)}
          </span>
        </dd>
      </div>
      <div class="answer">
        <dt>${text.received}</dt>
        <dd><time datetime=${request.receivedAt}>${formatDateTime(request.receivedAt)}</time></dd>
      </div>
      ${
        request.history.length
          ? html`<div class="answer">
              <dt>${text.statusChanged}</dt>
              <dd>
                <time datetime=${request.statusChangedAt}>
                  ${formatDateTime(request.statusChangedAt)}
                </time>
              </dd>
            </div>`
          : nothing
      }
    </dl>
    ${history(request)} ${requestAnswers(request, props)} ${statusForm(props)}
    <section aria-labelledby="actions-heading">
      <h3 id="actions-heading">${text.actionsHeading}</h3>
      <div class="actions">
        <button type="button" id="export" ?disabled=${props.busy} @click=${props.onExport}>
          ${text.exportFhir}
        </button>
        <button type="button" id="audit" ?disabled=${props.busy} @click=${props.onAudit}>
          ${text.showAudit}
        </button>
        <button
          type="button"
          class="warning"
          id="delete"
          ?disabled=${props.busy}
          @click=${props.onDelete}
        >
          ${text.deleteRequest}
        </button>
      </div>
    </section>`;
}

export interface ConfirmDeleteProps {
  reference: string;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}

export function confirmDeleteView(props: ConfirmDeleteProps) {
  const text = inboxText();
  return html`<div class="confirm" role="group" aria-labelledby="view-heading">
    <h2 id="view-heading" tabindex="-1">${confirmDeleteHeading(props.reference)}</h2>
    <p class="warning-text">${text.confirmDeleteText}</p>
    <div class="actions">
      <button
        type="button"
        class="danger"
        id="confirm-delete"
        ?disabled=${props.busy}
        @click=${props.onConfirm}
      >
        ${text.confirmDelete}
      </button>
      <button type="button" id="cancel-delete" @click=${props.onCancel}>${text.cancel}</button>
    </div>
  </div>`;
}
