import { localized } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { keyed } from 'lit/directives/keyed.js';
import {
  configurationProblem,
  DEFAULT_EMERGENCY_NUMBER,
  draftText,
  flowNotLoaded,
  intakeText,
  stepAnnouncement,
  stepPosition,
  stepTitle,
} from '../content/intake.js';
import { canChangeLocale, currentLocale, LOCALE_NAMES, SUPPORTED_LOCALES } from '../locale.js';
import {
  INTAKE_STEPS,
  IntakeStepChangeEvent,
  type IntakeErrorReason,
  type IntakeStep,
} from '../events.js';
import { isOneOf } from '../schema/guards.js';
import type { SecondOpinionPayload } from '../schema/payload.js';
import type { SubmitOptions } from '../submit/client.js';
import {
  createDraftStore,
  draftKey,
  pageSessionStorage,
  type DraftStore,
} from '../submit/draft.js';
import { checkEndpoint } from '../submit/endpoint.js';
import { emptyDraft, type IntakeDraft, type PendingSubmission } from '../submit/payload.js';
import { renderEmergencyNotice } from './intake/emergency-notice.js';
import type { FlowDrafts, IntakeFlow } from './intake/intake-flow.js';
import type { SubmissionNavigation } from './intake/submission-controller.js';
import {
  DEFAULT_DRAFT_TTL_MINUTES,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_TIMEOUT_MS,
  isElementStep,
  positiveOr,
  STEP_ELEMENTS,
  type ElementStep,
  type FocusTarget,
  type IntakeCredentials,
  type SummaryItem,
} from './intake/shared.js';
import type { FormControlElement } from './shared/form-control.js';
import { IsolationController } from './intake/isolation.js';
import { loadOnce } from '../once.js';
import { LocaleController } from './shared/locale-controller.js';
import { fieldStyles, tokens } from './shared/tokens.styles.js';
import { intakeStyles } from './second-opinion-intake.styles.js';

export type { IntakeCredentials } from './intake/shared.js';

/** Parts of the smaller elements that stay styleable through the intake. */
const FORWARDED_PARTS = [
  'group',
  'option',
  'checkbox',
  'radio',
  'field',
  'error',
  'row',
  'translation-notice',
  'details',
  'advice',
  'reassurance',
].join(', ');

const isStep = isOneOf(INTAKE_STEPS);

