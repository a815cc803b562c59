import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { intakeText } from '../../content/intake.js';
import type { IntakeStep } from '../../events.js';
import type { SummaryItem } from './shared.js';

/**
 * The list of problems shown when a step cannot be left (GOV.UK's error summary). Part of the
 * first load: the first Continue may need it before the rest of the intake has arrived.
 */
export class ErrorSummary {
  /**
   * What the summary listed at the last failed attempt. Until the next one it only loses the
   * problems fixed since: an alert that gained lines while the patient edits would interrupt
   * them (GOV.UK's summary, too, is as of the last Continue).
   */
  private shown?: { attempt: number; step: IntakeStep; paths: ReadonlySet<string> };

  /** `attempt` counts the failed attempts to leave a step; each one shows the summary anew. */
  render(step: IntakeStep, attempt: number, current: SummaryItem[]) {
    let items = current;
    const shown = this.shown;
    if (shown?.attempt === attempt && shown.step === step) {
      items = items.filter((item) => shown.paths.has(item.path));
    } else if (items.length > 0) {
      this.shown = { attempt, step, paths: new Set(items.map((item) => item.path)) };
    }
    if (items.length === 0) return nothing;
    // GOV.UK's error summary: an alert, so every screen reader reads it when it appears, and
    // focused, so the keyboard starts from it. A generic `div` may not be named, and focus alone
    // is read or not depending on the screen reader. Keyed by attempt: each failed Continue
    // inserts it anew, so it is announced again even when the problems did not change.
    return keyed(
      attempt,
      html`<div
        class="error-summary"
        id="error-summary"
        tabindex="-1"
        part="error-summary"
        role="alert"
      >
        <h3>${intakeText().errorSummaryTitle}</h3>
        <ul>
          ${items.map((item) => html`<li>${renderItem(item)}</li>`)}
        </ul>
      </div>`,
    );
  }
}

function renderItem(item: SummaryItem) {
  if (!item.focus) return item.message;
  return html`<a
    href=${item.href}
    @click=${(event: Event) => {
      event.preventDefault();
      item.focus?.();
    }}
    >${item.message}</a
  >`;
}
