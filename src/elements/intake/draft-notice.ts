import { html, nothing } from 'lit';
import { draftText } from '../../content/intake.js';

/**
 * The notice that the answers came from a saved draft (`save-draft`), with "Start over". Files
 * are never kept in a draft: the notice says so when some had been attached.
 */
export function renderDraftNotice(
  restored: { hadFiles: boolean } | undefined,
  onStartOver: () => void,
) {
  if (!restored) return nothing;
  const text = draftText();
  return html`<div class="draft-notice" part="draft-notice">
    <p>${text.restored} ${restored.hadFiles ? text.filesNotKept : nothing}</p>
    <button
      type="button"
      id="start-over"
      part="start-over"
      aria-describedby="start-over-description"
      @click=${onStartOver}
    >
      ${text.startOver}
    </button>
    <span id="start-over-description" class="visually-hidden">${text.startOverDescription}</span>
  </div>`;
}
