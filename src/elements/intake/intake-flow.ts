import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import {
  documentStatusLabel,
  documentTypeLabel,
  formatFileSize,
  languageName,
} from '../../content/documents.js';
import { coverageLabel, insuranceText } from '../../content/insurance.js';
import {
  configurationProblem,
  intakeText,
  type ConfigurationProblem,
} from '../../content/intake.js';
import {
  contactChannelChoice,
  dateText,
  contactChannelLabel,
  formatPercent,
  intakeFormText,
  relationshipLabel,
  requesterRoleLabel,
  keyReusedText,
  retryNotice,
  sendingText,
  submitFailure,
} from '../../content/intake-form.js';
import { issueMessage, type FieldKind } from '../../content/issue-messages.js';
import { formatDate } from '../../content/intl.js';
import { reasonLabel } from '../../content/reasons.js';
import { currentLocale } from '../../locale.js';
import {
  INTAKE_STEPS,
  IntakeErrorEvent,
  IntakeSubmitEvent,
  IntakeSuccessEvent,
  type IntakeErrorReason,
  type IntakeStep,
} from '../../events.js';
import {
  CONTACT_CHANNELS,
  PROXY_RELATIONSHIPS,
  REQUESTER_ROLES,
  type ContactChannel,
  type ProxyRelationship,
  type RequesterRole,
} from '../../schema/constants.js';
import { isoFromParts } from '../../schema/date-parts.js';
import { datePartsAt, datePartsIssue } from '../../schema/date-issues.js';
import {
  fieldErrors,
  toFieldErrors,
  type FieldErrors,
  type IssueCode,
} from '../../schema/issues.js';
import { normalizeCountry } from '../../schema/languages.js';
import { payloadSchema, type SecondOpinionPayload } from '../../schema/payload.js';
import {
  headerProblem,
  submitPayload,
  type RetryInfo,
  type SubmitOptions,
  type SubmitOutcome,
} from '../../submit/client.js';
import { checkEndpoint } from '../../submit/endpoint.js';
import { buildRequestBody } from '../../submit/multipart.js';
import { buildPayload, type IntakeDraft, type PendingSubmission } from '../../submit/payload.js';
import { newSubmissionId } from '../../submit/submission-id.js';
import { choiceGroup, focusField, selectField, textField } from '../shared/fields.js';
import type { SecondOpinionDocuments } from '../second-opinion-documents.js';
import { memorableDateField } from './memorable-date.js';
import type { FormControlElement } from '../shared/form-control.js';
import type { SecondOpinionIntake } from '../second-opinion-intake.js';
import {
  CREDENTIALS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_TIMEOUT_MS,
  isElementStep,
  positiveOr,
  STEP_ELEMENTS,
  type ElementStep,
  type FocusTarget,
  type SummaryItem,
} from './shared.js';

/**
 * The part of `<second-opinion-intake>` that the first step does not need, loaded by the element
 * right after its first render: checking the answers against the payload schema (zod), the
 * intake's own steps (contact, review and consent) and the receipt, and sending (retries,
 * uploads, FHIR, 422 answers). Keeping it out of the first load is what lets the script tag
 * show the first step within its size budget (docs/build-and-size.md).
 *
 * It keeps the state only it uses (which steps show their errors, the server's field errors,
 * the send in progress) and reaches the element's answers and navigation through `IntakeHost`.
 */

/** What the flow needs from the element; the element builds it over its private state. */
export interface IntakeHost {
  /** The element: its public settings (endpoint, timeout, …), events and shadow root. */
  readonly element: SecondOpinionIntake;
  draft(): IntakeDraft;
  updateDraft(change: Partial<IntakeDraft>, paths?: readonly string[]): void;
  goTo(step: IntakeStep | 'done', focus?: FocusTarget): void;
  focusAfterUpdate(target: FocusTarget): void;
  /** After this step, Continue returns to the review. */
  returnToReview(): void;
  /** The element of a step that a smaller element answers, when rendered. */
  control(step: ElementStep): FormControlElement<object> | null;
  /** Shows a step's errors and says whether it may be left (its own steps through the flow). */
  revealStep(step: IntakeStep): boolean;
  /** The request not yet accepted: its Idempotency-Key and time (kept with a saved draft). */
  pendingSubmission(): PendingSubmission | undefined;
  setPendingSubmission(pending: PendingSubmission | undefined): void;
  /** Saves the draft now, when the embedder opted in. */
  storeDraft(): void;
  /** The request accepted: the saved draft goes. */
  forgetDraft(): void;
  /** The element's (overridable) `requestBody()`. */
  requestBody(payload: SecondOpinionPayload): Promise<SubmitOptions['body'] | undefined>;
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
      reason: Exclude<IntakeErrorReason, 'invalid' | 'idempotency-key-reused'>;
      status_?: number;
      problem?: ConfigurationProblem;
    }
  /**
   * An earlier send of this request arrived (as `reference`) with other answers: the changes
   * since were not added. The Send button then sends these answers as a new request.
   */
  | { status: 'key-reused'; reference: string }
  | { status: 'done'; reference: string };

