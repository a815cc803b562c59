import { LitElement, html } from 'lit';

/** Placeholder: being written. */
export class SecondOpinionInsurance extends LitElement {
  override render() {
    return html``;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'second-opinion-insurance': SecondOpinionInsurance;
  }
}