/**
 * The whole second-opinion intake: learn (FAQ) → reasons → documents → insurance → contact →
 * review and consent → send → receipt. Validates each step, posts a JSON payload (see
 * `second-opinion-intake/schema`) to `endpoint` with an `Idempotency-Key`, and keeps every
 * answer on screen whatever happens: timeouts, retries with backoff (honouring `Retry-After`),
 * offline (sent when the connection returns), cancellation, and an optional draft kept across
 * reloads (`save-draft`).
 *
 * @fires {IntakeStepChangeEvent} intake-step-change - `{ step, index, count }` after each step
 * change.
 * @fires {IntakeSubmitEvent} intake-submit - `{ payload }`, cancelable: cancel it to send the
 * payload yourself.
 * @fires {IntakeSuccessEvent} intake-success - `{ reference }` when the endpoint accepted the
 * request.
 * @fires {IntakeErrorEvent} intake-error - `{ reason, status? }` when it did not:
 * `configuration`, `network`, `timeout`, `http` (with `status`: 409, 413, 415, 429, 5xx, …),
 * `malformed-response`, `invalid` (422), `idempotency-key-reused` (an earlier send arrived with
 * other answers; the patient may send these as a new request), `offline` (sent by itself when the
 * connection returns) or `cancelled` (the patient stopped it).
 *
 * @csspart header - The organisation's name above the form.
 * @csspart progress - "Step 2 of 6".
 * @csspart step-heading - The heading of the current step (takes focus on step change).
 * @csspart error-summary - The list of problems shown when a step cannot continue.
 * @csspart config-error - The message shown when `endpoint` is not usable.
 * @csspart load-error - The message shown when the rest of the form could not be loaded.
 * @csspart back - The Back button.
 * @csspart continue - The Continue button.
 * @csspart submit - The Send button.
 * @csspart receipt - The confirmation with the reference number.
 * @csspart print - Its "Print or save this page" button.
 * @csspart language-switcher - The language menu (`show-language-switcher`).
 * @csspart partners - The list of partner institutions in the first step.
 * @csspart emergency-notice - "Not for emergencies: call 112", on the first step and the receipt.
 * @csspart submit-error - Why the last send failed (with the retry on the Send button).
 * @csspart submit-progress - "Sending your request…" or "trying again".
 * @csspart upload-progress - Bytes and percent sent, with a `<progress>`, while files upload.
 * @csspart cancel - The "Stop sending" button, while sending.
 * @csspart draft-notice - The notice that answers were restored from a saved draft.
 * @csspart start-over - Its "Start over" button.
 * @csspart frame - With `mode="isolated"`: what holds the frame's `<iframe>`.
 * @cssprop --second-opinion-accent - Buttons, links, checked controls; default `#0b5cad` (dark `#8ab8ff`).
 * @cssprop --second-opinion-on-accent - Text on the accent; default `#ffffff` (dark `#0b1a2c`).
 * @cssprop --second-opinion-text - Text; default `#1b1f24` (dark `#e6e9ed`).
 * @cssprop --second-opinion-muted-text - Descriptions, hints; default `#4a5563` (dark `#b3bcc7`).
 * @cssprop --second-opinion-surface - Background; default `#ffffff` (dark `#15181c`).
 * @cssprop --second-opinion-surface-alt - Panels, the open FAQ answer; default `#f3f5f8` (dark `#22272e`).
 * @cssprop --second-opinion-border - Field borders (3:1); default `#6b7480` (dark `#8d97a3`).
 * @cssprop --second-opinion-error - Errors; default `#b3261e` (dark `#ff8f85`).
 * @cssprop --second-opinion-warning-surface - Notices (translation needed, restored draft); default `#fff4d6` (dark `#3d3113`).
 * @cssprop --second-opinion-focus-ring - The keyboard focus outline (3:1); default `#c45100` (dark `#ffa25c`).
 * @cssprop --second-opinion-radius - Corners; default `6px`.
 * @cssprop --second-opinion-font - Font family; default the system UI font.
 * @cssprop --second-opinion-font-size - The scale: every size inside is in `em` of it; default `16px`.
 * @cssprop --second-opinion-spacing - Space between fields and groups; default `1em`.
 *
 * @csspart help - The "Help: about second opinions" disclosure under every later step.
 * @csspart help-summary - Its summary, which opens the FAQ in place.
 * @csspart faq-item, faq-heading, faq-question, faq-answer - Forwarded from the FAQ.
 * @csspart group, option, checkbox, radio, field, error, row, translation-notice, details,
 * advice, reassurance - Forwarded from the smaller elements.
 */
@localized()
export class SecondOpinionIntake extends LitElement {
  static override styles = [tokens, fieldStyles, intakeStyles];

  /** Where requests are posted: `https:`, or `http:` on localhost. Relative URLs resolve against the page. */
  @property() endpoint?: string;

  /** ISO 3166-1 alpha-2 code of the country that provides the second opinion; decides which document languages need a translation. */
  @property({ attribute: 'service-country' }) serviceCountry?: string;

  /** Presets the insurer's name (an insurer's own site) and adapts the insurance wording. */
  @property() insurer?: string;

  /** The embedder's privacy notice, linked from the consent. */
  @property({ attribute: 'privacy-url' }) privacyUrl?: string;

  /** The organisation receiving requests, shown in the header and the consent text. */
  @property() organization?: string;

  /**
   * The emergency number of the country the service is for, named in the notice that the service
   * is not for emergencies (first step and receipt). Default 112 (Georgia, the EU).
   */
  @property({ attribute: 'emergency-number' }) emergencyNumber: string = DEFAULT_EMERGENCY_NUMBER;

  /**
   * Whether the receiving server sends the patient a confirmation email (its SMTP is
   * configured): only then does the email field promise one.
   */
  @property({ type: Boolean, attribute: 'confirmation-email' }) confirmationEmail = false;

  /** Medical institutions the organisation works with, listed in the first step. */
  @property({ attribute: false }) partners: string[] = [];

  /**
   * The locale to render in (`en`, `ka`, `ru`, `de`, `ar`); else the nearest `lang`, the
   * browser's languages, English.
   */
  @property({ reflect: true }) locale?: string;

