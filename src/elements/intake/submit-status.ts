import { html, nothing, type TemplateResult } from 'lit';
import { formatFileSize } from '../../content/documents.js';
import { configurationProblem, intakeText } from '../../content/intake.js';
import {
  formatPercent,
  keyReusedText,
  retryNotice,
  sendingText,
  submitFailure,
} from '../../content/intake-form.js';
import type { Submission } from './submission-controller.js';
import { isolate } from '../../content/isolate.js';

/**
 * What the send is doing or why it failed, under the review step: a status region, so a screen
 * reader hears each change without losing its place. Loaded with the flow.
 */

/** The Send button's label where the state changes what it does; else undefined. */
export const submitLabel = (submission: Submission): string | undefined =>
  submission.status === 'key-reused' ? keyReusedText().sendAsNew : undefined;

function statusMessage(submission: Submission): string | undefined {
  if (submission.status === 'sending') {
    const { retry, progress } = submission;
    const message = retry
      ? retryNotice(retry.reason, retry.status, retry.attempt, retry.maxAttempts)
      : intakeText().sending;
    if (progress && progress.total > 0) {
      // Announced in quarters: every progress event would drown the screen reader.
      const quarter = Math.floor((progress.sent / progress.total) * 4) * 25;
      if (quarter > 0) {
        return `${message} ${sendingText().progressAnnouncement(formatPercent(quarter))}`;
      }
    }
    return message;
  }
  if (submission.status === 'failed') {
    return submission.reason === 'configuration'
      ? configurationProblem(submission.problem ?? 'missing')
      : submitFailure(submission.reason, submission.status_);
  }
  return undefined;
}

export function renderSubmitStatus(submission: Submission): TemplateResult {
  if (submission.status === 'key-reused') {
    const text = keyReusedText();
    return html`<div class="status" role="status">
      <div class="failure" part="submit-error">
        <p>${text.received(isolate(submission.reference))}</p>
        <p>${text.notAdded}</p>
      </div>
    </div>`;
  }
  const message = statusMessage(submission);
  const failed = submission.status === 'failed';
  return html`<div class="status" role="status">
      ${
        message
          ? html`<p
              class=${failed ? 'failure' : 'progress-note'}
              part=${failed ? 'submit-error' : 'submit-progress'}
            >
              ${message}
            </p>`
          : nothing
      }
    </div>
    ${renderProgress(submission)}`;
}

/** Bytes and percent of the upload, when the transport reports them. */
function renderProgress(submission: Submission) {
  if (submission.status !== 'sending' || !submission.progress) return nothing;
  const { sent, total } = submission.progress;
  if (total <= 0) return nothing;
  const text = sendingText();
  return html`<div class="upload-progress" part="upload-progress">
    <label for="send-progress">${text.progressLabel}</label>
    <progress id="send-progress" max=${total} .value=${sent}></progress>
    <p>
      ${text.progress(formatFileSize(sent), formatFileSize(total), formatPercent((sent / total) * 100))}
    </p>
  </div>`;
}
