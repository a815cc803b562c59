import { css } from 'lit';

/**
 * The inbox's own layout; colours, fonts, focus ring, the error summary's frame and visually
 * hidden text come from the shared tokens and field styles (src/elements/shared/tokens.styles.ts).
 */
export const styles = css`
  :host {
    background-color: var(--_surface);
  }
  h2 {
    font-size: 1.5em;
    line-height: 1.25;
    margin: 0 0 0.75em;
  }
  h3 {
    font-size: 1.1875em;
    line-height: 1.3;
    margin: 1.5em 0 0.5em;
  }
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    outline: 3px solid var(--_focus);
  }
  .error-summary h2 {
    font-size: 1.1875em;
    margin-block-end: 0.25em;
  }
  .error-summary p {
    margin: 0 0 0.5em;
  }
  .filter-fields {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_space);
  }
  .filter-fields .field {
    flex: 1 1 14em;
  }
  .filter {
    margin-block-end: var(--_space);
  }
  .table-scroll {
    overflow-x: auto;
    margin-block-end: var(--_space);
  }
  table {
    border-collapse: collapse;
    inline-size: 100%;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding-block-end: 0.5em;
  }
  th,
  td {
    text-align: start;
    vertical-align: top;
    padding: 0.5em 0.75em 0.5em 0;
    border-block-end: 1px solid var(--_border);
  }
  thead th {
    border-block-end-width: 2px;
  }
  tbody th {
    font-weight: 600;
  }
  button.link {
    border: 0;
    background: none;
    padding: 0.25em 0;
    min-block-size: 2.75em;
    color: var(--_accent);
    text-decoration: underline;
    text-underline-offset: 0.15em;
    font-weight: 600;
  }
  button.back::before {
    content: '‹ ';
  }
  :host([dir='rtl']) button.back::before {
    content: '› ';
  }
  button.small {
    min-block-size: 2.25em;
    padding: 0.25em 0.75em;
    margin-inline-start: 0.5em;
  }
  button.warning,
  button.danger {
    border-color: var(--_error);
    color: var(--_error);
  }
  button.danger {
    background: var(--_error);
    color: var(--_on-accent);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75em;
    margin-block: var(--_space);
  }
  .tag {
    display: inline-block;
    padding: 0.125em 0.5em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface-alt);
    font-weight: 600;
  }
  .tag.warning {
    background: var(--_warning-surface);
  }
  dl {
    margin: 0;
  }
  .answer {
    display: grid;
    grid-template-columns: minmax(10em, 1fr) 2fr;
    gap: 0.25em var(--_space);
    padding-block: 0.5em;
    border-block-end: 1px solid var(--_border);
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
  }
  .long-text {
    white-space: pre-wrap;
  }
  ul.plain,
  ul.files {
    margin: 0;
    padding-inline-start: 1.25em;
  }
  ul.files {
    list-style: none;
    padding: 0;
  }
  .file {
    padding-block: 0.125em;
  }
  .file-name {
    overflow-wrap: anywhere;
  }
  .file-size {
    color: var(--_muted);
  }
  .history {
    padding-inline-start: 1.25em;
  }
  .history .note {
    margin: 0.25em 0 0;
    white-space: pre-wrap;
  }
  .history .label {
    font-weight: 600;
  }
  .actor {
    color: var(--_muted);
  }
  .confirm {
    border-inline-start: 6px solid var(--_error);
    padding-inline-start: var(--_space);
  }
  .status-form {
    max-inline-size: 40em;
  }
  @media (max-width: 30em) {
    .answer {
      grid-template-columns: 1fr;
    }
  }
  @media (forced-colors: active) {
    .tag,
    .error-summary {
      border-color: CanvasText;
    }
    button.danger {
      border-color: ButtonText;
    }
  }
`;
