import { LocaleController } from './shared/locale-controller.js';
import { localized } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { keyed } from 'lit/directives/keyed.js';
import { documentStatusLabel, documentTypeLabel, languageName } from '../content/documents.js';
import { coverageLabel, insuranceText } from '../content/insurance.js';
import {
  configurationProblem,
  contactChannelChoice,
  contactChannelLabel,
  draftText,
  formatPercent,
  formatSize,
  intakeText,
  relationshipLabel,
  requesterRoleLabel,
  retryNotice,
  sendingText,
  stepAnnouncement,
  stepPosition,
  stepTitle,
  submitFailure,
  type ConfigurationProblem,
} from '../content/intake.js';
import { issueMessage, type FieldKind } from '../content/issue-messages.js';
import { formatDate } from '../content/intl.js';
import { reasonLabel } from '../content/reasons.js';
import { canChangeLocale, currentLocale, LOCALE_NAMES, SUPPORTED_LOCALES } from '../locale.js';
import {
  INTAKE_STEPS,
  IntakeErrorEvent,
  IntakeStepChangeEvent,
  IntakeSubmitEvent,
  IntakeSuccessEvent,
  type IntakeErrorReason,
  type IntakeStep,
} from '../events.js';
import {
  CONTACT_CHANNELS,
  PROXY_RELATIONSHIPS,
  REQUESTER_ROLES,
  type ContactChannel,
  type ProxyRelationship,
  type RequesterRole,
} from '../schema/constants.js';
import { fieldErrors, type FieldErrors } from '../schema/issues.js';
import { normalizeCountry } from '../schema/languages.js';
import { payloadSchema, type SecondOpinionPayload } from '../schema/payload.js';
import {
  headerProblem,
  submitPayload,
  type RetryInfo,
  type SubmitOptions,
  type SubmitOutcome,
} from '../submit/client.js';
import {
  createDraftStore,
  draftKey,
  pageSessionStorage,
  type DraftStore,
} from '../submit/draft.js';
import { checkEndpoint } from '../submit/endpoint.js';
import { buildPayload, emptyDraft, type IntakeDraft } from '../submit/payload.js';
import { newSubmissionId } from '../submit/submission-id.js';
import type { FormControlElement } from './shared/form-control.js';
import type { SecondOpinionDocuments } from './second-opinion-documents.js';
import { buildRequestBody } from '../submit/multipart.js';
import { choiceGroup, focusField, selectField, textField } from './shared/fields.js';
import { fieldStyles, tokens } from './shared/tokens.styles.js';
import { intakeStyles } from './second-opinion-intake.styles.js';

/** Steps whose answers live in one of the smaller elements, by that element's tag. */
const STEP_ELEMENTS = {
  reasons: 'second-opinion-eligibility',
  documents: 'second-opinion-documents',
  insurance: 'second-opinion-insurance',
} as const;
type ElementStep = keyof typeof STEP_ELEMENTS;
const isElementStep = (step: IntakeStep): step is ElementStep => step in STEP_ELEMENTS;

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

/** Steps that ask something: all but `about`. */
const ANSWER_STEPS = INTAKE_STEPS.filter((step) => step !== 'about');

/**
 * Where a payload path is answered: the step, and the field's path inside that step (for the
 * smaller elements, the path of their own `value`). Used for 422 answers from the server.
 */
function locate(path: string): { step: IntakeStep; field: string } {
  const [head = '', ...rest] = path.split('.');
  switch (head) {
    case 'reasons':
      return { step: 'reasons', field: rest.join('.') };
    case 'motive':
    case 'diagnosis':
      return { step: 'reasons', field: head };
    case 'documents':
    case 'insurance':
      return { step: head, field: rest.join('.') };
    case 'requester':
    case 'patient':
      return { step: 'contact', field: path };
    default:
      return { step: 'review', field: path };
  }
}

const VALIDATION_ONLY_ID = '00000000-0000-4000-8000-000000000000';

/** Field ids of the intake's own fields: the payload path with dashes. */
const fieldId = (path: string) => path.replaceAll('.', '-');

/** Only http(s) links are rendered, so a misconfigured `javascript:` URL cannot run. */
function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const resolved = new URL(url, document.baseURI);
    return resolved.protocol === 'https:' || resolved.protocol === 'http:'
      ? resolved.href
      : undefined;
  } catch {
    return undefined;
  }
}

type Submission =
  | { status: 'editing' }
  | {
      status: 'sending';
      /** Upload progress of the current attempt, when the transport reports it. */
      progress?: { sent: number; total: number };
      /** Set while waiting to try again by itself. */
      retry?: RetryInfo;
    }
  | {
      status: 'failed';
      reason: Exclude<IntakeErrorReason, 'invalid'>;
      status_?: number;
      problem?: ConfigurationProblem;
    }
  | { status: 'done'; reference: string };

export type IntakeCredentials = 'omit' | 'same-origin' | 'include';
const CREDENTIALS: readonly IntakeCredentials[] = ['omit', 'same-origin', 'include'];

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_ATTEMPTS = 4;
const DEFAULT_DRAFT_TTL_MINUTES = 60;