  /**
   * `fhir` posts the request as a FHIR R4 QuestionnaireResponse (`application/fhir+json`, see
   * `second-opinion-intake/fhir`) instead of the native JSON payload: the same Idempotency-Key
   * and errors. `intake-submit` still carries the native payload.
   */
  @property() format: 'json' | 'fhir' = 'json';

  /** Shows a language menu, for sites without their own (only when the widget set up localization). */
  @property({ type: Boolean, attribute: 'show-language-switcher' }) showLanguageSwitcher = false;

  /**
   * Milliseconds allowed per attempt (default 30 000); while files upload, the time allowed
   * without progress.
   */
  @property({ type: Number }) timeout: number = DEFAULT_TIMEOUT_MS;

  /**
   * Attempts per send, the first included (1–10, default 4). Network errors, timeouts, 408, 429
   * and 5xx are tried again after a backoff or the server's `Retry-After`.
   */
  @property({ type: Number, attribute: 'max-attempts' }) maxAttempts: number = DEFAULT_MAX_ATTEMPTS;

  /**
   * Whether requests carry cookies: `omit` (default), `same-origin` or `include` (the endpoint
   * must then allow credentials in CORS).
   */
  @property() credentials: IntakeCredentials = 'omit';

  /** Extra request headers, e.g. `{ 'X-CSRF-Token': token }`. Never put answers in them. */
  @property({ attribute: false }) headers: Record<string, string> = {};

  /**
   * Called before each send (not each retry) for headers that change, e.g. a fresh CSRF token;
   * added to `headers`. If it throws, rejects or returns invalid headers, nothing is sent and
   * the patient sees a configuration error with a retry.
   */
  @property({ attribute: false }) getHeaders?: () =>
    Record<string, string> | Promise<Record<string, string>>;

  /**
   * Keeps the answers (never files, never consent) in `sessionStorage` for this tab, so a reload
   * does not lose them; restored with a notice and a "Start over" button, removed on success.
   * Off by default: nothing is stored on the device unless the embedder opts in.
   */
  @property({ type: Boolean, attribute: 'save-draft' }) saveDraft = false;

  /** Minutes a saved draft stays usable after the last change (default 60). */
  @property({ type: Number, attribute: 'draft-ttl' }) draftTtl: number = DEFAULT_DRAFT_TTL_MINUTES;

  /**
   * `isolated` runs the intake in an `<iframe>` served by the receiving server, on its own
   * origin, so that the page's scripts (analytics, tag managers, session replay) never see an
   * answer (docs/isolation.md). Attributes, theme tokens and events stay the same;
   * `intake-submit`, `headers`, `getHeaders` and `credentials` do not apply. Default `in-page`.
   */
  @property({ reflect: true }) mode: 'in-page' | 'isolated' = 'in-page';

  /** With `mode="isolated"`: the frame page, when not `{endpoint}/frame`. */
  @property({ attribute: 'frame-url' }) frameUrl?: string;

  // Registers itself with the element: locale requests, `lang` and `dir`.
  protected readonly localeController = new LocaleController(this);
  // `mode="isolated"`: the frame, loaded and kept in step after each update.
  private readonly isolation = new IsolationController(this);

  @state() private current: IntakeStep | 'done' = 'about';
  @state() private draft: IntakeDraft = emptyDraft();
  @state() private returnToReview = false;
  /** Whether the live region announces the current step (not on first render). */
  @state() private announceStep = false;
  /** Answers came from a saved draft: show the notice until the patient moves on. */
  @state() private restoredDraft?: { hadFiles: boolean };
  /**
   * Steps shown at least once. A step's body is rendered from its first visit on and then kept
   * (hidden when another step shows), so a control keeps what only it holds (attached files,
   * errors already shown); steps not reached yet cost nothing on the first render.
   */
  @state() private visited: ReadonlySet<IntakeStep> = new Set(['about']);
  /** Bumped by "Start over" so the smaller elements are created anew, their state included. */
  @state() private generation = 0;
  /**
   * The flow, or the form control of the current step, could not be loaded (offline for a
   * moment): said until the next Continue, which tries again.
   */
  @state() private loadFailed = false;
  /** The FAQ is open under a later step ("Help"): rendered only once opened. */
  @state() private helpOpen = false;

