import { css } from 'lit';

/**
 * The theming contract: every `--second-opinion-*` custom property, read with a default.
 * Inherited properties are reset on `:host` so the host page's CSS (a `font-size` on `html`,
 * a `color` on `body`) cannot leak into the widget. Defaults meet WCAG AA contrast.
 */
export const tokens = css`
  :host {
    --_accent: var(--second-opinion-accent, #0b5cad);
    --_on-accent: var(--second-opinion-on-accent, #ffffff);
    --_text: var(--second-opinion-text, #1b1f24);
    --_muted: var(--second-opinion-muted-text, #4a5563);
    --_surface: var(--second-opinion-surface, #ffffff);
    --_surface-alt: var(--second-opinion-surface-alt, #f3f5f8);
    --_border: var(--second-opinion-border, #6b7480);
    --_error: var(--second-opinion-error, #b3261e);
    --_warning-surface: var(--second-opinion-warning-surface, #fff4d6);
    --_radius: var(--second-opinion-radius, 6px);
    --_font: var(
      --second-opinion-font,
      system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      'Noto Sans',
      'Noto Sans Georgian',
      'Noto Sans Arabic',
      sans-serif
    );
    --_font-size: var(--second-opinion-font-size, 16px);
    --_space: var(--second-opinion-spacing, 1rem);
    --_focus: var(--second-opinion-focus-ring, #c45100);

    display: block;
    box-sizing: border-box;
    color: var(--_text);
    font-family: var(--_font);
    font-size: var(--_font-size);
    font-weight: normal;
    font-style: normal;
    line-height: 1.5;
    letter-spacing: normal;
    text-align: start;
    text-transform: none;
    white-space: normal;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
    }
  }
`;

/** Labels, inputs, groups and inline errors, shared by every element that renders fields. */
export const fieldStyles = css`
  .field {
    margin-block: 0 var(--_space);
  }
  label,
  legend,
  .label {
    display: block;
    font-weight: 600;
    margin-block-end: 0.25rem;
  }
  .description {
    color: var(--_muted);
    margin-block: 0 0.375rem;
    font-size: 0.9375em;
  }
  input[type='text'],
  input[type='email'],
  input[type='tel'],
  input[type='date'],
  select,
  textarea {
    display: block;
    inline-size: 100%;
    max-inline-size: 36rem;
    min-block-size: 2.75rem;
    padding: 0.5rem 0.625rem;
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    margin: 0;
  }
  textarea {
    min-block-size: 6rem;
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: 0 0 var(--_space);
    min-inline-size: 0;
  }
  legend {
    padding: 0;
    font-size: 1.0625em;
  }
  .option {
    display: flex;
    align-items: flex-start;
    gap: 0.625rem;
    padding-block: 0.375rem;
  }
  .option input {
    inline-size: 1.375rem;
    block-size: 1.375rem;
    margin: 0.125rem 0 0;
    flex: none;
    accent-color: var(--_accent);
  }
  .option label {
    font-weight: normal;
    margin: 0;
  }
  .error {
    color: var(--_error);
    font-weight: 600;
    margin-block: 0.25rem;
  }
  .error::before {
    content: '⚠ ';
  }
  .nested {
    margin-inline-start: 2rem;
  }
  button {
    font: inherit;
    min-block-size: 2.75rem;
    padding: 0.5rem 1.125rem;
    border-radius: var(--_radius);
    border: 2px solid var(--_accent);
    background: var(--_surface);
    color: var(--_accent);
    cursor: pointer;
    margin: 0;
    text-transform: none;
    letter-spacing: normal;
  }
  button.primary {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  @media (forced-colors: active) {
    [aria-invalid='true'] {
      border-color: Mark;
    }
    button.primary {
      border-color: ButtonText;
    }
  }
`;
