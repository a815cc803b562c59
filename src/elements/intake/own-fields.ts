import type { ReactiveControllerHost } from 'lit';
import { intakeFormText } from '../../content/intake-form.js';
import { issueMessage, type FieldKind } from '../../content/issue-messages.js';
import type { IntakeStep } from '../../events.js';
import { currentLocale } from '../../locale.js';
import { datePartsIssue } from '../../schema/date-issues.js';
import { fieldErrors, type FieldErrors, type IssueCode } from '../../schema/issues.js';
import { normalizeCountry } from '../../schema/languages.js';
import { payloadSchema, type SecondOpinionPayload } from '../../schema/payload.js';
import { buildPayload, type IntakeDraft, type PendingSubmission } from '../../submit/payload.js';
import { focusField } from '../shared/fields.js';
import type { SummaryItem } from './shared.js';

/**
 * Checking the intake's own fields (the contact step, the review's consent) against the payload
 * schema, and the errors the server named for them. Loaded with the flow (./intake-flow.ts): the
 * first step never waits for zod. The smaller elements check their own steps themselves.
 */

/** The element's settings the checks read. */
export interface OwnFieldsHost extends ReactiveControllerHost {
  readonly serviceCountry?: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** The answers, as the draft controller keeps them. */
export interface AnswersSource {
  readonly answers: IntakeDraft;
}

const VALIDATION_ONLY_ID = '00000000-0000-4000-8000-000000000000';

/** Field ids of the intake's own fields: the payload path with dashes. */
export const fieldId = (path: string) => path.replaceAll('.', '-');

/**
 * Where a payload path is answered: the step, and the field's path inside that step (for the
 * smaller elements, the path of their own `value`). Used for 422 answers from the server.
 */
export function locate(path: string): { step: IntakeStep; field: string } {
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

/** The draft as the server would receive it. */
export function payloadFor(
  draft: IntakeDraft,
  serviceCountry: string | undefined,
  { submissionId, submittedAt }: PendingSubmission,
): SecondOpinionPayload {
  const country = normalizeCountry(serviceCountry);
  return buildPayload(draft, {
    submissionId,
    submittedAt,
    locale: currentLocale(),
    // A malformed attribute is left out rather than blocking the patient's request.
    serviceCountry: /^[A-Z]{2}$/.test(country) ? country : undefined,
  });
}

/** The label of one of the intake's own fields; some say whose details they are. */
export function ownFieldLabel(path: string, proxy: boolean): string {
  const text = intakeFormText();
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

const ownFieldKind = (path: string): FieldKind =>
  ['requester.role', 'requester.relationship', 'patient.preferredContact'].includes(path)
    ? 'choice'
    : 'text';

export class OwnFieldChecks {
  /**
   * Fields whose errors are visible: those on screen when the patient tried to leave their step.
   * A field revealed later (a proxy's own details) waits for the next Continue, as GOV.UK does.
   */
  private checkedFields = new Set<string>();
  /** Errors the server named for the intake's own fields (contact, review); cleared on edit. */
  private serverErrors: FieldErrors = {};
  /** The draft's errors against the payload schema, computed once per draft. */
  private draftValidation?: { draft: IntakeDraft; country?: string; errors: FieldErrors };

  constructor(
    private readonly host: OwnFieldsHost,
    private readonly drafts: AnswersSource,
  ) {}

  /** Forgets what the patient was told: "Start over". */
  reset(): void {
    this.serverErrors = {};
    this.checkedFields = new Set();
  }

  /** The server's errors (a 422) on the intake's own fields, replacing the last ones. */
  setServerErrors(errors: FieldErrors): void {
    this.serverErrors = errors;
  }

  /** An edit of these paths answers what the server said about them. */
  clearServerErrors(paths: readonly string[]): void {
    if (!paths.some((path) => path in this.serverErrors)) return;
    this.serverErrors = Object.fromEntries(
      Object.entries(this.serverErrors).filter(([path]) => !paths.includes(path)),
    );
  }

  /**
   * A 422 may name a path no field shows (`submissionId`, or one this version does not know).
   * No edit can clear it, so it would block every later send: it was shown once, and a new send
   * lets the server judge again.
   */
  dropUnfixableServerErrors(): void {
    const fixable = (path: string) =>
      locate(path).step !== 'review' || path === 'consent.healthDataProcessing';
    const paths = Object.keys(this.serverErrors);
    if (paths.every(fixable)) return;
    this.serverErrors = Object.fromEntries(
      Object.entries(this.serverErrors).filter(([path]) => fixable(path)),
    );
  }

  private get draftErrors(): FieldErrors {
    const draft = this.drafts.answers;
    const country = this.host.serviceCountry;
    const cached = this.draftValidation;
    if (cached?.draft === draft && cached.country === country) return cached.errors;
    // The id only has to be well formed here; the real one is made when sending.
    const errors = fieldErrors(
      payloadSchema,
      payloadFor(draft, country, {
        submissionId: VALIDATION_ONLY_ID,
        submittedAt: new Date().toISOString(),
      }),
    );
    // The date as typed says better what is wrong (a missing month) than its ISO form can.
    const dateIssue = datePartsIssue(draft.patient.dateOfBirth);
    if (dateIssue) errors['patient.dateOfBirth'] = dateIssue;
    this.draftValidation = { draft, country, errors };
    return errors;
  }

  /** Errors of the intake's own fields in a step, keyed by payload path. */
  private stepErrors(step: IntakeStep): FieldErrors {
    if (step !== 'contact' && step !== 'review') return {};
    const all = { ...this.draftErrors, ...this.serverErrors };
    return Object.fromEntries(Object.entries(all).filter(([path]) => locate(path).step === step));
  }

  /** Shows the errors of one of the intake's own steps and says whether it may be left. */
  revealOwnStep(step: IntakeStep): boolean {
    this.checkedFields = new Set([...this.checkedFields, ...this.fieldPaths(step)]);
    this.host.requestUpdate();
    return Object.keys(this.stepErrors(step)).length === 0;
  }

  /** The error shown on one of the intake's own fields, if any. */
  errorCode(path: string): IssueCode | undefined {
    return (
      this.serverErrors[path] ??
      (this.checkedFields.has(path) ? this.stepErrors(locate(path).step)[path] : undefined)
    );
  }

  /** The message shown on one of the intake's own fields, if any. */
  error(path: string, label: string, kind: FieldKind = 'text'): string | undefined {
    const code = this.errorCode(path);
    return code ? issueMessage(code, label, kind) : undefined;
  }

  /**
   * The error summary's lines for one of the intake's own steps. Each field on screen is linked:
   * known from the answers, not from the DOM, which lags one render behind a revealed field.
   */
  ownSummaryItems(step: IntakeStep): SummaryItem[] {
    const root = this.host.renderRoot;
    const onScreen = this.fieldPaths(step);
    const proxy = this.drafts.answers.requester.role === 'proxy';
    return Object.keys(this.stepErrors(step)).flatMap((path) => {
      const message = this.error(path, ownFieldLabel(path, proxy), ownFieldKind(path));
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
  private fieldPaths(step: IntakeStep): string[] {
    if (step === 'review') return ['consent.healthDataProcessing'];
    if (step !== 'contact') return [];
    const proxy = this.drafts.answers.requester.role === 'proxy';
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
}
