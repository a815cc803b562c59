import { css } from 'lit';

export const documentsStyles = css`
  .intro p {
    margin-block: 0 0.75rem;
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
    padding-inline-start: 0.75rem;
    border-inline-start: 3px solid var(--_surface-alt);
  }
  .notice {
    margin-block: 0 var(--_space);
    padding-block: 0.75rem;
    padding-inline: 1rem;
    background: var(--_warning-surface);
    color: var(--_text);
    border: 1px solid var(--_border);
    border-inline-start-width: 6px;
    border-radius: var(--_radius);
    max-inline-size: 36rem;
  }
  .notice strong {
    display: block;
  }
  @media (forced-colors: active) {
    .notice {
      border-color: CanvasText;
    }
  }
`;
