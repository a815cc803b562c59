import { LitElement, html } from 'lit';

/** Placeholder: being written. */
export class SecondOpinionEligibility extends LitElement {
  override render() {
    return html``;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'second-opinion-eligibility': SecondOpinionEligibility;
  }
}
