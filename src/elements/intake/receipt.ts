import { html, nothing, type TemplateResult } from 'lit';
import { contactChannelLabel, intakeFormText } from '../../content/intake-form.js';
import type { IntakeDraft } from '../../submit/payload.js';

/**
 * The receipt: the reference, how to keep it and what happens next (the next steps follow the
 * answers: a translation or an insurance check only when one is needed). Loaded with the flow.
 */
export function renderReceipt(reference: string, answers: IntakeDraft): TemplateResult {
  const text = intakeFormText();
  const { documents, insurance, patient } = answers;
  const channel = contactChannelLabel(patient.preferredContact ?? 'email');
  return html`<div class="receipt" part="receipt">
    <p>${text.doneThanks}</p>
    <p class="reference-label">${text.referenceLabel}</p>
    <p class="reference"><strong>${reference}</strong></p>
    <p>${text.referenceHint}</p>
    <!-- Something to do with the receipt, right after the focused heading: Tab goes on into
    the receipt instead of leaving the widget (and wrapping round to the language menu). -->
    <p>
      <button type="button" class="link" id="print-receipt" part="print" @click=${() => print()}>
        ${text.printReceipt}
      </button>
    </p>
    <h3>${text.nextHeading}</h3>
    <ul>
      <li>${text.nextReview}</li>
      <li>${text.nextContact(channel)}</li>
      ${
        documents.some((entry) => entry.translationNeeded)
          ? html`<li>${text.nextTranslation}</li>`
          : nothing
      }
      ${
        insurance.hasPrivateInsurance && insurance.coverageConfirmed !== 'yes'
          ? html`<li>${text.nextInsurance}</li>`
          : nothing
      }
    </ul>
  </div>`;
}