/** Steps that ask something: all but `about`. */
const ANSWER_STEPS = INTAKE_STEPS.filter((step) => step !== 'about');

const VALIDATION_ONLY_ID = '00000000-0000-4000-8000-000000000000';

/** Field ids of the intake's own fields: the payload path with dashes. */
const fieldId = (path: string) => path.replaceAll('.', '-');

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

/**
 * A left-to-right code inside a sentence that may run right to left (Arabic): isolated, so the
 * sentence's punctuation stays outside it (FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE).
 */
const isolated = (code: string) => `\u2068${code}\u2069`;

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

export class IntakeFlow implements ReactiveController {
  private readonly host: IntakeHost;
  private readonly element: SecondOpinionIntake;

  /**
   * Fields whose errors are visible: those on screen when the patient tried to leave their step.
   * A field revealed later (a proxy's own details) waits for the next Continue, as GOV.UK does.
   */
  private checkedFields = new Set<string>();
  /** Errors the server named for the intake's own fields (contact, review); cleared on edit. */
  private ownServerErrors: FieldErrors = {};
  private submissionState: Submission = { status: 'editing' };
  /** The draft's errors against the payload schema, computed once per draft. */
  private draftValidation?: { draft: IntakeDraft; country?: string; errors: FieldErrors };
  /**
   * Set synchronously when a send starts, before any await: a double click or a held Enter
   * key reaches `send` again before the state change renders.
   */
  private sendInProgress = false;
  private sendController?: AbortController;

  constructor(host: IntakeHost) {
    this.host = host;
    this.element = host.element;
    this.element.addController(this);
  }

  hostConnected(): void {
    globalThis.addEventListener('online', this.onOnline);
  }

  hostDisconnected(): void {
    globalThis.removeEventListener('online', this.onOnline);
  }

  get submission(): Submission {
    return this.submissionState;
  }

  /** Whether "Stop sending" can stop the send in progress (the widget sends it itself). */
  get canCancel(): boolean {
    return this.submissionState.status === 'sending' && this.sendController !== undefined;
  }

  private setSubmission(value: Submission): void {
    this.submissionState = value;
    this.element.requestUpdate();
  }

  /** Forgets what the patient was told: "Start over". */
  reset(): void {
    this.setSubmission({ status: 'editing' });
    this.ownServerErrors = {};
    this.checkedFields = new Set();
  }

  /** An edit of these paths answers what the server said about them. */
  clearServerErrors(paths: readonly string[]): void {
    if (!paths.some((path) => path in this.ownServerErrors)) return;
    this.ownServerErrors = Object.fromEntries(
      Object.entries(this.ownServerErrors).filter(([path]) => !paths.includes(path)),
    );
  }

  // --- validation -------------------------------------------------------------------------

  /** The draft as the server would receive it. */
  private payloadFor({ submissionId, submittedAt }: PendingSubmission): SecondOpinionPayload {
    const country = normalizeCountry(this.element.serviceCountry);
    return buildPayload(this.host.draft(), {
      submissionId,
      submittedAt,
      locale: currentLocale(),
      // A malformed attribute is left out rather than blocking the patient's request.
      serviceCountry: /^[A-Z]{2}$/.test(country) ? country : undefined,
    });
  }

