import type { IntakeStep } from '../../events.js';
import type { FormControlElement } from '../shared/form-control.js';

/**
 * What the intake element (first load) and its lazily loaded flow (./intake-flow.ts) share: the
 * steps answered by the smaller elements, the error summary's lines and the send settings'
 * defaults. No zod, no network code: this module is part of the script tag's first load.
 */

/** Steps whose answers live in one of the smaller elements, by that element's tag. */
export const STEP_ELEMENTS = {
  reasons: 'second-opinion-eligibility',
  documents: 'second-opinion-documents',
  insurance: 'second-opinion-insurance',
} as const;
export type ElementStep = keyof typeof STEP_ELEMENTS;
export const isElementStep = (step: IntakeStep): step is ElementStep => step in STEP_ELEMENTS;

/** The element of a step that a smaller element answers, when rendered. */
export const stepControl = (
  root: ParentNode,
  step: ElementStep,
): FormControlElement<object> | null => root.querySelector(STEP_ELEMENTS[step]);

/** One line of the error summary: its message, the link target and how to focus the field. */
export interface SummaryItem {
  /** The answer's path in its step (a payload path for the intake's own fields). */
  path: string;
  message: string;
  href: string;
  focus?: () => boolean;
}

/** Where focus goes after the next render. */
export type FocusTarget = 'heading' | 'summary' | 'submit';

export type IntakeCredentials = 'omit' | 'same-origin' | 'include';
export const CREDENTIALS: readonly IntakeCredentials[] = ['omit', 'same-origin', 'include'];

/** The endpoint client's own defaults, so the attributes' defaults cannot drift from them. */
export { DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT_MS } from '../../submit/defaults.js';
export const DEFAULT_DRAFT_TTL_MINUTES = 60;

/** A positive finite number, or the fallback (for numeric attributes set to nonsense). */
export const positiveOr = (value: number | undefined, fallback: number) =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
