import { localized } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  DEFAULT_EMERGENCY_NUMBER,
  flowNotLoaded,
  intakeText,
  stepPosition,
  stepTitle,
} from '../content/intake.js';
import { INTAKE_STEPS, type IntakeErrorReason, type IntakeStep } from '../events.js';
import type { SecondOpinionPayload } from '../schema/payload.js';
import type { SubmitOptions } from '../submit/client.js';
import { renderAboutStep, renderHelp } from './intake/about-step.js';
import { changeFromInput, renderControlStep } from './intake/control-steps.js';
import { DraftController } from './intake/draft-controller.js';
import { renderDraftNotice } from './intake/draft-notice.js';
import { renderEmergencyNotice } from './intake/emergency-notice.js';
import { ErrorSummary } from './intake/error-summary.js';
import type { IntakeFlow } from './intake/intake-flow.js';
import { IsolationController } from './intake/isolation.js';
import { LazyFlow } from './intake/lazy-flow.js';
import { renderIntakeHeader } from './intake/intake-header.js';
import {
  DEFAULT_DRAFT_TTL_MINUTES,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_TIMEOUT_MS,
  type IntakeCredentials,
} from './intake/shared.js';
import { renderNavigation, stepAnnouncementText } from './intake/step-navigation.js';
import { StepNavigator } from './intake/step-navigator.js';
import { LocaleController } from './shared/locale-controller.js';
import { fieldStyles, tokens } from './shared/tokens.styles.js';
import { intakeStyles } from './second-opinion-intake.styles.js';