  private get draftErrors(): FieldErrors {
    const draft = this.host.draft();
    const country = this.element.serviceCountry;
    const cached = this.draftValidation;
    if (cached?.draft === draft && cached.country === country) return cached.errors;
    // The id only has to be well formed here; the real one is made when sending.
    const errors = fieldErrors(
      payloadSchema,
      this.payloadFor({ submissionId: VALIDATION_ONLY_ID, submittedAt: new Date().toISOString() }),
    );
    // The date as typed says better what is wrong (a missing month) than its ISO form can.
    const dateIssue = datePartsIssue(draft.patient.dateOfBirth);
    if (dateIssue) errors['patient.dateOfBirth'] = dateIssue;
    this.draftValidation = { draft, country, errors };
    return errors;
  }

  /** Errors of the intake's own fields in a step, keyed by payload path. */
  private ownErrors(step: IntakeStep): FieldErrors {
    if (step !== 'contact' && step !== 'review') return {};
    const all = { ...this.draftErrors, ...this.ownServerErrors };
    return Object.fromEntries(Object.entries(all).filter(([path]) => locate(path).step === step));
  }

  /** Shows the errors of one of the intake's own steps and says whether it may be left. */
  revealOwnStep(step: IntakeStep): boolean {
    this.checkedFields = new Set([...this.checkedFields, ...this.ownFieldPaths(step)]);
    this.element.requestUpdate();
    return Object.keys(this.ownErrors(step)).length === 0;
  }

  /** The error shown on one of the intake's own fields, if any. */
  private ownErrorCode(path: string): IssueCode | undefined {
    return (
      this.ownServerErrors[path] ??
      (this.checkedFields.has(path) ? this.ownErrors(locate(path).step)[path] : undefined)
    );
  }

  private ownError(path: string, label: string, kind: FieldKind = 'text'): string | undefined {
    const code = this.ownErrorCode(path);
    return code ? issueMessage(code, label, kind) : undefined;
  }

  /**
   * The error summary's lines for one of the intake's own steps. Each field on screen is linked:
   * known from the answers, not from the DOM, which lags one render behind a revealed field.
   */
  ownSummaryItems(step: IntakeStep): SummaryItem[] {
    const root = this.element.renderRoot;
    const onScreen = this.ownFieldPaths(step);
    return Object.keys(this.ownErrors(step)).flatMap((path) => {
      const message = this.ownError(path, this.ownFieldLabel(path), this.ownFieldKind(path));
      if (!message) return [];
      const id = fieldId(path);
      return [
        {
          path,
          message,
          href: `#${id}`,
          ...(onScreen.includes(path) ? { focus: () => focusField(root, id) } : {}),
        },
      ];
    });
  }

  /** The intake's own fields on screen in a step, by payload path, in reading order. */
  private ownFieldPaths(step: IntakeStep): string[] {
    if (step === 'review') return ['consent.healthDataProcessing'];
    if (step !== 'contact') return [];
    const proxy = this.host.draft().requester.role === 'proxy';
    return [
      'requester.role',
      ...(proxy ? ['requester.relationship', 'requester.name'] : []),
      'patient.name',
      'patient.dateOfBirth',
      'patient.email',
      'patient.phone',
      'patient.preferredContact',
    ];
  }

  // --- submitting -------------------------------------------------------------------------