  /**
   * Checking, the contact and review steps, sending: loaded after the first render
   * (./intake/intake-flow.ts), so the first step never waits for zod or the network code.
   */
  private flow?: IntakeFlow;
  /** Loads the flow once; a failed load is tried again on the next call. */
  private readonly loadFlow = loadOnce(async () => {
    const { IntakeFlow } = await import('./intake/intake-flow.js');
    this.flow = new IntakeFlow(this, this.flowDrafts, this.flowNavigation, (payload) =>
      this.requestBody(payload),
    );
    this.loadFailed = false;
    this.requestUpdate();
    return this.flow;
  });

  /**
   * One id and time per submission until it succeeds: every retry sends the same
   * Idempotency-Key, and the same answers make the same payload.
   */
  private pendingSubmission?: PendingSubmission;
  private focusAfterUpdate: FocusTarget | null = null;
  /** Failed attempts to leave a step: each one inserts the error summary anew (an alert). */
  private summaryAttempt = 0;
  /**
   * What the summary listed at the last failed attempt. Until the next one it only loses the
   * problems fixed since: an alert that gained lines while the patient edits would interrupt
   * them (GOV.UK's summary, too, is as of the last Continue).
   */
  private summaryShown?: { attempt: number; step: IntakeStep; paths: ReadonlySet<string> };
  /** The patient changed something since load (or a draft was restored): worth saving. */
  private draftDirty = false;
  private draftStore?: { key: string; store: DraftStore<IntakeStep> };
  /** Files were attached before a restore; the saved draft keeps saying so. */
  private draftHadFiles = false;

  @query('#step-heading') private stepHeading?: HTMLElement;
  @query('#error-summary') private errorSummary?: HTMLElement;

  /** The current step's id. */
  get step(): IntakeStep | 'done' {
    return this.isolation.active ? this.isolation.step : this.current;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (!this.hasUpdated && this.saveDraft) this.restoreDraft();
    if (changed.has('saveDraft') && this.hasUpdated && !this.saveDraft) {
      // The embedder turned drafts off: what was kept goes.
      this.draftStore?.store.clear();
    }
  }

  protected override firstUpdated(): void {
    // Isolated, the intake runs in the frame: nothing of it is loaded into the page.
    if (this.isolation.active) return;
    // Right after the first step is on screen, so it never waits for the rest.
    this.loadFlow().catch(() => {
      // Said when the patient needs it (Continue); tried again then.
    });
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const target = this.focusAfterUpdate;
    this.focusAfterUpdate = null;
    if (target === 'heading') this.stepHeading?.focus();
    if (target === 'summary') this.errorSummary?.focus();
    if (target === 'submit') this.renderRoot.querySelector<HTMLElement>('#submit')?.focus();
    if (changed.has('draft') || changed.has('current')) this.storeDraft();
  }

  /**
   * Also waits for the rest of the intake (checking, contact and review, sending), loaded after
   * the first render: once it resolves, every step works without waiting.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    const result = await super.getUpdateComplete();
    // The first update started the load (firstUpdated); a failed one is reported to the patient
    // when needed, not to whoever awaits an update.
    if (!this.flow && !this.isolation.active) await this.loadFlow().catch(() => undefined);
    return result;
  }

  /** Runs `action` once the flow is there; says so when it cannot be loaded. */
  private async withFlow(action: (flow: IntakeFlow) => unknown): Promise<void> {
    let flow: IntakeFlow;
    try {
      flow = this.flow ?? (await this.loadFlow());
    } catch {
      this.loadFailed = true;
      return;
    }
    action(flow);
  }

  /** The answers and the pending request as the flow sees them: they reach the private state. */
  private readonly flowDrafts: FlowDrafts = ((element: SecondOpinionIntake): FlowDrafts => {
    return {
      get answers() {
        return element.draft;
      },
      get pending() {
        return element.pendingSubmission;
      },
      set pending(pending) {
        element.pendingSubmission = pending;
      },
      update: (change) => this.updateDraft(change),
      save: () => this.storeDraft(),
      forget: () => {
        this.draftStore?.store.clear();
        this.draftDirty = false;
      },
    };
  })(this);

  private readonly flowNavigation: SubmissionNavigation = {
    goTo: (step, focus) => this.goTo(step, focus),
    focusAfterUpdate: (target) => {
      this.focusAfterUpdate = target;
    },
    returnToReview: () => {
      this.returnToReview = true;
    },
    revealStep: (step) => this.revealStep(step),
  };

  // --- navigation -------------------------------------------------------------------------

