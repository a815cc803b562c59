import { css } from 'lit';
import { fieldStyles, tokens } from './shared/tokens.styles.js';

export const insuranceStyles = [
  tokens,
  fieldStyles,
  css`
    .details {
      border-inline-start: 3px solid var(--_border);
      padding-inline-start: calc(var(--_space) * 0.75);
      margin-block: 0 var(--_space);
    }
    .note {
      margin-block: 0 var(--_space);
      padding-block: 0.625em;
      padding-inline: 0.875em;
      background: var(--_surface-alt);
      border-inline-start: 4px solid var(--_accent);
      border-radius: var(--_radius);
      max-inline-size: 36em;
      overflow-wrap: anywhere;
    }
    .reassurance:empty {
      display: none;
    }
    legend {
      overflow-wrap: anywhere;
    }
    .optional {
      font-weight: normal;
      color: var(--_muted);
    }
    @media (forced-colors: active) {
      .note {
        border: 1px solid CanvasText;
        border-inline-start-width: 4px;
      }
      .details {
        border-inline-start-color: CanvasText;
      }
    }
  `,
];
