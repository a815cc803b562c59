import { localized } from '@lit/localize';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { LocaleController } from '../elements/shared/locale-controller.js';
import { fieldStyles, tokens } from '../elements/shared/tokens.styles.js';
import { auditView } from './audit-view.js';
import { confirmDeleteView, detailView } from './detail-view.js';
import {
  deleted,
  downloaded,
  failureMessage,
  inboxText,
  requestOpened,
  requestsShown,
  statusLabel,
  statusSaved,
} from './inbox-text.js';
import { listView, openButtonId, type ListFilter } from './list-view.js';
import { saveFile } from './save-file.js';
import { styles } from './second-opinion-inbox.styles.js';
import {
  createStaffClient,
  StaffApiError,
  statusMoves,
  type AuditEntry,
  type DownloadedFile,
  type RequestPage,
  type RequestStatus,
  type StaffClient,
  type StoredFileInfo,
  type StoredRequest,
} from './staff-client.js';

/** `detail` of `inbox-unauthorized`: the server's reason (`expired`, `missing-token`, …). */
export interface InboxUnauthorizedDetail {
  code: string | undefined;
}

/** Which view shows; every view but the list concerns one request. */
type View = { name: 'list' } | { name: 'detail' | 'audit' | 'confirm-delete'; reference: string };

interface Failure {
  message: string;
  /** What "Try again" does; no button when there is nothing to repeat. */
  retry?: () => void;
}

/**
 * The staff inbox: the medical team's view of the second-opinion requests a receiving server
 * (`second-opinion-intake/server`) stored. A list with a status filter and a reference search; a
 * request's answers laid out for a clinician, its documents (language, translation needed) and
 * files to download; status changes with a note; FHIR export; the audit trail; delete after a
 * confirmation step.
 *
 * It holds no credentials: the host page (the staff portal, where staff sign in) gives it
 * `getToken`, which it calls before every request and sends as `Authorization: Bearer`.
 *
 * Accessibility: each view has an `h2` that takes focus when the view opens (and focus returns
 * to the request's button, or the button that opened a view, on the way back); a polite live
 * region says what loaded; errors appear in a summary that takes focus (`role="alert"`).
 *
 * @attr endpoint - The receiving server's base path or URL (default `/api/second-opinion`);
 *   the staff API is under `{endpoint}/staff/`.
 * @attr locale - The locale to render in (`en`, `ka`, `ru`, `de`, `ar`); else the nearest
 *   `lang`, the browser's languages, English.
 * @attr {number} page-size - Requests per page of the list (default 50, at most 200).
 *
 * @prop {() => Promise<string> | string} getToken - Returns the staff member's bearer token;
 *   called once per request, never stored. The list loads once it is set.
 *
 * @fires {CustomEvent<InboxUnauthorizedDetail>} inbox-unauthorized - The server refused the
 *   token (401) or `getToken` failed: the host should sign the staff member in again. Bubbles
 *   and is composed.
 *
 * @cssprop --second-opinion-accent - Buttons and links.
 * @cssprop --second-opinion-text - Text colour.
 * @cssprop --second-opinion-surface - Background.
 * @cssprop --second-opinion-border - Table rules and input borders.
 * @cssprop --second-opinion-error - Errors and the delete buttons.
 * @cssprop --second-opinion-focus-ring - Colour of the keyboard focus ring.
 * @cssprop --second-opinion-font - Font family.
 */
@localized()
export class SecondOpinionInbox extends LitElement {
  static override styles = [tokens, fieldStyles, styles];

  @property() endpoint = '/api/second-opinion';

  @property({ attribute: false }) getToken: (() => Promise<string> | string) | undefined;

  @property({ reflect: true }) locale?: string;

  @property({ type: Number, attribute: 'page-size' }) pageSize = 50;

  // Registers itself with the element: locale requests, `lang` and `dir`.
  protected readonly localeController = new LocaleController(this);

  @state() private view: View = { name: 'list' };
  @state() private filter: ListFilter = {};
  @state() private page: RequestPage | undefined;
  @state() private request: StoredRequest | undefined;
  @state() private auditEntries: AuditEntry[] | undefined;
  @state() private busy = false;
  @state() private failure: Failure | undefined;
  @state() private statusError: string | undefined;
  /** The polite live region's text. */
  @state() private announcement = '';