  private goTo(step: IntakeStep | 'done', focus: FocusTarget = 'heading'): void {
    if (focus === 'summary') this.summaryAttempt += 1;
    if (step !== this.current) this.restoredDraft = undefined;
    this.loadFailed = false;
    this.current = step;
    if (step !== 'done' && !this.visited.has(step)) this.visited = new Set(this.visited).add(step);
    const count = INTAKE_STEPS.length;
    const index = step === 'done' ? count + 1 : INTAKE_STEPS.indexOf(step) + 1;
    this.announceStep = true;
    this.focusAfterUpdate = focus;
    this.dispatchEvent(new IntakeStepChangeEvent({ step, index, count }));
  }

  private onBack(): void {
    if (this.current === 'done') return;
    const index = INTAKE_STEPS.indexOf(this.current);
    if (index > 0) this.goTo(INTAKE_STEPS[index - 1]!);
  }

  private async onContinue(): Promise<void> {
    const step = this.current;
    if (step === 'done' || step === 'review') return;
    this.loadFailed = false;
    const next = this.returnToReview ? 'review' : INTAKE_STEPS[INTAKE_STEPS.indexOf(step) + 1]!;
    const proceed = () => {
      if (this.current !== step) return; // the patient moved on while the flow loaded
      if (!this.revealStep(step)) {
        this.focusAfterUpdate = 'summary';
        this.summaryAttempt += 1;
        this.requestUpdate();
        return;
      }
      this.returnToReview = false;
      this.goTo(next);
    };
    // The contact and review steps are the flow's: it must be there before they show.
    if (isElementStep(next)) proceed();
    else await this.withFlow(proceed);
  }

  private onSend(): void {
    void this.withFlow((flow) => flow.send());
  }

  private onCancel(): void {
    this.flow?.cancel();
  }

  /** A held-down Enter repeats keydown; only the first press may activate the button. */
  private readonly onSubmitKeydown = (event: KeyboardEvent) => {
    if ((event.key === 'Enter' || event.key === ' ') && event.repeat) event.preventDefault();
  };

  // --- checking ---------------------------------------------------------------------------

  private control(step: ElementStep): FormControlElement<object> | null {
    return this.renderRoot.querySelector(STEP_ELEMENTS[step]);
  }

  /** Shows a step's errors and says whether it may be left. */
  private revealStep(step: IntakeStep): boolean {
    if (step === 'about') return true;
    if (isElementStep(step)) {
      const element = this.control(step);
      // The script-tag build defines the form controls just after the first render: a step
      // whose control is not defined yet cannot be checked, so it cannot be left yet either.
      if (element && !('revealErrors' in element)) {
        this.loadFailed = true;
        return false;
      }
      return element?.revealErrors() ?? true;
    }
    return this.flow?.revealOwnStep(step) ?? false;
  }

  private summaryItems(step: IntakeStep): SummaryItem[] {
    if (!isElementStep(step)) return this.flow?.ownSummaryItems(step) ?? [];
    const element = this.control(step);
    return (element?.visibleErrors ?? []).map(({ path, message }) => ({
      path,
      message,
      href: `#${STEP_ELEMENTS[step]}`,
      focus: () => element?.focusField(path) ?? false,
    }));
  }

  // --- editing ----------------------------------------------------------------------------

  private updateDraft(change: Partial<IntakeDraft>, paths: readonly string[] = []): void {
    this.draft = { ...this.draft, ...change };
    this.draftDirty = true;
    this.flow?.clearServerErrors(paths);
  }

  private readonly onEligibilityInput = (event: Event) =>
    this.updateDraft({
      eligibility: (event.target as HTMLElementTagNameMap['second-opinion-eligibility']).value,
    });
  private readonly onDocumentsInput = (event: Event) =>
    this.updateDraft({
      documents: (event.target as HTMLElementTagNameMap['second-opinion-documents']).value,
    });
  private readonly onInsuranceInput = (event: Event) =>
    this.updateDraft({
      insurance: (event.target as HTMLElementTagNameMap['second-opinion-insurance']).value,
    });

  // --- submitting -------------------------------------------------------------------------

