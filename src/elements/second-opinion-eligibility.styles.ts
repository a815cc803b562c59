import { css } from 'lit';
import { fieldStyles, tokens } from './shared/tokens.styles.js';

export const styles = [
  tokens,
  fieldStyles,
  css`
    :host {
      /* Long words (Georgian compounds, pasted links) must not widen the page at 320 px. */
      overflow-wrap: anywhere;
    }
    .option input,
    .option label {
      cursor: pointer;
    }
    fieldset:disabled .option input,
    fieldset:disabled .option label {
      cursor: not-allowed;
    }
    /* The revealed "other" field sits under its option; drop the outer gap so they read as one. */
    .nested .field {
      margin-block: 0.25em 0.5em;
    }
  `,
];
