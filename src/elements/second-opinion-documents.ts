import { LitElement, html } from 'lit';

/** Placeholder: being written. */
export class SecondOpinionDocuments extends LitElement {
  override render() {
    return html``;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'second-opinion-documents': SecondOpinionDocuments;
  }
}