  /**
   * The request body, when it is not the payload as JSON: the FHIR QuestionnaireResponse with
   * `format="fhir"`, or multipart with the attached files. Called once per send; every attempt
   * of that send posts the same body. A `FormData` or `Blob` body is uploaded with progress
   * (bytes and percent on screen) where the `credentials` setting allows (see docs/protocol.md).
   * Protected: the seam where a subclass (or the tests) can send another body.
   */
  protected async requestBody(
    payload: SecondOpinionPayload,
  ): Promise<SubmitOptions['body'] | undefined> {
    return (this.flow ?? (await this.loadFlow())).requestBody(payload);
  }

  /**
   * Shows the receipt. Called by the widget on success; call it yourself after sending the
   * payload of a cancelled `intake-submit` through your own API.
   */
  showReceipt(reference: string): void {
    void this.withFlow((flow) => flow.showReceipt(reference));
  }

  /** Reports a failure of a submission you sent yourself; the patient can try again. */
  showSubmitError(
    reason: Exclude<
      IntakeErrorReason,
      'invalid' | 'configuration' | 'idempotency-key-reused'
    > = 'network',
    status?: number,
  ): void {
    void this.withFlow((flow) => flow.fail(reason, status));
  }

  // --- draft ----------------------------------------------------------------------------

  /** The store for this endpoint and page, made when first needed (the endpoint may change). */
  private draftStoreFor(): DraftStore<IntakeStep> {
    const checked = checkEndpoint(this.endpoint, document.baseURI);
    const endpoint = checked.ok ? checked.url.href : (this.endpoint ?? '');
    const key = draftKey(endpoint, location.pathname);
    if (this.draftStore?.key !== key) {
      this.draftStore = { key, store: createDraftStore(pageSessionStorage, key, isStep) };
    }
    return this.draftStore.store;
  }

  private restoreDraft(): void {
    const ttlMs = positiveOr(this.draftTtl, DEFAULT_DRAFT_TTL_MINUTES) * 60_000;
    const saved = this.draftStoreFor().load(ttlMs);
    if (!saved) return;
    this.draft = saved.draft;
    this.current = saved.step ?? 'about';
    // The patient went through the steps before this one: they are checked again on sending.
    this.visited = new Set(INTAKE_STEPS.slice(0, INTAKE_STEPS.indexOf(this.current) + 1));
    const { submissionId, submittedAt } = saved;
    // A draft saved by a version that kept no time: the next send takes a new one.
    this.pendingSubmission = submissionId
      ? { submissionId, submittedAt: submittedAt ?? new Date().toISOString() }
      : undefined;
    this.draftDirty = true;
    this.draftHadFiles = saved.hadFiles;
    this.restoredDraft = { hadFiles: saved.hadFiles };
  }

  /** Saves the answers when the embedder opted in and the patient has answered something. */
  private storeDraft(): void {
    if (!this.saveDraft || !this.draftDirty || this.current === 'done') return;
    this.draftStoreFor().save({
      draft: this.draft,
      step: this.current,
      submissionId: this.pendingSubmission?.submissionId,
      submittedAt: this.pendingSubmission?.submittedAt,
      hadFiles: this.draftHadFiles,
    });
  }

  /** Forgets the restored answers: storage, the answers on screen, the submission id. */
  private onStartOver(): void {
    this.draftStore?.store.clear();
    this.draft = emptyDraft();
    this.draftDirty = false;
    this.draftHadFiles = false;
    this.pendingSubmission = undefined;
    this.flow?.reset();
    this.returnToReview = false;
    this.generation += 1;
    this.visited = new Set(['about']);
    this.restoredDraft = undefined;
    this.goTo('about');
  }

  // --- rendering --------------------------------------------------------------------------

  /** Built at render time, so it follows a change of locale like every other text. */
  private renderAnnouncement(): string {
    const step = this.current;
    if (step === 'done') return stepTitle('done');
    return stepAnnouncement(INTAKE_STEPS.indexOf(step) + 1, INTAKE_STEPS.length, stepTitle(step));
  }

  private renderLanguageSwitcher() {
    if (!this.showLanguageSwitcher || !canChangeLocale()) return nothing;
    const current = currentLocale();
    return html`<div class="language-switcher" part="language-switcher">
      <label for="language">${intakeText().languageSwitcher}</label>
      <select
        id="language"
        @change=${(event: Event) => {
          this.locale = (event.target as HTMLSelectElement).value;
        }}
      >
        ${SUPPORTED_LOCALES.map(
          (locale) =>
            html`<option value=${locale} lang=${locale} ?selected=${locale === current}>
              ${LOCALE_NAMES[locale] ?? locale}
            </option>`,
        )}
      </select>
    </div>`;
  }

