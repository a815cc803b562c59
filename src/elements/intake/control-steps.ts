import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { keyed } from 'lit/directives/keyed.js';
import type { IntakeDraft } from '../../submit/payload.js';
import { STEP_ELEMENTS, type ElementStep } from './shared.js';

/**
 * The steps that a smaller element answers (reasons, documents, insurance): each a controlled
 * form control, its value from the draft, its edits back into it. Part of the first load; the
 * controls themselves are defined after the first render.
 */

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

export interface ControlStepOptions {
  readonly answers: IntakeDraft;
  /** Bumped by "Start over" so the controls are created anew, their state included. */
  readonly generation: number;
  readonly serviceCountry?: string;
  readonly insurer?: string;
  /** One handler for the three controls (see `changeFromInput`), made once by the element. */
  onInput(event: Event): void;
}

/** The draft change an `input` event from one of the controls makes. */
export function changeFromInput(event: Event): Partial<IntakeDraft> {
  const target = event.target as Element;
  if (target.localName === STEP_ELEMENTS.reasons) {
    return { eligibility: (target as HTMLElementTagNameMap['second-opinion-eligibility']).value };
  }
  if (target.localName === STEP_ELEMENTS.documents) {
    return { documents: (target as HTMLElementTagNameMap['second-opinion-documents']).value };
  }
  return { insurance: (target as HTMLElementTagNameMap['second-opinion-insurance']).value };
}

export function renderControlStep(step: ElementStep, options: ControlStepOptions) {
  const { answers, onInput } = options;
  switch (step) {
    case 'reasons':
      return keyed(
        options.generation,
        html`<second-opinion-eligibility
          id="second-opinion-eligibility"
          required
          exportparts=${FORWARDED_PARTS}
          .value=${answers.eligibility}
          @input=${onInput}
        ></second-opinion-eligibility>`,
      );
    case 'documents':
      return keyed(
        options.generation,
        html`<second-opinion-documents
          id="second-opinion-documents"
          required
          exportparts=${FORWARDED_PARTS}
          service-country=${ifDefined(options.serviceCountry)}
          .value=${answers.documents}
          @input=${onInput}
        ></second-opinion-documents>`,
      );
    case 'insurance':
      return keyed(
        options.generation,
        html`<second-opinion-insurance
          id="second-opinion-insurance"
          required
          exportparts=${FORWARDED_PARTS}
          insurer=${ifDefined(options.insurer)}
          .value=${answers.insurance}
          @input=${onInput}
        ></second-opinion-insurance>`,
      );
  }
}
