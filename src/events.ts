import type { SecondOpinionPayload } from './schema/payload.js';
import type { SubmitFailureReason } from './submit/client.js';

/**
 * Events of `<second-opinion-intake>`. All bubble and cross shadow roots. Only `intake-submit`
 * carries field values: the others carry step ids, counts and error codes, so a page may log or
 * measure them without handling health data.
 */

export const INTAKE_STEPS = [
  'about',
  'reasons',
  'documents',
  'insurance',
  'contact',
  'review',
] as const;
export type IntakeStep = (typeof INTAKE_STEPS)[number];

/**
 * Why a submission did not go through: `configuration` (endpoint or headers unusable: nothing
 * sent), `network`, `timeout`, `http` (with `status`), `malformed-response` (a 2xx without a
 * reference), `invalid` (422), `idempotency-key-reused` (an earlier send of this request arrived
 * with other answers: the patient is offered to send these as a new request), `offline` (sent by
 * itself when the connection returns) or `cancelled` (the patient stopped it).
 */
export type IntakeErrorReason =
  SubmitFailureReason | 'configuration' | 'invalid' | 'idempotency-key-reused';

export interface IntakeStepChangeDetail {
  step: IntakeStep | 'done';
  /** 1-based position; `done` is `count + 1`. */
  index: number;
  count: number;
}
export interface IntakeSubmitDetail {
  payload: SecondOpinionPayload;
}
export interface IntakeSuccessDetail {
  reference: string;
}
export interface IntakeErrorDetail {
  reason: IntakeErrorReason;
  status?: number;
}

const flags = { bubbles: true, composed: true } as const;

export class IntakeStepChangeEvent extends CustomEvent<IntakeStepChangeDetail> {
  constructor(detail: IntakeStepChangeDetail) {
    super('intake-step-change', { ...flags, detail });
  }
}

/**
 * Fired before anything is sent. Cancel it (`preventDefault()`) to send the payload through
 * your own API; then call `showReceipt(reference)` or `showSubmitError(reason)` on the element.
 */
export class IntakeSubmitEvent extends CustomEvent<IntakeSubmitDetail> {
  constructor(detail: IntakeSubmitDetail) {
    super('intake-submit', { ...flags, cancelable: true, detail });
  }
}

export class IntakeSuccessEvent extends CustomEvent<IntakeSuccessDetail> {
  constructor(detail: IntakeSuccessDetail) {
    super('intake-success', { ...flags, detail });
  }
}

export class IntakeErrorEvent extends CustomEvent<IntakeErrorDetail> {
  constructor(detail: IntakeErrorDetail) {
    super('intake-error', { ...flags, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'intake-step-change': IntakeStepChangeEvent;
    'intake-submit': IntakeSubmitEvent;
    'intake-success': IntakeSuccessEvent;
    'intake-error': IntakeErrorEvent;
  }
}