  private renderErrorSummary(step: IntakeStep) {
    let items = this.summaryItems(step);
    const shown = this.summaryShown;
    if (shown?.attempt === this.summaryAttempt && shown.step === step) {
      items = items.filter((item) => shown.paths.has(item.path));
    } else if (items.length > 0) {
      const paths = new Set(items.map((item) => item.path));
      this.summaryShown = { attempt: this.summaryAttempt, step, paths };
    }
    if (items.length === 0) return nothing;
    // GOV.UK's error summary: an alert, so every screen reader reads it when it appears, and
    // focused, so the keyboard starts from it. A generic `div` may not be named, and focus alone
    // is read or not depending on the screen reader. Keyed by attempt: each failed Continue
    // inserts it anew, so it is announced again even when the problems did not change.
    return keyed(
      this.summaryAttempt,
      html`<div
        class="error-summary"
        id="error-summary"
        tabindex="-1"
        part="error-summary"
        role="alert"
      >
        <h3>${intakeText().errorSummaryTitle}</h3>
        <ul>
          ${items.map(
            (item) =>
              html`<li>
                ${
                  item.focus
                    ? html`<a
                        href=${item.href}
                        @click=${(event: Event) => {
                          event.preventDefault();
                          item.focus?.();
                        }}
                        >${item.message}</a
                      >`
                    : item.message
                }
              </li>`,
          )}
        </ul>
      </div>`,
    );
  }

  private renderAbout() {
    const text = intakeText();
    const partners = this.partners.filter(
      (partner) => typeof partner === 'string' && partner.trim(),
    );
    return html`${renderEmergencyNotice(this.emergencyNumber)}
      <p>${text.aboutIntro}</p>
      <second-opinion-faq
        heading-level="3"
        exportparts="faq-item, faq-heading, faq-question, faq-answer"
      ></second-opinion-faq>
      ${
        partners.length
          ? html`<section class="partners" part="partners" aria-labelledby="partners-heading">
              <h3 id="partners-heading">
                ${
                  this.organization
                    ? text.partnersHeading(this.organization)
                    : text.partnersHeadingNoOrganization
                }
              </h3>
              <ul>
                ${partners.map((partner) => html`<li>${partner}</li>`)}
              </ul>
            </section>`
          : nothing
      }`;
  }

  private renderDraftNotice() {
    const restored = this.restoredDraft;
    if (!restored) return nothing;
    const text = draftText();
    return html`<div class="draft-notice" part="draft-notice">
      <p>${text.restored} ${restored.hadFiles ? text.filesNotKept : nothing}</p>
      <button
        type="button"
        id="start-over"
        part="start-over"
        aria-describedby="start-over-description"
        @click=${this.onStartOver}
      >
        ${text.startOver}
      </button>
      <span id="start-over-description" class="visually-hidden">${text.startOverDescription}</span>
    </div>`;
  }

  private renderNavigation(step: IntakeStep) {
    const text = intakeText();
    const first = step === INTAKE_STEPS[0];
    const status = this.flow?.submission.status;
    const sending = status === 'sending';
    const failed = status === 'failed';
    // Back comes first in the DOM as on screen (left in LTR, right in RTL): the Tab order
    // follows the reading order (WCAG 2.4.3).
    return html`<div class="navigation">
      ${
        first
          ? nothing
          : html`<button type="button" id="back" part="back" @click=${this.onBack}>
              ${text.back}
            </button>`
      }
      ${
        step === 'review'
          ? html`<button
              type="button"
              id="submit"
              class="primary"
              part="submit"
              aria-disabled=${sending ? 'true' : 'false'}
              @click=${this.onSend}
              @keydown=${this.onSubmitKeydown}
            >
              ${sending ? text.sending : (this.flow?.submitLabel ?? (failed ? text.retry : text.send))}
            </button>`
          : html`<button
              type="button"
              id="continue"
              class="primary"
              part="continue"
              @click=${this.onContinue}
            >
              ${this.returnToReview ? text.returnToReview : text.continue}
            </button>`
      }
      ${
        step === 'review' && this.flow?.canCancel
          ? html`<button type="button" id="cancel" part="cancel" @click=${this.onCancel}>
              ${intakeText().cancelSending}
            </button>`
          : nothing
      }
    </div>`;
  }