export type { IntakeCredentials } from './intake/shared.js';

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
 * @csspart language-error - Under it: the chosen language could not be loaded (choose it again).
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
  /**
   * Checking, the contact and review steps, sending (./intake/intake-flow.ts): loaded after the
   * first render, so the first step never waits for zod or the network code.
   */
  private readonly flows: LazyFlow<IntakeFlow> = new LazyFlow(
    this,
    async () => {
      const { IntakeFlow } = await import('./intake/intake-flow.js');
      this.navigator.loadFailed = false;
      return new IntakeFlow(this, this.drafts, this.navigator, (payload) =>
        this.requestBody(payload),
      );
    },
    () => this.navigator.showLoadFailure(),
  );
  // Which step shows, Back and Continue, focus after a move.
  private readonly navigator = new StepNavigator(this, this.flows);
  // The answers and the pending request, and their saved copy (`save-draft`).
  private readonly drafts = new DraftController(this, this.navigator);
  private readonly errorSummary = new ErrorSummary();

  /** Bumped by "Start over" so the smaller elements are created anew, their state included. */
  @state() private generation = 0;
  /** The FAQ is open under a later step ("Help"): rendered only once opened. */
  @state() private helpOpen = false;

  /** The current step's id. */
  get step(): IntakeStep | 'done' {
    return this.isolation.active ? this.isolation.step : this.navigator.current;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (!this.hasUpdated && this.saveDraft) {
      const step = this.drafts.restore();
      if (step) this.navigator.resumeAt(step);
    }
    // The embedder turned drafts off: what was kept goes.
    if (changed.has('saveDraft') && this.hasUpdated && !this.saveDraft) this.drafts.clearSaved();
  }

  protected override firstUpdated(): void {
    // Isolated, the intake runs in the frame: nothing of it is loaded into the page.
    if (this.isolation.active) return;
    // Right after the first step is on screen, so it never waits for the rest.
    this.flows.load().catch(() => {
      // Said when the patient needs it (Continue); tried again then.
    });
  }

  /**
   * Also waits for the rest of the intake (checking, contact and review, sending), loaded after
   * the first render: once it resolves, every step works without waiting.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    const result = await super.getUpdateComplete();
    // The first update started the load (firstUpdated); a failed one is reported to the patient
    // when needed, not to whoever awaits an update.
    if (!this.flows.loaded() && !this.isolation.active) await this.flows.load().catch(() => {});
    return result;
  }

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
    return (this.flows.loaded() ?? (await this.flows.load())).requestBody(payload);
  }

  /**
   * Shows the receipt. Called by the widget on success; call it yourself after sending the
   * payload of a cancelled `intake-submit` through your own API.
   */
  showReceipt(reference: string): void {
    void this.flows.whenLoaded((flow) => flow.showReceipt(reference));
  }

  /** Reports a failure of a submission you sent yourself; the patient can try again. */
  showSubmitError(
    reason: Exclude<
      IntakeErrorReason,
      'invalid' | 'configuration' | 'idempotency-key-reused'
    > = 'network',
    status?: number,
  ): void {
    void this.flows.whenLoaded((flow) => flow.fail(reason, status));
  }

  /** Forgets the restored answers: storage, the answers on screen, the submission id. */
  private readonly onStartOver = () => {
    this.drafts.startOver();
    this.flows.loaded()?.reset();
    this.generation += 1;
    this.navigator.startOver();
  };

  private readonly onHelpToggle = (open: boolean) => {
    this.helpOpen = open;
  };

  private readonly onControlInput = (event: Event) => this.drafts.update(changeFromInput(event));

  private renderStep(step: IntakeStep) {
    if (step === 'about') return renderAboutStep(this);
    if (step === 'contact') return this.flows.loaded()?.renderContact() ?? nothing;
    if (step === 'review') return this.flows.loaded()?.renderReview() ?? nothing;
    return renderControlStep(step, {
      answers: this.drafts.answers,
      generation: this.generation,
      serviceCountry: this.serviceCountry,
      insurer: this.insurer,
      onInput: this.onControlInput,
    });
  }

  private renderCurrent(current: IntakeStep) {
    const navigator = this.navigator;
    const flow = this.flows.loaded();
    const status = flow?.submission.status;
    return html`<p class="progress" part="progress">
        ${stepPosition(INTAKE_STEPS.indexOf(current) + 1, INTAKE_STEPS.length)}
      </p>
      <h2 id="step-heading" tabindex="-1" part="step-heading">${stepTitle(current)}</h2>
      ${this.errorSummary.render(current, navigator.summaryAttempt, navigator.summaryItems(current))}
      ${
        navigator.loadFailed
          ? html`<p class="config-error" part="load-error" role="alert">${flowNotLoaded()}</p>`
          : nothing
      }
      ${INTAKE_STEPS.map(
        (step) =>
          html`<div class="step" data-step=${step} ?hidden=${step !== current}>
            ${navigator.visited.has(step) ? this.renderStep(step) : nothing}
          </div>`,
      )}
      ${current === 'review' ? flow?.renderStatus() : nothing}
      ${renderNavigation({
        step: current,
        returningToReview: navigator.returningToReview,
        sending: status === 'sending',
        failed: status === 'failed',
        submitLabel: flow?.submitLabel,
        canCancel: current === 'review' && !!flow?.canCancel,
        onBack: () => navigator.back(),
        onContinue: () => void navigator.continue(),
        onSend: () => void this.flows.whenLoaded((loaded) => loaded.send()),
        onCancel: () => flow?.cancel(),
      })}
      ${current === 'about' ? nothing : renderHelp(this.helpOpen, this.onHelpToggle)}`;
  }

  override render() {
    if (this.isolation.active) return this.isolation.render();
    const text = intakeText();
    const current = this.navigator.current;
    return html`<section class="intake" aria-label=${text.formLabel}>
      ${renderIntakeHeader({
        organization: this.organization,
        showLanguageSwitcher: this.showLanguageSwitcher,
        endpoint: this.endpoint,
        failedLocale: this.localeController.failedLocale,
        onLocale: (locale) => {
          // The same choice again (its file failed to load) changes nothing: ask for it anew.
          if (locale === this.locale) this.localeController.request();
          this.locale = locale;
        },
      })}
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">
        ${this.navigator.announce ? stepAnnouncementText(current) : nothing}
      </div>
      <div role="status">${renderDraftNotice(this.drafts.restored, this.onStartOver)}</div>
      ${
        current === 'done'
          ? html`<h2 id="step-heading" tabindex="-1" part="step-heading">${stepTitle('done')}</h2>
              ${this.flows.loaded()?.renderReceipt() ?? nothing}
              ${renderEmergencyNotice(this.emergencyNumber)}`
          : this.renderCurrent(current)
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'second-opinion-intake': SecondOpinionIntake;
  }
}
