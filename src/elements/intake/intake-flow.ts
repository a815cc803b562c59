import { nothing, type TemplateResult } from 'lit';
import type { IntakeStep } from '../../events.js';
import type { SecondOpinionPayload } from '../../schema/payload.js';
import type { SubmitOptions } from '../../submit/client.js';
import type { IntakeDraft } from '../../submit/payload.js';
import type { SecondOpinionDocuments } from '../second-opinion-documents.js';
import { renderContactStep } from './contact-step.js';
import { OwnFieldChecks, type OwnFieldsHost } from './own-fields.js';
import { renderReceipt } from './receipt.js';
import { defaultRequestBody, type BodySettings } from './request-parts.js';
import { renderReviewStep } from './review-step.js';
import { stepControl, type SummaryItem } from './shared.js';
import { renderSubmitStatus, submitLabel } from './submit-status.js';
import {
  SubmissionController,
  type FailureReason,
  type Submission,
  type SubmissionHost,
  type SubmissionNavigation,
  type SubmissionRecord,
} from './submission-controller.js';

/**
 * The part of `<second-opinion-intake>` that the first step does not need, loaded by the element
 * right after its first render (its one lazy boundary, so this file names the chunk): checking
 * the intake's own fields against the payload schema (zod, ./own-fields.ts), the contact and
 * review steps and the receipt (./contact-step.ts, ./review-step.ts, ./receipt.ts), and sending
 * (./submission-controller.ts, ./submit-status.ts). Keeping it out of the first load is what lets
 * the script tag show the first step within its size budget (docs/build-and-size.md).
 *
 * This class only wires them together: the element talks to one object once it is loaded.
 */

/** The element's settings that the later steps and sending read. */
export interface FlowHost extends SubmissionHost, OwnFieldsHost, BodySettings {
  readonly confirmationEmail: boolean;
  readonly privacyUrl?: string;
}

/** The answers and the pending request, as the draft controller keeps them. */
export interface FlowDrafts extends SubmissionRecord {
  update(change: Partial<IntakeDraft>): void;
}

export class IntakeFlow {
  private readonly checks: OwnFieldChecks;
  private readonly submitter: SubmissionController;

  constructor(
    private readonly host: FlowHost,
    private readonly drafts: FlowDrafts,
    private readonly navigation: SubmissionNavigation,
    /** The element's (overridable) `requestBody()`. */
    requestBody: (payload: SecondOpinionPayload) => Promise<SubmitOptions['body'] | undefined>,
  ) {
    this.checks = new OwnFieldChecks(host, drafts);
    this.submitter = new SubmissionController(host, drafts, navigation, this.checks, requestBody);
  }

  get submission(): Submission {
    return this.submitter.submission;
  }

  /** Whether "Stop sending" can stop the send in progress (the widget sends it itself). */
  get canCancel(): boolean {
    return this.submitter.canCancel;
  }

  /** The Send button's label where the state changes what it does; else undefined. */
  get submitLabel(): string | undefined {
    return submitLabel(this.submitter.submission);
  }

  /** Forgets what the patient was told: "Start over". */
  reset(): void {
    this.submitter.reset();
    this.checks.reset();
  }

  /** An edit of these paths answers what the server said about them. */
  clearServerErrors(paths: readonly string[]): void {
    this.checks.clearServerErrors(paths);
  }

  revealOwnStep(step: IntakeStep): boolean {
    return this.checks.revealOwnStep(step);
  }

  ownSummaryItems(step: IntakeStep): SummaryItem[] {
    return this.checks.ownSummaryItems(step);
  }

  send(): Promise<void> {
    return this.submitter.send();
  }

  cancel(): void {
    this.submitter.cancel();
  }

  fail(reason: FailureReason, status?: number): void {
    this.submitter.fail(reason, status);
  }

  showReceipt(reference: string): void {
    this.submitter.showReceipt(reference);
  }

  /** The element's default request body: see `SecondOpinionIntake.requestBody()`. */
  requestBody(payload: SecondOpinionPayload): Promise<SubmitOptions['body'] | undefined> {
    const documents = stepControl(
      this.host.renderRoot,
      'documents',
    ) as SecondOpinionDocuments | null;
    return defaultRequestBody(this.host, payload, documents?.files ?? {});
  }

  private readonly update = (change: Partial<IntakeDraft>, path: string) => {
    this.checks.clearServerErrors([path]);
    this.drafts.update(change);
  };

  renderContact(): TemplateResult {
    return renderContactStep({
      drafts: this.drafts,
      confirmationEmail: this.host.confirmationEmail,
      checks: this.checks,
      update: this.update,
    });
  }

  renderReview(): TemplateResult {
    const { insurer, organization, privacyUrl } = this.host;
    return renderReviewStep({
      answers: this.drafts.answers,
      insurer,
      organization,
      privacyUrl,
      checks: this.checks,
      change: (step) => {
        this.navigation.returnToReview();
        this.navigation.goTo(step);
      },
      setConsent: (consent) => this.update({ consent }, 'consent.healthDataProcessing'),
    });
  }

  renderReceipt(): TemplateResult | typeof nothing {
    const submission = this.submitter.submission;
    return submission.status === 'done'
      ? renderReceipt(submission.reference, this.drafts.answers)
      : nothing;
  }

  /** What the send is doing or why it failed, and the upload's progress. */
  renderStatus(): TemplateResult {
    return renderSubmitStatus(this.submitter.submission);
  }
}