  /**
   * The FAQ of the first step, from every later one: a disclosure (GOV.UK details) that opens it
   * in place, so the patient reads it without leaving the step or losing an answer.
   */
  private renderHelp() {
    return html`<details
      class="help"
      part="help"
      ?open=${this.helpOpen}
      @toggle=${(event: Event) => {
        this.helpOpen = (event.target as HTMLDetailsElement).open;
      }}
    >
      <summary part="help-summary">${intakeText().help}</summary>
      ${
        this.helpOpen
          ? html`<second-opinion-faq
              heading-level="3"
              exportparts="faq-item, faq-heading, faq-question, faq-answer"
            ></second-opinion-faq>`
          : nothing
      }
    </details>`;
  }

  private renderStepBody(step: IntakeStep) {
    switch (step) {
      case 'about':
        return this.renderAbout();
      case 'reasons':
        return keyed(
          this.generation,
          html`<second-opinion-eligibility
            id="second-opinion-eligibility"
            required
            exportparts=${FORWARDED_PARTS}
            .value=${this.draft.eligibility}
            @input=${this.onEligibilityInput}
          ></second-opinion-eligibility>`,
        );
      case 'documents':
        return keyed(
          this.generation,
          html`<second-opinion-documents
            id="second-opinion-documents"
            required
            exportparts=${FORWARDED_PARTS}
            service-country=${ifDefined(this.serviceCountry)}
            .value=${this.draft.documents}
            @input=${this.onDocumentsInput}
          ></second-opinion-documents>`,
        );
      case 'insurance':
        return keyed(
          this.generation,
          html`<second-opinion-insurance
            id="second-opinion-insurance"
            required
            exportparts=${FORWARDED_PARTS}
            insurer=${ifDefined(this.insurer)}
            .value=${this.draft.insurance}
            @input=${this.onInsuranceInput}
          ></second-opinion-insurance>`,
        );
      case 'contact':
        return this.flow?.renderContact() ?? nothing;
      case 'review':
        return this.flow?.renderReview() ?? nothing;
    }
  }

  override render() {
    if (this.isolation.active) return this.isolation.render();
    const text = intakeText();
    const current = this.current;
    const count = INTAKE_STEPS.length;
    const endpoint = checkEndpoint(this.endpoint, document.baseURI);
    // A missing endpoint may be on purpose (the page sends through its own API); a wrong one never is.
    const misconfigured =
      !endpoint.ok && endpoint.problem !== 'missing' ? endpoint.problem : undefined;
    return html`<section class="intake" aria-label=${text.formLabel}>
      ${
        this.organization?.trim()
          ? html`<p class="organization" part="header">${this.organization}</p>`
          : nothing
      }
      ${this.renderLanguageSwitcher()}
      ${
        misconfigured
          ? html`<p class="config-error" part="config-error" role="alert">
              ${configurationProblem(misconfigured)}
            </p>`
          : nothing
      }
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">
        ${this.announceStep ? this.renderAnnouncement() : nothing}
      </div>
      <div role="status">${this.renderDraftNotice()}</div>
      ${
        current === 'done'
          ? html`<h2 id="step-heading" tabindex="-1" part="step-heading">${stepTitle('done')}</h2>
              ${this.flow?.renderReceipt() ?? nothing}
              ${renderEmergencyNotice(this.emergencyNumber)}`
          : html`<p class="progress" part="progress">
                ${stepPosition(INTAKE_STEPS.indexOf(current) + 1, count)}
              </p>
              <h2 id="step-heading" tabindex="-1" part="step-heading">${stepTitle(current)}</h2>
              ${this.renderErrorSummary(current)}
              ${
                this.loadFailed
                  ? html`<p class="config-error" part="load-error" role="alert">
                      ${flowNotLoaded()}
                    </p>`
                  : nothing
              }
              ${INTAKE_STEPS.map(
                (step) =>
                  html`<div class="step" data-step=${step} ?hidden=${step !== current}>
                    ${this.visited.has(step) ? this.renderStepBody(step) : nothing}
                  </div>`,
              )}
              ${current === 'review' ? this.flow?.renderStatus() : nothing}
              ${this.renderNavigation(current)} ${current === 'about' ? nothing : this.renderHelp()}`
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'second-opinion-intake': SecondOpinionIntake;
  }
}
