import { LitElement, html } from 'lit';

/** Placeholder: being written. */
export class SecondOpinionIntake extends LitElement {
  override render() {
    return html``;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'second-opinion-intake': SecondOpinionIntake;
  }
}
