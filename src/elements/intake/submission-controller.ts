import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConfigurationProblem } from '../../content/intake.js';
import {
  INTAKE_STEPS,
  IntakeErrorEvent,
  IntakeSubmitEvent,
  IntakeSuccessEvent,
  type IntakeErrorReason,
  type IntakeStep,
} from '../../events.js';
import { toFieldErrors, type FieldErrors } from '../../schema/issues.js';
import { payloadSchema, type SecondOpinionPayload } from '../../schema/payload.js';
import {
  submitPayload,
  type RetryInfo,
  type SubmitOptions,
  type SubmitOutcome,
} from '../../submit/client.js';
import { checkEndpoint } from '../../submit/endpoint.js';
import type { IntakeDraft, PendingSubmission } from '../../submit/payload.js';
import { newSubmissionId } from '../../submit/submission-id.js';
import { locate, payloadFor, type OwnFieldChecks } from './own-fields.js';
import { requestHeaders, type HeaderSettings } from './request-parts.js';
import {
  CREDENTIALS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_TIMEOUT_MS,
  isElementStep,
  positiveOr,
  STEP_ELEMENTS,
  stepControl,
  type ElementStep,
  type FocusTarget,
  type IntakeCredentials,
} from './shared.js';

/**
 * Sending the answers: checking every step first, the Idempotency-Key kept until the request is
 * accepted, retries (in ./submit/client.ts), cancelling, sending again when the connection
 * returns, and what the server answered (receipt, 422 errors on their fields, a reused key).
 * No rendering: ./submit-status.ts and ./receipt.ts show the state this keeps.
 */

export type FailureReason = Exclude<IntakeErrorReason, 'invalid' | 'idempotency-key-reused'>;

export type Submission =
  | { status: 'editing' }
  | {
      status: 'sending';
      /** Upload progress of the current attempt, when the transport reports it. */
      progress?: { sent: number; total: number };
      /** Set while waiting to try again by itself. */
      retry?: RetryInfo;
    }
  | { status: 'failed'; reason: FailureReason; status_?: number; problem?: ConfigurationProblem }
  /**
   * An earlier send of this request arrived (as `reference`) with other answers: the changes
   * since were not added. The Send button then sends these answers as a new request.
   */
  | { status: 'key-reused'; reference: string }
  | { status: 'done'; reference: string };

/** The element: its send settings, its events, its shadow root (focus and the step controls). */
export interface SubmissionHost extends ReactiveControllerHost, EventTarget, HeaderSettings {
  readonly endpoint?: string;
  readonly serviceCountry?: string;
  readonly maxAttempts: number;
  readonly credentials: IntakeCredentials;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** The answers and the request not yet accepted, as the draft controller keeps them. */
export interface SubmissionRecord {
  readonly answers: IntakeDraft;
  /** Its Idempotency-Key and time (kept with a saved draft). */
  pending?: PendingSubmission;
  /** Saves the draft now, when the embedder opted in. */
  save(): void;
  /** The request accepted: the saved draft goes. */
  forget(): void;
}

/** What sending needs of navigation: checking the steps and showing the one to fix. */
export interface SubmissionNavigation {
  goTo(step: IntakeStep | 'done', focus?: FocusTarget): void;
  /** After the step shown next, Continue returns to the review. */
  returnToReview(): void;
  focusAfterUpdate(target: FocusTarget): void;
  /** Shows a step's errors and says whether it may be left. */
  revealStep(step: IntakeStep): boolean;
}

/** Steps that ask something: all but `about`. */
const ANSWER_STEPS = INTAKE_STEPS.filter((step) => step !== 'about');

export class SubmissionController implements ReactiveController {
  private state: Submission = { status: 'editing' };
  /**
   * Set synchronously when a send starts, before any await: a double click or a held Enter
   * key reaches `send` again before the state change renders.
   */
  private sendInProgress = false;
  private sendController?: AbortController;

  constructor(
    private readonly host: SubmissionHost,
    private readonly record: SubmissionRecord,
    private readonly navigation: SubmissionNavigation,
    private readonly checks: OwnFieldChecks,
    /** The element's (overridable) `requestBody()`. */
    private readonly requestBody: (
      payload: SecondOpinionPayload,
    ) => Promise<SubmitOptions['body'] | undefined>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    globalThis.addEventListener('online', this.onOnline);
  }

  hostDisconnected(): void {
    globalThis.removeEventListener('online', this.onOnline);
  }

  get submission(): Submission {
    return this.state;
  }

  /** Whether "Stop sending" can stop the send in progress (the widget sends it itself). */
  get canCancel(): boolean {
    return this.state.status === 'sending' && this.sendController !== undefined;
  }

  private setSubmission(value: Submission): void {
    this.state = value;
    this.host.requestUpdate();
  }

  /** Forgets what the patient was told: "Start over". */
  reset(): void {
    this.setSubmission({ status: 'editing' });
  }

