import { html, nothing } from 'lit';
import { intakeText, stepAnnouncement, stepTitle } from '../../content/intake.js';
import { INTAKE_STEPS, type IntakeStep } from '../../events.js';

/** The buttons under a step: Back, Continue (or Send on the review), "Stop sending". */
export interface NavigationOptions {
  readonly step: IntakeStep;
  /** Continue goes back to the review (after "Change"). */
  readonly returningToReview: boolean;
  readonly sending: boolean;
  readonly failed: boolean;
  /** The Send button's label when the state changes what it does (send as a new request). */
  readonly submitLabel?: string;
  readonly canCancel: boolean;
  onBack(): void;
  onContinue(): void;
  onSend(): void;
  onCancel(): void;
}

/** A held-down Enter repeats keydown; only the first press may activate the button. */
const onSubmitKeydown = (event: KeyboardEvent) => {
  if ((event.key === 'Enter' || event.key === ' ') && event.repeat) event.preventDefault();
};

export function renderNavigation(options: NavigationOptions) {
  const text = intakeText();
  const { step, sending } = options;
  // Back comes first in the DOM as on screen (left in LTR, right in RTL): the Tab order
  // follows the reading order (WCAG 2.4.3).
  return html`<div class="navigation">
    ${
      step === INTAKE_STEPS[0]
        ? nothing
        : html`<button type="button" id="back" part="back" @click=${options.onBack}>
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
            @click=${options.onSend}
            @keydown=${onSubmitKeydown}
          >
            ${sending ? text.sending : (options.submitLabel ?? (options.failed ? text.retry : text.send))}
          </button>`
        : html`<button
            type="button"
            id="continue"
            class="primary"
            part="continue"
            @click=${options.onContinue}
          >
            ${options.returningToReview ? text.returnToReview : text.continue}
          </button>`
    }
    ${
      step === 'review' && options.canCancel
        ? html`<button type="button" id="cancel" part="cancel" @click=${options.onCancel}>
            ${text.cancelSending}
          </button>`
        : nothing
    }
  </div>`;
}

/** What the live region says after a move; built at render time, so it follows the locale. */
export function stepAnnouncementText(step: IntakeStep | 'done'): string {
  if (step === 'done') return stepTitle('done');
  return stepAnnouncement(INTAKE_STEPS.indexOf(step) + 1, INTAKE_STEPS.length, stepTitle(step));
}