  /**
   * Sends the answers. After `key-reused` this is the patient's "Send as a new request": the
   * answers go with a new key, so they are stored beside the first request, not refused again.
   */
  async send(): Promise<void> {
    // One request at a time: a double click or a held Enter key must not send twice.
    if (this.sendInProgress || this.submissionState.status === 'sending') return;
    if (this.submissionState.status === 'key-reused') this.host.setPendingSubmission(undefined);
    this.dropUnfixableServerErrors();
    for (const step of ANSWER_STEPS) {
      if (!this.host.revealStep(step)) {
        if (step !== 'review') this.host.returnToReview();
        this.host.goTo(step, 'summary');
        return;
      }
    }
    const pending = this.host.pendingSubmission() ?? {
      submissionId: newSubmissionId(),
      submittedAt: new Date().toISOString(),
    };
    this.host.setPendingSubmission(pending);
    const result = payloadSchema.safeParse(this.payloadFor(pending));
    if (!result.success) {
      // Every step passed, so this is a rule no step shows; report it like a server would.
      this.showFieldErrors(toFieldErrors(result.error.issues));
      return;
    }
    const payload = result.data;
    if (!this.element.dispatchEvent(new IntakeSubmitEvent({ payload }))) {
      // The page sends it through its own API and reports back with showReceipt/showSubmitError.
      this.setSubmission({ status: 'sending' });
      return;
    }
    const endpoint = checkEndpoint(this.element.endpoint, document.baseURI);
    if (!endpoint.ok) {
      this.fail('configuration', undefined, endpoint.problem);
      return;
    }
    // From here on the key may reach the server: a reload must send it again, not a new one.
    this.host.storeDraft();
    this.sendInProgress = true;
    const controller = new AbortController();
    this.sendController = controller;
    this.setSubmission({ status: 'sending' });
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
        body = await this.host.requestBody(payload);
      } catch {
        // A bug, not the patient's doing; the message says nothing was sent and offers a retry.
        console.warn(
          '<second-opinion-intake>: the request body could not be built; nothing was sent.',
        );
        this.fail('configuration', undefined, 'request');
        return;
      }
      const { timeout, maxAttempts, credentials } = this.element;
      const outcome = await submitPayload({
        endpoint: endpoint.url,
        payload,
        ...(body ? { body } : {}),
        timeoutMs: positiveOr(timeout, DEFAULT_TIMEOUT_MS),
        maxAttempts: positiveOr(maxAttempts, DEFAULT_MAX_ATTEMPTS),
        credentials: CREDENTIALS.includes(credentials) ? credentials : 'omit',
        headers,
        signal: controller.signal,
        onProgress: (sent, total) => {
          if (this.submissionState.status === 'sending') {
            this.setSubmission({ status: 'sending', progress: { sent, total } });
          }
        },
        onRetry: (retry) => {
          if (this.submissionState.status === 'sending') {
            this.setSubmission({ status: 'sending', retry });
          }
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
  cancel(): void {
    this.sendController?.abort();
  }

  private readonly onOnline = () => {
    const submission = this.submissionState;
    if (submission.status === 'failed' && submission.reason === 'offline') void this.send();
  };

  /**
   * `headers` and what `getHeaders()` adds, checked; undefined when they cannot be used (the
   * hook failed, took longer than the timeout, or gave invalid headers). The console names the
   * problem for the embedder, never a value.
   */
  private async requestHeaders(signal: AbortSignal): Promise<Record<string, string> | undefined> {
    const { getHeaders } = this.element;
    try {
      let extra: Record<string, string> | undefined;
      if (getHeaders) {
        const timeoutMs = positiveOr(this.element.timeout, DEFAULT_TIMEOUT_MS);
        let timer: ReturnType<typeof setTimeout> | undefined;
        let onAbort = () => {};
        // Given up on after the timeout, or as soon as the patient stops the send.
        const givenUp = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('getHeaders() timed out')), timeoutMs);
          onAbort = () => reject(new Error('cancelled'));
          signal.addEventListener('abort', onAbort, { once: true });
        });
        try {
          extra = await Promise.race([Promise.resolve(getHeaders()), givenUp]);
        } finally {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
        }
      }
      const headers = { ...this.element.headers, ...extra };
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

  /** The element's default request body: see `SecondOpinionIntake.requestBody()`. */
  async requestBody(payload: SecondOpinionPayload): Promise<SubmitOptions['body'] | undefined> {
    const submission = this.element.format === 'fhir' ? await this.asFhir(payload) : undefined;
    const documents = this.host.control('documents') as SecondOpinionDocuments | null;
    return buildRequestBody(payload, documents?.files ?? {}, submission);
  }

  /** Loaded only when asked for, so the JSON path does not carry the FHIR mapping. */
  private async asFhir(
    payload: SecondOpinionPayload,
  ): Promise<{ contentType: string; data: unknown }> {
    const [{ FHIR_JSON }, { toQuestionnaireResponse }] = await Promise.all([
      import('../../fhir/canonical.js'),
      import('../../fhir/response.js'),
    ]);
    return {
      contentType: FHIR_JSON,
      // In the wording the patient saw: organisation and insurer named as on screen.
      data: toQuestionnaireResponse(payload, {
        organization: this.element.organization,
        insurer: this.element.insurer,
      }),
    };
  }

  private handleOutcome(outcome: SubmitOutcome): void {
    switch (outcome.kind) {
      case 'accepted':
        this.showReceipt(outcome.reference);
        return;
      case 'rejected':
        this.setSubmission({ status: 'editing' });
        this.showFieldErrors(outcome.errors);
        this.element.dispatchEvent(new IntakeErrorEvent({ reason: 'invalid', status: 422 }));
        return;
      case 'key-reused':
        this.showKeyReused(outcome.reference);
        return;
      case 'failed':
        this.fail(outcome.reason, outcome.status);
    }
  }

  fail(
    reason: Exclude<IntakeErrorReason, 'invalid' | 'idempotency-key-reused'>,
    status?: number,
    problem?: ConfigurationProblem,
  ): void {
    // The Stop button goes away with the sending state: keep the focus on the form.
    if ((this.element.renderRoot as ShadowRoot).activeElement?.id === 'cancel') {
      this.host.focusAfterUpdate('submit');
    }
    this.setSubmission({
      status: 'failed',
      reason,
      ...(status !== undefined ? { status_: status } : {}),
      ...(problem ? { problem } : {}),
    });
    this.element.dispatchEvent(
      new IntakeErrorEvent({ reason, ...(status !== undefined ? { status } : {}) }),
    );
  }

  /**
   * The first send of this request arrived, the changes since did not. Nothing is sent by itself:
   * the patient decides whether these answers go as a second request. The event names the kind
   * only, never an answer or the reference.
   */
  private showKeyReused(reference: string): void {
    if ((this.element.renderRoot as ShadowRoot).activeElement?.id === 'cancel') {
      this.host.focusAfterUpdate('submit');
    }
    this.setSubmission({ status: 'key-reused', reference });
    this.element.dispatchEvent(new IntakeErrorEvent({ reason: 'idempotency-key-reused' }));
  }

  /** The Send button's label where the state changes what it does; else undefined. */
  get submitLabel(): string | undefined {
    return this.submissionState.status === 'key-reused' ? keyReusedText().sendAsNew : undefined;
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
      const element = this.host.control(step);
      if (element) element.externalErrors = elementErrors[step] ?? {};
    }
    this.ownServerErrors = own;
    const first = INTAKE_STEPS.find((step) =>
      isElementStep(step)
        ? elementErrors[step]
        : Object.keys(own).some((path) => locate(path).step === step),
    );
    if (first && first !== 'review') this.host.returnToReview();
    this.host.goTo(first ?? 'review', 'summary');
  }