  /**
   * Sends the answers. After `key-reused` this is the patient's "Send as a new request": the
   * answers go with a new key, so they are stored beside the first request, not refused again.
   */
  async send(): Promise<void> {
    // One request at a time: a double click or a held Enter key must not send twice.
    if (this.sendInProgress || this.state.status === 'sending') return;
    if (this.state.status === 'key-reused') this.record.pending = undefined;
    this.checks.dropUnfixableServerErrors();
    for (const step of ANSWER_STEPS) {
      if (!this.navigation.revealStep(step)) {
        if (step !== 'review') this.navigation.returnToReview();
        this.navigation.goTo(step, 'summary');
        return;
      }
    }
    const pending = this.record.pending ?? {
      submissionId: newSubmissionId(),
      submittedAt: new Date().toISOString(),
    };
    this.record.pending = pending;
    const result = payloadSchema.safeParse(
      payloadFor(this.record.answers, this.host.serviceCountry, pending),
    );
    if (!result.success) {
      // Every step passed, so this is a rule no step shows; report it like a server would.
      this.showFieldErrors(toFieldErrors(result.error.issues));
      return;
    }
    const payload = result.data;
    if (!this.host.dispatchEvent(new IntakeSubmitEvent({ payload }))) {
      // The page sends it through its own API and reports back with showReceipt/showSubmitError.
      this.setSubmission({ status: 'sending' });
      return;
    }
    const endpoint = checkEndpoint(this.host.endpoint, document.baseURI);
    if (!endpoint.ok) {
      this.fail('configuration', undefined, endpoint.problem);
      return;
    }
    // From here on the key may reach the server: a reload must send it again, not a new one.
    this.record.save();
    this.sendInProgress = true;
    const controller = new AbortController();
    this.sendController = controller;
    this.setSubmission({ status: 'sending' });
    try {
      const headers = await requestHeaders(this.host, controller.signal);
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
      const { timeout, maxAttempts, credentials } = this.host;
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
          if (this.state.status === 'sending') {
            this.setSubmission({ status: 'sending', progress: { sent, total } });
          }
        },
        onRetry: (retry) => {
          if (this.state.status === 'sending') this.setSubmission({ status: 'sending', retry });
        },
      });
      this.handleOutcome(outcome);
    } finally {
      this.sendInProgress = false;
      if (this.sendController === controller) this.sendController = undefined;
    }
  }

  /** Stops a send in progress; the answers stay and the next send uses the same key. */
  cancel(): void {
    this.sendController?.abort();
  }

  private readonly onOnline = () => {
    const submission = this.state;
    if (submission.status === 'failed' && submission.reason === 'offline') void this.send();
  };

  private handleOutcome(outcome: SubmitOutcome): void {
    switch (outcome.kind) {
      case 'accepted':
        this.showReceipt(outcome.reference);
        return;
      case 'rejected':
        this.setSubmission({ status: 'editing' });
        this.showFieldErrors(outcome.errors);
        this.host.dispatchEvent(new IntakeErrorEvent({ reason: 'invalid', status: 422 }));
        return;
      case 'key-reused':
        this.showKeyReused(outcome.reference);
        return;
      case 'failed':
        this.fail(outcome.reason, outcome.status);
    }
  }

  /** The Stop button goes away with the sending state: keep the focus on the form. */
  private keepFocusOnForm(): void {
    if ((this.host.renderRoot as ShadowRoot).activeElement?.id === 'cancel') {
      this.navigation.focusAfterUpdate('submit');
    }
  }

  /** See `SecondOpinionIntake.showSubmitError()`. */
  fail(reason: FailureReason, status?: number, problem?: ConfigurationProblem): void {
    this.keepFocusOnForm();
    this.setSubmission({
      status: 'failed',
      reason,
      ...(status !== undefined ? { status_: status } : {}),
      ...(problem ? { problem } : {}),
    });
    this.host.dispatchEvent(
      new IntakeErrorEvent({ reason, ...(status !== undefined ? { status } : {}) }),
    );
  }

  /**
   * The first send of this request arrived, the changes since did not. Nothing is sent by itself:
   * the patient decides whether these answers go as a second request. The event names the kind
   * only, never an answer or the reference.
   */
  private showKeyReused(reference: string): void {
    this.keepFocusOnForm();
    this.setSubmission({ status: 'key-reused', reference });
    this.host.dispatchEvent(new IntakeErrorEvent({ reason: 'idempotency-key-reused' }));
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
      const element = stepControl(this.host.renderRoot, step);
      if (element) element.externalErrors = elementErrors[step] ?? {};
    }
    this.checks.setServerErrors(own);
    const first = INTAKE_STEPS.find((step) =>
      isElementStep(step)
        ? elementErrors[step]
        : Object.keys(own).some((path) => locate(path).step === step),
    );
    if (first && first !== 'review') this.navigation.returnToReview();
    this.navigation.goTo(first ?? 'review', 'summary');
  }

  /** See `SecondOpinionIntake.showReceipt()`. */
  showReceipt(reference: string): void {
    this.setSubmission({ status: 'done', reference });
    this.record.pending = undefined;
    this.record.forget();
    this.navigation.goTo('done');
    this.host.dispatchEvent(new IntakeSuccessEvent({ reference }));
  }
}
