import { LitElement, html } from 'lit';

/** Placeholder: being written. */
export class SecondOpinionFaq extends LitElement {
  override render() {
    return html``;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'second-opinion-faq': SecondOpinionFaq;
  }
}