  /** See `SecondOpinionIntake.showReceipt()`. */
  showReceipt(reference: string): void {
    this.setSubmission({ status: 'done', reference });
    this.host.setPendingSubmission(undefined);
    this.host.forgetDraft();
    this.host.goTo('done');
    this.element.dispatchEvent(new IntakeSuccessEvent({ reference }));
  }

  // --- rendering --------------------------------------------------------------------------

  private ownFieldLabel(path: string): string {
    const text = intakeFormText();
    const proxy = this.host.draft().requester.role === 'proxy';
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

  private setRequester(change: Partial<IntakeDraft['requester']>, path: string): void {
    this.host.updateDraft({ requester: { ...this.host.draft().requester, ...change } }, [path]);
  }

  private setPatient(change: Partial<IntakeDraft['patient']>, path: string): void {
    this.host.updateDraft({ patient: { ...this.host.draft().patient, ...change } }, [path]);
  }

  renderContact(): TemplateResult {
    const text = intakeFormText();
    const { requester, patient } = this.host.draft();
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
      ${this.renderDateOfBirth(proxy)}
      ${textField({
        id: fieldId('patient.email'),
        label: text.email,
        description: this.element.confirmationEmail
          ? text.emailDescription
          : text.emailDescriptionNoConfirmation,
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

  private renderDateOfBirth(proxy: boolean): TemplateResult {
    const path = 'patient.dateOfBirth';
    const label = this.ownFieldLabel(path);
    const code = this.ownErrorCode(path);
    const date = dateText();
    return memorableDateField({
      id: fieldId(path),
      legend: label,
      hint: date.hint,
      partLabels: { day: date.day, month: date.month, year: date.year },
      value: this.host.draft().patient.dateOfBirth,
      error: code ? issueMessage(code, label) : undefined,
      invalidParts: code ? datePartsAt(code) : undefined,
      autofill: !proxy,
      onInput: (part, value) =>
        this.setPatient(
          { dateOfBirth: { ...this.host.draft().patient.dateOfBirth, [part]: value } },
          path,
        ),
    });
  }

  private renderAnswer(label: string, value: string | TemplateResult | undefined) {
    return html`<div class="answer">
      <dt>${label}</dt>
      <dd>${value || intakeFormText().notAnswered}</dd>
    </div>`;
  }

  private renderReviewSection(step: IntakeStep, title: string, answers: TemplateResult[]) {
    return html`<section class="review-section" aria-labelledby="review-${step}">
      <div class="review-heading">
        <h3 id="review-${step}">${title}</h3>
        <!-- GOV.UK summary list: "Change" and, visually hidden, what it changes, so each of
        these buttons has a name of its own. -->
        <button
          type="button"
          class="link"
          id="change-${step}"
          @click=${() => {
            this.host.returnToReview();
            this.host.goTo(step);
          }}
        >
          ${intakeText().change}<span class="visually-hidden"> ${title}</span>
        </button>
      </div>
      <dl>${answers}</dl>
    </section>`;
  }

  renderReview(): TemplateResult {
    const text = intakeFormText();
    const draft = this.host.draft();
    const { eligibility, documents, insurance, requester, patient } = draft;
    const { insurer, organization: organizationName, privacyUrl } = this.element;
    const reasons = eligibility.selected
      .map((id) =>
        id === 'other' && eligibility.other
          ? `${reasonLabel(id)}: ${eligibility.other}`
          : reasonLabel(id),
      )
      .join('; ');
    const insured = insurance.hasPrivateInsurance;
    const insuranceLabels = insuranceText(insurer);
    const organization = organizationName?.trim();
    const privacyHref = safeHref(privacyUrl);
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
          isoFromParts(patient.dateOfBirth)
            ? formatDate(isoFromParts(patient.dateOfBirth))
            : undefined,
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
          selected: draft.consent ? ['yes'] : [],
          error: this.ownError('consent.healthDataProcessing', text.consentLegend),
          onToggle: (_value, checked) =>
            this.host.updateDraft({ consent: checked }, ['consent.healthDataProcessing']),
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

  renderReceipt(): TemplateResult | typeof nothing {
    const submission = this.submissionState;
    if (submission.status !== 'done') return nothing;
    const text = intakeFormText();
    const { documents, insurance, patient } = this.host.draft();
    const channel = contactChannelLabel(patient.preferredContact ?? 'email');
    return html`<div class="receipt" part="receipt">
      <p>${text.doneThanks}</p>
      <p class="reference-label">${text.referenceLabel}</p>
      <p class="reference"><strong>${submission.reference}</strong></p>
      <p>${text.referenceHint}</p>
      <!-- Something to do with the receipt, right after the focused heading: Tab goes on into
      the receipt instead of leaving the widget (and wrapping round to the language menu). -->
      <p>
        <button type="button" class="link" id="print-receipt" part="print" @click=${() => print()}>
          ${text.printReceipt}
        </button>
      </p>
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

  /** What the send is doing or why it failed, and the upload's progress. */
  renderStatus(): TemplateResult {
    const submission = this.submissionState;
    if (submission.status === 'key-reused') {
      const text = keyReusedText();
      return html`<div class="status" role="status">
        <div class="failure" part="submit-error">
          <p>${text.received(isolated(submission.reference))}</p>
          <p>${text.notAdded}</p>
        </div>
      </div>`;
    }
    let message: string | undefined;
    if (submission.status === 'sending') {
      const { retry, progress } = submission;
      message = retry
        ? retryNotice(retry.reason, retry.status, retry.attempt, retry.maxAttempts)
        : intakeText().sending;
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
    const submission = this.submissionState;
    if (submission.status !== 'sending' || !submission.progress) return nothing;
    const { sent, total } = submission.progress;
    if (total <= 0) return nothing;
    const text = sendingText();
    return html`<div class="upload-progress" part="upload-progress">
      <label for="send-progress">${text.progressLabel}</label>
      <progress id="send-progress" max=${total} .value=${sent}></progress>
      <p>
        ${text.progress(
          formatFileSize(sent),
          formatFileSize(total),
          formatPercent((sent / total) * 100),
        )}
      </p>
    </div>`;
  }
}