const isStep = (value: unknown): value is IntakeStep =>
  typeof value === 'string' && (INTAKE_STEPS as readonly string[]).includes(value);

/** A positive finite number, or the fallback (for numeric attributes set to nonsense). */
const positiveOr = (value: number | undefined, fallback: number) =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;

interface SummaryItem {
  message: string;
  href: string;
  focus?: () => boolean;
}

/**
 * The whole second-opinion intake: learn (FAQ) → reasons → documents → insurance → contact →
 * review and consent → send → receipt. Validates each step, posts a JSON payload (see
 * `second-opinion-intake/schema`) to `endpoint` with an `Idempotency-Key`, and keeps every
 * answer on screen whatever happens: timeouts, retries with backoff (honouring `Retry-After`),
 * offline (sent when the connection returns), cancellation, and an optional draft kept across
 * reloads (`save-draft`).
 *
 * @fires intake-step-change - `{ step, index, count }` after each step change.
 * @fires intake-submit - `{ payload }`, cancelable: cancel it to send the payload yourself.
 * @fires intake-success - `{ reference }` when the endpoint accepted the request.
 * @fires intake-error - `{ reason, status? }` when it did not: `configuration`, `network`,
 * `timeout`, `http` (with `status`: 413, 415, 429, 5xx, …), `malformed-response`, `invalid`
 * (422), `offline` (sent by itself when the connection returns) or `cancelled` (the patient
 * stopped it).
 *
 * @csspart header - The organisation's name above the form.
 * @csspart progress - "Step 2 of 6".
 * @csspart step-heading - The heading of the current step (takes focus on step change).
 * @csspart error-summary - The list of problems shown when a step cannot continue.
 * @csspart config-error - The message shown when `endpoint` is not usable.
 * @csspart back - The Back button.
 * @csspart continue - The Continue button.
 * @csspart submit - The Send button.
 * @csspart receipt - The confirmation with the reference number.
 * @csspart language-switcher - The language menu (`show-language-switcher`).
 * @csspart partners - The list of partner institutions in the first step.
 * @csspart submit-error - Why the last send failed (with the retry on the Send button).
 * @csspart submit-progress - "Sending your request…" or "trying again".
 * @csspart upload-progress - Bytes and percent sent, with a `<progress>`, while files upload.
 * @csspart cancel - The "Stop sending" button, while sending.
 * @csspart draft-notice - The notice that answers were restored from a saved draft.
 * @csspart start-over - Its "Start over" button.
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
  @property({ type: Number }) timeout = DEFAULT_TIMEOUT_MS;

  /**
   * Attempts per send, the first included (1–10, default 4). Network errors, timeouts, 408, 429
   * and 5xx are tried again after a backoff or the server's `Retry-After`.
   */
  @property({ type: Number, attribute: 'max-attempts' }) maxAttempts = DEFAULT_MAX_ATTEMPTS;

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
  @property({ type: Number, attribute: 'draft-ttl' }) draftTtl = DEFAULT_DRAFT_TTL_MINUTES;

  // Registers itself with the element: locale requests, `lang` and `dir`.
  protected readonly localeController = new LocaleController(this);

  @state() private current: IntakeStep | 'done' = 'about';
  @state() private draft: IntakeDraft = emptyDraft();
  /** Steps whose errors are visible: the patient tried to leave them. */
  @state() private revealed = new Set<IntakeStep>();
  /** Errors the server named for the intake's own fields (contact, review); cleared on edit. */
  @state() private ownServerErrors: FieldErrors = {};
  @state() private returnToReview = false;
  @state() private submission: Submission = { status: 'editing' };
  /** Whether the live region announces the current step (not on first render). */
  @state() private announceStep = false;
  /** Answers came from a saved draft: show the notice until the patient moves on. */
  @state() private restoredDraft?: { hadFiles: boolean };
  /** Bumped by "Start over" so the smaller elements are created anew, their state included. */
  @state() private generation = 0;

  /** The draft's errors against the payload schema, computed once per draft. */
  private draftValidation?: { draft: IntakeDraft; country?: string; errors: FieldErrors };

  /** One id per submission until it succeeds: every retry sends the same Idempotency-Key. */
  private submissionId?: string;
  private focusAfterUpdate: 'heading' | 'summary' | 'submit' | null = null;
  /**
   * Set synchronously when a send starts, before any await: a double click or a held Enter
   * key reaches `onSend` again before the state change renders.
   */
  private sendInProgress = false;
  private sendController?: AbortController;
  /** The patient changed something since load (or a draft was restored): worth saving. */
  private draftDirty = false;
  private draftStore?: { key: string; store: DraftStore<IntakeStep> };
  /** Files were attached before a restore; the saved draft keeps saying so. */
  private draftHadFiles = false;

  @query('#step-heading') private stepHeading?: HTMLElement;
  @query('#error-summary') private errorSummary?: HTMLElement;

  /** The current step's id. */
  get step(): IntakeStep | 'done' {
    return this.current;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    globalThis.addEventListener('online', this.onOnline);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    globalThis.removeEventListener('online', this.onOnline);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (!this.hasUpdated && this.saveDraft) this.restoreDraft();
    if (changed.has('saveDraft') && this.hasUpdated && !this.saveDraft) {
      // The embedder turned drafts off: what was kept goes.
      this.draftStore?.store.clear();
    }
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

  // --- navigation -------------------------------------------------------------------------

  private goTo(step: IntakeStep | 'done', focus: 'heading' | 'summary' = 'heading'): void {
    if (step !== this.current) this.restoredDraft = undefined;
    this.current = step;
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

  private onContinue(): void {
    if (this.current === 'done' || this.current === 'review') return;
    if (!this.revealStep(this.current)) {
      this.focusAfterUpdate = 'summary';
      this.requestUpdate();
      return;
    }
    if (this.returnToReview) {
      this.returnToReview = false;
      this.goTo('review');
      return;
    }
    this.goTo(INTAKE_STEPS[INTAKE_STEPS.indexOf(this.current) + 1]!);
  }

  private onChangeAnswer(step: IntakeStep): void {
    this.returnToReview = true;
    this.goTo(step);
  }

  // --- validation -------------------------------------------------------------------------

  private element(step: ElementStep): FormControlElement<object> | null {
    return this.renderRoot.querySelector(STEP_ELEMENTS[step]);
  }

  /** The draft as the server would receive it. */
  private payloadFor(submissionId: string): SecondOpinionPayload {
    const country = normalizeCountry(this.serviceCountry);
    return buildPayload(this.draft, {
      submissionId,
      submittedAt: new Date().toISOString(),
      locale: currentLocale(),
      // A malformed attribute is left out rather than blocking the patient's request.
      serviceCountry: /^[A-Z]{2}$/.test(country) ? country : undefined,
    });
  }

  private get draftErrors(): FieldErrors {
    const cached = this.draftValidation;
    if (cached?.draft === this.draft && cached.country === this.serviceCountry)
      return cached.errors;
    // The id only has to be well formed here; the real one is made when sending.
    const errors = fieldErrors(payloadSchema, this.payloadFor(VALIDATION_ONLY_ID));
    this.draftValidation = { draft: this.draft, country: this.serviceCountry, errors };
    return errors;
  }

  /** Errors of the intake's own fields in a step, keyed by payload path. */
  private ownErrors(step: IntakeStep): FieldErrors {
    if (step !== 'contact' && step !== 'review') return {};
    const all = { ...this.draftErrors, ...this.ownServerErrors };
    return Object.fromEntries(Object.entries(all).filter(([path]) => locate(path).step === step));
  }

  /** Shows a step's errors and says whether it may be left. */
  private revealStep(step: IntakeStep): boolean {
    if (step === 'about') return true;
    if (isElementStep(step)) {
      const element = this.element(step);
      // The script-tag build defines the form controls just after the first render: a step
      // whose control is not defined yet cannot be checked, so it cannot be left yet either.
      if (element && !('revealErrors' in element)) return false;
      return element?.revealErrors() ?? true;
    }
    this.revealed = new Set(this.revealed).add(step);
    return Object.keys(this.ownErrors(step)).length === 0;
  }

  private ownError(path: string, label: string, kind: FieldKind = 'text'): string | undefined {
    const step = locate(path).step;
    const code =
      this.ownServerErrors[path] ??
      (this.revealed.has(step) ? this.ownErrors(step)[path] : undefined);
    return code ? issueMessage(code, label, kind) : undefined;
  }

  private summaryItems(step: IntakeStep): SummaryItem[] {
    if (isElementStep(step)) {
      const element = this.element(step);
      return (element?.visibleErrors ?? []).map(({ path, message }) => ({
        message,
        href: `#${STEP_ELEMENTS[step]}`,
        focus: () => element?.focusField(path) ?? false,
      }));
    }
    if (!this.revealed.has(step) && Object.keys(this.ownServerErrors).length === 0) return [];
    return Object.keys(this.ownErrors(step)).flatMap((path) => {
      const label = this.ownFieldLabel(path);
      const message = this.ownError(path, label, this.ownFieldKind(path));
      if (!message) return [];
      const id = fieldId(path);
      const hasField = this.renderRoot.querySelector(`#${CSS.escape(id)}`) !== null;
      return [
        {
          message,
          href: `#${id}`,
          ...(hasField ? { focus: () => focusField(this.renderRoot, id) } : {}),
        },
      ];
    });
  }

  // --- editing ----------------------------------------------------------------------------

  private updateDraft(change: Partial<IntakeDraft>, paths: readonly string[] = []): void {
    this.draft = { ...this.draft, ...change };
    this.draftDirty = true;
    if (paths.some((path) => path in this.ownServerErrors)) {
      this.ownServerErrors = Object.fromEntries(
        Object.entries(this.ownServerErrors).filter(([path]) => !paths.includes(path)),
      );
    }
  }

  private setRequester(change: Partial<IntakeDraft['requester']>, path: string): void {
    this.updateDraft({ requester: { ...this.draft.requester, ...change } }, [path]);
  }

  private setPatient(change: Partial<IntakeDraft['patient']>, path: string): void {
    this.updateDraft({ patient: { ...this.draft.patient, ...change } }, [path]);
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

  private async onSend(): Promise<void> {
    // One request at a time: a double click or a held Enter key must not send twice.
    if (this.sendInProgress || this.submission.status === 'sending') return;
    this.dropUnfixableServerErrors();
    for (const step of ANSWER_STEPS) {
      if (!this.revealStep(step)) {
        if (step !== 'review') this.returnToReview = true;
        this.goTo(step, 'summary');
        return;
      }
    }
    this.submissionId ??= newSubmissionId();
    const result = payloadSchema.safeParse(this.payloadFor(this.submissionId));
    if (!result.success) {
      // Every step passed, so this is a rule no step shows; report it like a server would.
      this.showFieldErrors(fieldErrors(payloadSchema, this.payloadFor(this.submissionId)));
      return;
    }
    const payload = result.data;
    if (!this.dispatchEvent(new IntakeSubmitEvent({ payload }))) {
      // The page sends it through its own API and reports back with showReceipt/showSubmitError.
      this.submission = { status: 'sending' };
      return;
    }
    const endpoint = checkEndpoint(this.endpoint, document.baseURI);
    if (!endpoint.ok) {
      this.fail('configuration', undefined, endpoint.problem);
      return;
    }
    // From here on the key may reach the server: a reload must send it again, not a new one.
    this.storeDraft();
    this.sendInProgress = true;
    const controller = new AbortController();
    this.sendController = controller;
    this.submission = { status: 'sending' };
    try {
      const headers = await this.requestHeaders(controller.signal);
      if (controller.signal.aborted) {
        this.fail('cancelled');
        return;
      }
      if (!headers) {
        this.fail('configuration', undefined, 'request');
        return;
      }
      let body: SubmitOptions['body'] | undefined;
      try {
        body = await this.requestBody(payload);
      } catch {
        // A bug, not the patient's doing; the message says nothing was sent and offers a retry.
        console.warn(
          '<second-opinion-intake>: the request body could not be built; nothing was sent.',
        );
        this.fail('configuration', undefined, 'request');
        return;
      }
      const outcome = await submitPayload({
        endpoint: endpoint.url,
        payload,
        ...(body ? { body } : {}),
        timeoutMs: positiveOr(this.timeout, DEFAULT_TIMEOUT_MS),
        maxAttempts: positiveOr(this.maxAttempts, DEFAULT_MAX_ATTEMPTS),
        credentials: CREDENTIALS.includes(this.credentials) ? this.credentials : 'omit',
        headers,
        signal: controller.signal,
        onProgress: (sent, total) => {
          if (this.submission.status === 'sending') {
            this.submission = { status: 'sending', progress: { sent, total } };
          }
        },
        onRetry: (retry) => {
          if (this.submission.status === 'sending') this.submission = { status: 'sending', retry };
        },
      });
      this.handleOutcome(outcome);
    } finally {
      this.sendInProgress = false;
      if (this.sendController === controller) this.sendController = undefined;
    }
  }

  /**
   * A 422 may name a path no field shows (`submissionId`, or one this version does not know).
   * No edit can clear it, so it would block every later send: it was shown once, and a new send
   * lets the server judge again.
   */
  private dropUnfixableServerErrors(): void {
    const fixable = (path: string) =>
      locate(path).step !== 'review' || path === 'consent.healthDataProcessing';
    const paths = Object.keys(this.ownServerErrors);
    if (paths.every(fixable)) return;
    this.ownServerErrors = Object.fromEntries(
      Object.entries(this.ownServerErrors).filter(([path]) => fixable(path)),
    );
  }

  /** Stops a send in progress; the answers stay and the next send uses the same key. */
  private onCancel(): void {
    this.sendController?.abort();
  }

  /** A held-down Enter repeats keydown; only the first press may activate the button. */
  private readonly onSubmitKeydown = (event: KeyboardEvent) => {
    if ((event.key === 'Enter' || event.key === ' ') && event.repeat) event.preventDefault();
  };

  private readonly onOnline = () => {
    const submission = this.submission;
    if (submission.status === 'failed' && submission.reason === 'offline') void this.onSend();
  };

  /**
   * `headers` and what `getHeaders()` adds, checked; undefined when they cannot be used (the
   * hook failed, took longer than the timeout, or gave invalid headers). The console names the
   * problem for the embedder, never a value.
   */
  private async requestHeaders(signal: AbortSignal): Promise<Record<string, string> | undefined> {
    try {
      let extra: Record<string, string> | undefined;
      if (this.getHeaders) {
        const timeoutMs = positiveOr(this.timeout, DEFAULT_TIMEOUT_MS);
        let timer: ReturnType<typeof setTimeout> | undefined;
        let onAbort = () => {};
        // Given up on after the timeout, or as soon as the patient stops the send.
        const givenUp = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('getHeaders() timed out')), timeoutMs);
          onAbort = () => reject(new Error('cancelled'));
          signal.addEventListener('abort', onAbort, { once: true });
        });
        try {
          extra = await Promise.race([Promise.resolve(this.getHeaders()), givenUp]);
        } finally {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
        }
      }
      const headers = { ...this.headers, ...extra };
      const problem = headerProblem(headers);
      if (problem) {
        console.warn(`<second-opinion-intake>: ${problem}; nothing was sent.`);
        return undefined;
      }
      return headers;
    } catch {
      if (!signal.aborted) {
        console.warn('<second-opinion-intake>: getHeaders() failed; nothing was sent.');
      }
      return undefined;
    }
  }

  /**
   * The request body, when it is not the payload as JSON: the FHIR QuestionnaireResponse with
   * `format="fhir"`. Called once per send; every attempt of that send posts the same body. A
   * `FormData` or `Blob` body is uploaded with progress (bytes and percent on screen) where the
   * `credentials` setting allows (see README). Protected: the seam where a subclass (or the
   * tests) can send another body.
   */
  protected async requestBody(
    payload: SecondOpinionPayload,
  ): Promise<SubmitOptions['body'] | undefined> {
    const submission = this.format === 'fhir' ? await this.asFhir(payload) : undefined;
    const files = (this.element('documents') as SecondOpinionDocuments | null)?.files ?? {};
    return buildRequestBody(payload, files, submission);
  }

  /** Loaded only when asked for, so the JSON path does not carry the FHIR mapping. */
  private async asFhir(
    payload: SecondOpinionPayload,
  ): Promise<{ contentType: string; data: unknown }> {
    const [{ FHIR_JSON }, { toQuestionnaireResponse }] = await Promise.all([
      import('../fhir/canonical.js'),
      import('../fhir/response.js'),
    ]);
    return {
      contentType: FHIR_JSON,
      // In the wording the patient saw: organisation and insurer named as on screen.
      data: toQuestionnaireResponse(payload, {
        organization: this.organization,
        insurer: this.insurer,
      }),
    };
  }

  private handleOutcome(outcome: SubmitOutcome): void {
    switch (outcome.kind) {
      case 'accepted':
        this.showReceipt(outcome.reference);
        return;
      case 'rejected':
        this.submission = { status: 'editing' };
        this.showFieldErrors(outcome.errors);
        this.dispatchEvent(new IntakeErrorEvent({ reason: 'invalid', status: 422 }));
        return;
      case 'failed':
        this.fail(outcome.reason, outcome.status);
    }
  }

  private fail(
    reason: Exclude<IntakeErrorReason, 'invalid'>,
    status?: number,
    problem?: ConfigurationProblem,
  ): void {
    // The Stop button goes away with the sending state: keep the focus on the form.
    if ((this.renderRoot as ShadowRoot).activeElement?.id === 'cancel') {
      this.focusAfterUpdate = 'submit';
    }
    this.submission = {
      status: 'failed',
      reason,
      ...(status !== undefined ? { status_: status } : {}),
      ...(problem ? { problem } : {}),
    };
    this.dispatchEvent(
      new IntakeErrorEvent({ reason, ...(status !== undefined ? { status } : {}) }),
    );
  }

  /** Puts errors (from the server's 422) on their fields and opens the first step concerned. */
  private showFieldErrors(errors: FieldErrors): void {
    const elementErrors: Partial<Record<ElementStep, FieldErrors>> = {};
    const own: FieldErrors = {};
    for (const [path, code] of Object.entries(errors)) {
      const { step, field } = locate(path);
      if (isElementStep(step)) elementErrors[step] = { ...elementErrors[step], [field]: code };
      else own[path] = code;
    }
    // Set directly rather than bound: the summary rendered next reads them from the elements.
    for (const step of Object.keys(STEP_ELEMENTS) as ElementStep[]) {
      const element = this.element(step);
      if (element) element.externalErrors = elementErrors[step] ?? {};
    }
    this.ownServerErrors = own;
    const first = INTAKE_STEPS.find((step) =>
      isElementStep(step)
        ? elementErrors[step]
        : Object.keys(own).some((path) => locate(path).step === step),
    );
    if (first && first !== 'review') this.returnToReview = true;
    this.goTo(first ?? 'review', 'summary');
  }

  /**
   * Shows the receipt. Called by the widget on success; call it yourself after sending the
   * payload of a cancelled `intake-submit` through your own API.
   */
  showReceipt(reference: string): void {
    this.submission = { status: 'done', reference };
    this.submissionId = undefined;
    this.draftStore?.store.clear();
    this.draftDirty = false;
    this.goTo('done');
    this.dispatchEvent(new IntakeSuccessEvent({ reference }));
  }

  /** Reports a failure of a submission you sent yourself; the patient can try again. */
  showSubmitError(
    reason: Exclude<IntakeErrorReason, 'invalid' | 'configuration'> = 'network',
    status?: number,
  ): void {
    this.fail(reason, status);
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

  private draftTtlMs(): number {
    return positiveOr(this.draftTtl, DEFAULT_DRAFT_TTL_MINUTES) * 60_000;
  }

  private restoreDraft(): void {
    const saved = this.draftStoreFor().load(this.draftTtlMs());
    if (!saved) return;
    this.draft = saved.draft;
    this.current = saved.step ?? 'about';
    this.submissionId = saved.submissionId;
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
      submissionId: this.submissionId,
      hadFiles: this.draftHadFiles,
    });
  }

  /** Forgets the restored answers: storage, the answers on screen, the submission id. */
  private onStartOver(): void {
    this.draftStore?.store.clear();
    this.draft = emptyDraft();
    this.draftDirty = false;
    this.draftHadFiles = false;
    this.submissionId = undefined;
    this.submission = { status: 'editing' };
    this.ownServerErrors = {};
    this.revealed = new Set();
    this.returnToReview = false;
    this.generation += 1;
    this.restoredDraft = undefined;
    this.goTo('about');
  }

  // --- rendering --------------------------------------------------------------------------

  private ownFieldLabel(path: string): string {
    const text = intakeText();
    const proxy = this.draft.requester.role === 'proxy';
    switch (path) {
      case 'requester.role':
        return text.requesterLegend;
      case 'requester.relationship':
        return text.relationship;
      case 'requester.name':
        return text.proxyName;
      case 'patient.name':
        return proxy ? text.patientNameProxy : text.patientNameSelf;
      case 'patient.dateOfBirth':
        return proxy ? text.dateOfBirthProxy : text.dateOfBirthSelf;
      case 'patient.email':
        return text.email;
      case 'patient.phone':
        return text.phone;
      case 'patient.preferredContact':
        return text.preferredContact;
      case 'consent.healthDataProcessing':
        return text.consentLegend;
      default:
        return path;
    }
  }

  private ownFieldKind(path: string): FieldKind {
    return ['requester.role', 'requester.relationship', 'patient.preferredContact'].includes(path)
      ? 'choice'
      : 'text';
  }

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
    const items = this.summaryItems(step);
    if (items.length === 0) return nothing;
    return html`<div
      class="error-summary"
      id="error-summary"
      tabindex="-1"
      part="error-summary"
      aria-labelledby="error-summary-title"
    >
      <h3 id="error-summary-title">${intakeText().errorSummaryTitle}</h3>
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
    </div>`;
  }

  private renderAbout() {
    const text = intakeText();
    const partners = this.partners.filter(
      (partner) => typeof partner === 'string' && partner.trim(),
    );
    return html`<p>${text.aboutIntro}</p>
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

  private renderContact() {
    const text = intakeText();
    const { requester, patient } = this.draft;
    const proxy = requester.role === 'proxy';
    // Autofill fills the person at the keyboard: the patient's own details only when they are
    // the patient; a proxy's own name gets `name`.
    const self = (token: string) => (proxy ? 'off' : token);
    return html`${choiceGroup({
        id: fieldId('requester.role'),
        type: 'radio',
        label: text.requesterLegend,
        required: true,
        choices: REQUESTER_ROLES.map((role) => ({ value: role, label: requesterRoleLabel(role) })),
        selected: requester.role ? [requester.role] : [],
        error: this.ownError('requester.role', text.requesterLegend, 'choice'),
        onToggle: (role) => this.setRequester({ role: role as RequesterRole }, 'requester.role'),
      })}
      ${
        proxy
          ? html`<div class="nested">
              ${selectField({
                id: fieldId('requester.relationship'),
                label: text.relationship,
                required: true,
                value: requester.relationship ?? '',
                placeholder: text.relationshipPlaceholder,
                choices: PROXY_RELATIONSHIPS.map((value) => ({
                  value,
                  label: relationshipLabel(value),
                })),
                error: this.ownError('requester.relationship', text.relationship, 'choice'),
                onSelect: (value) =>
                  this.setRequester(
                    { relationship: (value || undefined) as ProxyRelationship | undefined },
                    'requester.relationship',
                  ),
              })}
              ${textField({
                id: fieldId('requester.name'),
                label: text.proxyName,
                required: true,
                value: requester.name ?? '',
                autocomplete: 'name',
                error: this.ownError('requester.name', text.proxyName),
                onInput: (name) => this.setRequester({ name }, 'requester.name'),
              })}
            </div>`
          : nothing
      }
      <h3>${text.patientHeading}</h3>
      ${textField({
        id: fieldId('patient.name'),
        label: this.ownFieldLabel('patient.name'),
        required: true,
        value: patient.name,
        autocomplete: self('name'),
        error: this.ownError('patient.name', this.ownFieldLabel('patient.name')),
        onInput: (name) => this.setPatient({ name }, 'patient.name'),
      })}
      ${textField({
        id: fieldId('patient.dateOfBirth'),
        label: this.ownFieldLabel('patient.dateOfBirth'),
        type: 'date',
        required: true,
        value: patient.dateOfBirth,
        autocomplete: self('bday'),
        error: this.ownError('patient.dateOfBirth', this.ownFieldLabel('patient.dateOfBirth')),
        onInput: (dateOfBirth) => this.setPatient({ dateOfBirth }, 'patient.dateOfBirth'),
      })}
      ${textField({
        id: fieldId('patient.email'),
        label: text.email,
        description: text.emailDescription,
        type: 'email',
        required: true,
        value: patient.email,
        autocomplete: 'email',
        error: this.ownError('patient.email', text.email),
        onInput: (email) => this.setPatient({ email }, 'patient.email'),
      })}
      ${textField({
        id: fieldId('patient.phone'),
        label: text.phone,
        description: text.phoneDescription,
        type: 'tel',
        required: patient.preferredContact === 'phone',
        value: patient.phone,
        autocomplete: 'tel',
        error: this.ownError('patient.phone', text.phone),
        onInput: (phone) => this.setPatient({ phone }, 'patient.phone'),
      })}
      ${choiceGroup({
        id: fieldId('patient.preferredContact'),
        type: 'radio',
        label: text.preferredContact,
        choices: CONTACT_CHANNELS.map((channel) => ({
          value: channel,
          label: contactChannelChoice(channel),
        })),
        selected: patient.preferredContact ? [patient.preferredContact] : [],
        error: this.ownError('patient.preferredContact', text.preferredContact, 'choice'),
        onToggle: (channel) =>
          this.setPatient(
            { preferredContact: channel as ContactChannel },
            'patient.preferredContact',
          ),
      })}`;
  }

  private renderAnswer(label: string, value: string | TemplateResult | undefined) {
    return html`<div class="answer">
      <dt>${label}</dt>
      <dd>${value || intakeText().notAnswered}</dd>
    </div>`;
  }

  private renderReviewSection(step: IntakeStep, title: string, answers: TemplateResult[]) {
    return html`<section class="review-section" aria-labelledby="review-${step}">
      <div class="review-heading">
        <h3 id="review-${step}">${title}</h3>
        <button
          type="button"
          class="link"
          aria-describedby="review-${step}"
          @click=${() => this.onChangeAnswer(step)}
        >
          ${intakeText().change}
        </button>
      </div>
      <dl>${answers}</dl>
    </section>`;
  }

  private renderReview() {
    const text = intakeText();
    const { eligibility, documents, insurance, requester, patient } = this.draft;
    const reasons = eligibility.selected
      .map((id) =>
        id === 'other' && eligibility.other
          ? `${reasonLabel(id)}: ${eligibility.other}`
          : reasonLabel(id),
      )
      .join('; ');
    const insured = insurance.hasPrivateInsurance;
    const insuranceLabels = insuranceText(this.insurer);
    const organization = this.organization?.trim();
    const privacyHref = safeHref(this.privacyUrl);
    return html`${this.renderReviewSection('reasons', text.reviewReasons, [
        this.renderAnswer(text.reasonsLabel, reasons),
        this.renderAnswer(text.motiveLabel, eligibility.motive),
        this.renderAnswer(text.diagnosisLabel, eligibility.diagnosis),
      ])}
      ${this.renderReviewSection(
        'documents',
        text.reviewDocuments,
        documents.map((entry) =>
          this.renderAnswer(
            documentTypeLabel(entry.type),
            entry.status
              ? [
                  documentStatusLabel(entry.status),
                  entry.language ? languageName(entry.language) : '',
                  entry.translationNeeded ? text.translationNeeded : '',
                ]
                  .filter(Boolean)
                  .join(', ')
              : undefined,
          ),
        ),
      )}
      ${this.renderReviewSection('insurance', text.reviewInsurance, [
        this.renderAnswer(
          insuranceLabels.question,
          insured === undefined ? undefined : insured ? text.yes : text.no,
        ),
        ...(insured
          ? [
              this.renderAnswer(insuranceLabels.insurerLabel, insurance.insurer),
              this.renderAnswer(insuranceLabels.policyNumberLabel, insurance.policyNumber),
              this.renderAnswer(
                insuranceLabels.coverageQuestion,
                insurance.coverageConfirmed
                  ? coverageLabel(insurance.coverageConfirmed)
                  : undefined,
              ),
            ]
          : []),
      ])}
      ${this.renderReviewSection('contact', text.reviewContact, [
        this.renderAnswer(
          text.requesterLabel,
          requester.role === 'proxy'
            ? [
                requester.name,
                requester.relationship ? relationshipLabel(requester.relationship) : '',
              ]
                .filter(Boolean)
                .join(', ')
            : requester.role
              ? requesterRoleLabel(requester.role)
              : undefined,
        ),
        this.renderAnswer(this.ownFieldLabel('patient.name'), patient.name),
        this.renderAnswer(
          this.ownFieldLabel('patient.dateOfBirth'),
          patient.dateOfBirth ? formatDate(patient.dateOfBirth) : undefined,
        ),
        this.renderAnswer(text.email, patient.email),
        this.renderAnswer(text.phone, patient.phone),
        this.renderAnswer(
          text.preferredContact,
          patient.preferredContact ? contactChannelChoice(patient.preferredContact) : undefined,
        ),
      ])}
      <section class="consent" aria-labelledby="consent-heading">
        <h3 id="consent-heading">${text.consentLegend}</h3>
        <p class="reassurance">${text.reassurance}</p>
        ${choiceGroup({
          id: fieldId('consent.healthDataProcessing'),
          type: 'checkbox',
          label: text.consentLegend,
          required: true,
          description: text.consentDescription,
          choices: [
            {
              value: 'yes',
              label: organization ? text.consent(organization) : text.consentNoOrganization,
            },
          ],
          selected: this.draft.consent ? ['yes'] : [],
          error: this.ownError('consent.healthDataProcessing', text.consentLegend),
          onToggle: (_value, checked) =>
            this.updateDraft({ consent: checked }, ['consent.healthDataProcessing']),
        })}
        ${
          privacyHref
            ? html`<p>
                <a href=${privacyHref} target="_blank" rel="noopener noreferrer"
                  >${text.privacyLink}</a
                >
              </p>`
            : nothing
        }
      </section>`;
  }

  private renderDone() {
    if (this.submission.status !== 'done') return nothing;
    const text = intakeText();
    const { documents, insurance, patient } = this.draft;
    const channel = contactChannelLabel(patient.preferredContact ?? 'email');
    return html`<div class="receipt" part="receipt">
      <p>${text.doneThanks}</p>
      <p class="reference-label">${text.referenceLabel}</p>
      <p class="reference"><strong>${this.submission.reference}</strong></p>
      <p>${text.referenceHint}</p>
      <h3>${text.nextHeading}</h3>
      <ul>
        <li>${text.nextReview}</li>
        <li>${text.nextContact(channel)}</li>
        ${
          documents.some((entry) => entry.translationNeeded)
            ? html`<li>${text.nextTranslation}</li>`
            : nothing
        }
        ${
          insurance.hasPrivateInsurance && insurance.coverageConfirmed !== 'yes'
            ? html`<li>${text.nextInsurance}</li>`
            : nothing
        }
      </ul>
    </div>`;
  }

  private renderStatus() {
    const submission = this.submission;
    const text = intakeText();
    let message: string | undefined;
    if (submission.status === 'sending') {
      const { retry, progress } = submission;
      message = retry
        ? retryNotice(retry.reason, retry.status, retry.attempt, retry.maxAttempts)
        : text.sending;
      if (progress && progress.total > 0) {
        // Announced in quarters: every progress event would drown the screen reader.
        const quarter = Math.floor((progress.sent / progress.total) * 4) * 25;
        if (quarter > 0) {
          message = `${message} ${sendingText().progressAnnouncement(formatPercent(quarter))}`;
        }
      }
    }
    if (submission.status === 'failed') {
      message =
        submission.reason === 'configuration'
          ? configurationProblem(submission.problem ?? 'missing')
          : submitFailure(submission.reason, submission.status_);
    }
    return html`<div class="status" role="status">
        ${
          message
            ? html`<p
                class=${submission.status === 'failed' ? 'failure' : 'progress-note'}
                part=${submission.status === 'failed' ? 'submit-error' : 'submit-progress'}
              >
                ${message}
              </p>`
            : nothing
        }
      </div>
      ${this.renderProgress()}`;
  }

  /** Bytes and percent of the upload, when the transport reports them. */
  private renderProgress() {
    const submission = this.submission;
    if (submission.status !== 'sending' || !submission.progress) return nothing;
    const { sent, total } = submission.progress;
    if (total <= 0) return nothing;
    const text = sendingText();
    return html`<div class="upload-progress" part="upload-progress">
      <label for="send-progress">${text.progressLabel}</label>
      <progress id="send-progress" max=${total} .value=${sent}></progress>
      <p>
        ${text.progress(formatSize(sent), formatSize(total), formatPercent((sent / total) * 100))}
      </p>
    </div>`;
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
    const sending = this.submission.status === 'sending';
    const failed = this.submission.status === 'failed';
    return html`<div class="navigation">
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
              ${sending ? text.sending : failed ? text.retry : text.send}
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
        step === 'review' && sending && this.sendController
          ? html`<button type="button" id="cancel" part="cancel" @click=${this.onCancel}>
              ${sendingText().cancel}
            </button>`
          : nothing
      }
      ${
        first
          ? nothing
          : html`<button type="button" id="back" part="back" @click=${this.onBack}>
              ${text.back}
            </button>`
      }
    </div>`;
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
        return this.renderContact();
      case 'review':
        return this.renderReview();
    }
  }

  override render() {
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
              ${this.renderDone()}`
          : html`<p class="progress" part="progress">
                ${stepPosition(INTAKE_STEPS.indexOf(current) + 1, count)}
              </p>
              <h2 id="step-heading" tabindex="-1" part="step-heading">${stepTitle(current)}</h2>
              ${this.renderErrorSummary(current)}
              ${INTAKE_STEPS.map(
                (step) =>
                  html`<div class="step" data-step=${step} ?hidden=${step !== current}>
                    ${this.renderStepBody(step)}
                  </div>`,
              )}
              ${current === 'review' ? this.renderStatus() : nothing}
              ${this.renderNavigation(current)}`
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'second-opinion-intake': SecondOpinionIntake;
  }
}