  /** The id to focus once the next render is on screen. */
  private focusId: string | undefined;

  private get client(): StaffClient {
    return createStaffClient({
      endpoint: this.endpoint,
      getToken: () => {
        if (!this.getToken) throw new Error('no getToken');
        return this.getToken();
      },
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The list loads as soon as there is a way to get a token (state set here joins this update).
    if ((changed.has('getToken') || changed.has('endpoint')) && this.getToken) {
      if (this.view.name === 'list' && !this.page && !this.busy) void this.loadList();
    }
  }

  protected override updated(): void {
    if (this.focusId) {
      const target = this.renderRoot.querySelector<HTMLElement>(`[id="${this.focusId}"]`);
      this.focusId = undefined;
      target?.focus();
    }
  }

  /** Loads the list again with the current filter (e.g. after the host's sign-in). */
  reload(): Promise<void> {
    this.page = undefined;
    this.view = { name: 'list' };
    return this.loadList();
  }

  /**
   * Runs one staff API call: marks the inbox busy, clears the last failure, and turns a refusal
   * into an announced error summary (and a 401 into `inbox-unauthorized`).
   */
  private async run<T>(work: () => Promise<T>, retry?: () => void): Promise<T | undefined> {
    this.busy = true;
    this.failure = undefined;
    this.announcement = inboxText().loading;
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof StaffApiError)) throw error;
      this.failure = { message: failureMessage(error), ...(retry ? { retry } : {}) };
      this.announcement = '';
      this.focusId = 'error-summary';
      if (error.reason === 'token' || error.status === 401) {
        this.dispatchEvent(
          new CustomEvent<InboxUnauthorizedDetail>('inbox-unauthorized', {
            detail: { code: error.code },
            bubbles: true,
            composed: true,
          }),
        );
      }
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  private async loadList(more = false): Promise<void> {
    const query = {
      ...this.filter,
      // The staff API serves 1 to 200 per page.
      limit: Math.min(200, Math.max(1, Math.trunc(this.pageSize) || 50)),
      ...(more && this.page?.next ? { before: this.page.next } : {}),
    };
    const page = await this.run(
      () => this.client.list(query),
      () => void this.loadList(more),
    );
    if (!page) return;
    this.page =
      more && this.page ? { ...page, requests: [...this.page.requests, ...page.requests] } : page;
    this.announcement = requestsShown(this.page.requests.length);
  }

  private showing(name: View['name'], reference: string): boolean {
    const view = this.view;
    return view.name === name && view.name !== 'list' && view.reference === reference;
  }

  private onFilter = (filter: ListFilter) => {
    this.filter = filter;
    void this.loadList();
  };

  private onMore = () => void this.loadList(true);

  private open = async (reference: string) => {
    this.view = { name: 'detail', reference };
    this.request = undefined;
    this.statusError = undefined;
    const request = await this.run(
      () => this.client.get(reference),
      () => void this.open(reference),
    );
    // The staff member may have gone back (or on to another request) meanwhile.
    if (!request || !this.showing('detail', reference)) return;
    this.request = request;
    this.announcement = requestOpened(reference);
    this.focusId = 'view-heading';
  };

  private backToList = () => {
    const reference = this.view.name === 'list' ? undefined : this.view.reference;
    this.view = { name: 'list' };
    this.failure = undefined;
    this.request = undefined;
    const stillListed = this.page?.requests.some((row) => row.reference === reference);
    this.focusId = reference && stillListed ? openButtonId(reference) : 'view-heading';
    if (!this.page) void this.loadList();
  };

  private backToRequest = (focusId: string) => {
    if (this.view.name === 'list') return;
    this.view = { name: 'detail', reference: this.view.reference };
    this.failure = undefined;
    this.focusId = focusId;
  };

  private changeStatus = async (status: RequestStatus | undefined, note: string) => {
    const request = this.request;
    if (!request) return;
    if (!status) {
      this.statusError = inboxText().chooseStatus;
      this.focusId = `status-${statusMoves(request.status)[0]}`;
      return;
    }
    this.statusError = undefined;
    const move = { from: request.status, to: status };
    const updated = await this.run(() => this.client.setStatus(request.reference, move, note));
    if (!updated) {
      // Refused (changed meanwhile, or deleted): show what the server has now.
      const current = await this.client.get(request.reference).catch(() => undefined);
      if (current) this.request = current;
      return;
    }
    this.request = updated;
    this.renderRoot.querySelector<HTMLFormElement>('.status-form form')?.reset();
    this.page = this.page && {
      ...this.page,
      requests: this.page.requests.map((row) =>
        row.reference === updated.reference
          ? { ...row, status: updated.status, statusChangedAt: updated.statusChangedAt }
          : row,
      ),
    };
    this.announcement = statusSaved(statusLabel(updated.status));
  };

  private save(file: DownloadedFile | undefined): void {
    if (!file) return;
    saveFile(file, this.renderRoot as ShadowRoot);
    this.announcement = downloaded(file.fileName);
  }

  private download = async (file: StoredFileInfo) => {
    const reference = this.request?.reference;
    if (!reference) return;
    this.save(await this.run(() => this.client.file(reference, file.type, file.index, file.name)));
  };

  private exportFhir = async () => {
    const reference = this.request?.reference;
    if (!reference) return;
    this.save(await this.run(() => this.client.fhirBundle(reference)));
  };

  private showAudit = async () => {
    const reference = this.request?.reference;
    if (!reference) return;
    this.view = { name: 'audit', reference };
    this.auditEntries = undefined;
    this.focusId = 'view-heading';
    const entries = await this.run(() => this.client.audit(reference));
    if (!entries || !this.showing('audit', reference)) return;
    this.auditEntries = entries;
    this.announcement = '';
  };

  private askDelete = () => {
    if (!this.request) return;
    this.view = { name: 'confirm-delete', reference: this.request.reference };
    this.focusId = 'view-heading';
  };

  private confirmDelete = async () => {
    const reference = this.request?.reference;
    if (!reference) return;
    const done = await this.run(async () => {
      await this.client.remove(reference);
      return true;
    });
    if (!done) return;
    this.page = this.page && {
      ...this.page,
      requests: this.page.requests.filter((row) => row.reference !== reference),
    };
    this.request = undefined;
    this.view = { name: 'list' };
    this.announcement = deleted(reference);
    this.focusId = 'view-heading';
  };

  private renderFailure() {
    const failure = this.failure;
    const text = inboxText();
    // The container stays in place so that assistive technology keeps watching it.
    return html`<div role="alert">
      ${
        failure
          ? html`<div class="error-summary" id="error-summary" tabindex="-1">
              <h2>${text.errorTitle}</h2>
              <p>${failure.message}</p>
              ${
                failure.retry
                  ? html`<button type="button" @click=${failure.retry}>${text.retry}</button>`
                  : nothing
              }
            </div>`
          : nothing
      }
    </div>`;
  }

  private renderView() {
    const view = this.view;
    switch (view.name) {
      case 'list':
        return listView({
          filter: this.filter,
          page: this.page,
          busy: this.busy,
          onFilter: this.onFilter,
          onOpen: (reference) => void this.open(reference),
          onMore: this.onMore,
        });
      case 'detail':
        if (!this.request) {
          return html`<button type="button" class="link back" id="back" @click=${this.backToList}>
            ${inboxText().backToList}
          </button>`;
        }
        return detailView({
          request: this.request,
          busy: this.busy,
          statusError: this.statusError,
          onBack: this.backToList,
          onStatus: (status, note) => void this.changeStatus(status, note),
          onExport: () => void this.exportFhir(),
          onAudit: () => void this.showAudit(),
          onDelete: this.askDelete,
          download: (file) => void this.download(file),
        });
      case 'audit':
        return auditView({
          reference: view.reference,
          entries: this.auditEntries,
          onBack: () => this.backToRequest('audit'),
        });
      case 'confirm-delete':
        return confirmDeleteView({
          reference: view.reference,
          busy: this.busy,
          onConfirm: () => void this.confirmDelete(),
          onCancel: () => this.backToRequest('delete'),
        });
    }
  }

  override render() {
    return html`<p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
      ${this.renderFailure()}
      <div class="view" aria-busy=${this.busy ? 'true' : 'false'}>${this.renderView()}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'second-opinion-inbox': SecondOpinionInbox;
  }
  interface GlobalEventHandlersEventMap {
    'inbox-unauthorized': CustomEvent<InboxUnauthorizedDetail>;
  }
}
