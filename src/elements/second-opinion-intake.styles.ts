import { css } from 'lit';

export const intakeStyles = css`
  .intake {
    background: var(--_surface);
    color: var(--_text);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    max-inline-size: 48em;
  }
  .organization {
    margin: 0 0 0.5em;
    font-weight: 700;
    color: var(--_accent);
  }
  .language-switcher {
    display: flex;
    align-items: center;
    gap: 0.5em;
    justify-content: flex-end;
    margin-block-end: 0.5em;
  }
  .language-switcher label {
    margin: 0;
  }
  .language-switcher select {
    inline-size: auto;
    min-block-size: max(44px, 2.75em);
  }
  .progress {
    margin: 0;
    color: var(--_muted);
    font-size: 0.9375em;
  }
  h2 {
    font-size: 1.5em;
    line-height: 1.25;
    margin: 0 0 var(--_space);
  }
  h3 {
    font-size: 1.1875em;
    line-height: 1.3;
    margin: 1.25em 0 0.5em;
  }
  h2:focus,
  h2:focus-visible {
    outline: none;
  }
  .error-summary h3 {
    margin-block-start: 0;
  }
  .error-summary ul {
    margin: 0;
    padding-inline-start: 1.25em;
  }
  .error-summary a {
    color: var(--_error);
    font-weight: 600;
  }
  .config-error,
  .failure {
    border-inline-start: 6px solid var(--_error);
    background: var(--_warning-surface);
    color: var(--_text);
    padding: 0.75em var(--_space);
    margin-block: 0 var(--_space);
  }
  .failure p {
    margin: 0;
  }
  .failure p + p {
    margin-block-start: 0.5em;
  }
  .progress-note {
    color: var(--_muted);
  }
  .emergency-notice {
    border-inline-start: 6px solid var(--_error);
    background: var(--_warning-surface);
    padding: 0.75em var(--_space);
    margin-block: 0 var(--_space);
    font-weight: bold;
  }
  .draft-notice {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em 1em;
    border-inline-start: 6px solid var(--_accent);
    background: var(--_surface-alt);
    padding: 0.75em var(--_space);
    margin-block: 0 var(--_space);
  }
  .draft-notice p {
    margin: 0;
    flex: 1 1 16em;
  }
  .upload-progress {
    margin-block: 0 var(--_space);
  }
  .upload-progress label {
    display: block;
    font-weight: 600;
  }
  .upload-progress progress {
    display: block;
    inline-size: 100%;
    block-size: 1em;
    accent-color: var(--_accent);
  }
  .upload-progress p {
    margin: 0.25em 0 0;
    color: var(--_muted);
  }
  .navigation {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75em;
    margin-block-start: calc(var(--_space) * 1.5);
  }
  button[aria-disabled='true'] {
    opacity: 0.7;
    cursor: progress;
  }
  button.link {
    border: 0;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
    padding-inline: 0.25em;
    min-block-size: max(44px, 2.75em);
  }
  /* The date of birth's Day, Month and Year, side by side, each as wide as what it takes. */
  .date-parts {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em 1em;
  }
  .date-part label {
    font-weight: normal;
  }
  .date-part input[type='text'] {
    inline-size: 4em;
  }
  .date-year input[type='text'] {
    inline-size: 5.5em;
  }
  .help {
    margin-block-start: calc(var(--_space) * 1.5);
  }
  /* A list item keeps the disclosure triangle; the padding makes a 44 px target. */
  .help summary {
    inline-size: fit-content;
    padding-block: 0.625em;
    color: var(--_accent);
    text-decoration: underline;
    cursor: pointer;
  }
  .help[open] summary {
    margin-block-end: 0.5em;
  }
  .review-section {
    border-block-end: 1px solid var(--_border);
    padding-block-end: 0.5em;
  }
  .review-heading {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    gap: 1em;
    flex-wrap: wrap;
  }
  dl {
    margin: 0;
  }
  .answer {
    display: grid;
    grid-template-columns: minmax(8em, 1fr) 2fr;
    gap: 0.25em 1em;
    padding-block: 0.375em;
  }
  dt {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  dd {
    margin: 0;
    white-space: pre-line;
    overflow-wrap: anywhere;
  }
  .reassurance {
    background: var(--_surface-alt);
    padding: 0.75em var(--_space);
    border-radius: var(--_radius);
  }
  .receipt .reference {
    font-size: 1.5em;
    margin-block: 0.25em;
    letter-spacing: 0.05em;
  }
  .receipt .reference-label {
    margin-block-end: 0;
  }
  a {
    color: var(--_accent);
  }
  @media (max-width: 30em) {
    .answer {
      grid-template-columns: 1fr;
    }
    .intake {
      padding: 0.75em;
    }
  }
  /* A narrow widget on a wide page (a sidebar, 320 px) stacks its answers too. */
  .intake {
    container-type: inline-size;
  }
  @container (max-width: 30em) {
    .answer {
      grid-template-columns: 1fr;
    }
  }
`;
