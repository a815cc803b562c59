import { css } from 'lit';

export const documentsStyles = css`
  .intro p {
    margin-block: 0 0.75em;
  }
  .intro {
    margin-block-end: var(--_space);
  }
  .row {
    border: 0;
    border-block-start: 1px solid var(--_border);
    padding-block: var(--_space) 0;
    padding-inline: 0;
    margin: 0;
    min-inline-size: 0;
  }
  .row:last-of-type {
    border-block-end: 1px solid var(--_border);
  }
  .row > legend {
    /* A legend floats over the fieldset's border unless it is taken out of that layout. */
    float: inline-start;
    inline-size: 100%;
    font-size: 1.125em;
  }
  .row > legend + * {
    clear: both;
  }
  .row-body {
    padding-inline-start: 0.75em;
    border-inline-start: 3px solid var(--_surface-alt);
  }
  .notice {
    margin-block: 0 var(--_space);
    padding-block: 0.75em;
    padding-inline: 1em;
    background: var(--_warning-surface);
    color: var(--_text);
    border: 1px solid var(--_border);
    border-inline-start-width: 6px;
    border-radius: var(--_radius);
    max-inline-size: 36em;
  }
  .notice strong {
    display: block;
  }
  .row.drop-target {
    outline: 3px dashed var(--_accent);
    outline-offset: 2px;
  }
  .files {
    margin-block: 0 var(--_space);
    max-inline-size: 36em;
  }
  .metadata-note {
    margin-block: 0 0.75em;
    padding-block: 0.5em;
    padding-inline: 0.75em;
    border-inline-start: 4px solid var(--_border);
    background: var(--_surface-alt);
  }
  .file-picker {
    position: relative;
    margin-block-end: 0.375em;
  }
  /*
   * The real file input stays in the page (keyboard, screen readers, form semantics) but is
   * drawn by its label: the browser's own button text cannot be translated.
   */
  .file-input {
    position: absolute;
    inset-block-start: 0;
    inset-inline-start: 0;
    inline-size: 1px;
    block-size: 1px;
    opacity: 0;
    overflow: hidden;
  }
  label.add-files {
    display: inline-flex;
    align-items: center;
    min-block-size: max(44px, 2.75em);
    margin: 0;
    padding-block: 0.5em;
    padding-inline: 1.125em;
    border: 2px solid var(--_accent);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_accent);
    cursor: pointer;
  }
  .file-input:focus-visible + label.add-files {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .file-input:disabled + label.add-files {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .refusals,
  .file-list {
    list-style: none;
    margin-block: 0.5em;
    margin-inline: 0;
    padding: 0;
  }
  .file {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em 0.75em;
    padding-block: 0.375em;
    border-block-end: 1px solid var(--_surface-alt);
  }
  .file-name {
    flex: 1 1 12em;
    min-inline-size: 0;
    overflow-wrap: anywhere;
  }
  .file-size {
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  @media (forced-colors: active) {
    .notice {
      border-color: CanvasText;
    }
    label.add-files {
      border-color: ButtonText;
      color: ButtonText;
    }
    .row.drop-target {
      outline-color: Highlight;
    }
  }
`;
