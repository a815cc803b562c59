import { css } from 'lit';

/**
 * The theming contract: every `--second-opinion-*` custom property, read with a default.
 *
 * Each colour default is a `light-dark()` pair, picked by the element's `color-scheme`: the
 * visitor's `prefers-color-scheme`, or `theme="light"` / `theme="dark"` on any element. The
 * choice is inherited through `--_scheme`, so the elements inside the intake follow its theme.
 * A page that sets a token sets it for both schemes (it may use `light-dark()` itself). Every
 * pair text or a control is drawn with meets WCAG AA in both themes (test/theme.test.ts).
 *
 * The host page's CSS cannot reach inside, but it does reach the host element itself and what
 * it inherits: a `font-size` on `html`, a `color` on `body`, a `* { … !important }` reset. So
 * the inherited text properties are set on `:host` with `!important` (the one cascade case
 * where a shadow tree's rules beat the page's; pages style the widget through the tokens), and
 * sizes are in `em`/`px` of the widget's own font size, never `rem` (the page's `html`).
 * Except the spacing of text: `line-height`, `letter-spacing` and `word-spacing` are set
 * without `!important`, and the controls inherit them, so a reader's text-spacing override
 * (WCAG 1.4.12, a user style sheet or bookmarklet on the page) reaches every text inside.
 * `display` and `visibility` stay the page's to set: it may hide the widget.
 */
export const tokens = css`
  :host {
    color-scheme: var(--_scheme, light dark);
    --_accent: var(--second-opinion-accent, light-dark(#0b5cad, #8ab8ff));
    --_on-accent: var(--second-opinion-on-accent, light-dark(#ffffff, #0b1a2c));
    --_text: var(--second-opinion-text, light-dark(#1b1f24, #e6e9ed));
    --_muted: var(--second-opinion-muted-text, light-dark(#4a5563, #b3bcc7));
    --_surface: var(--second-opinion-surface, light-dark(#ffffff, #15181c));
    --_surface-alt: var(--second-opinion-surface-alt, light-dark(#f3f5f8, #22272e));
    --_border: var(--second-opinion-border, light-dark(#6b7480, #8d97a3));
    --_error: var(--second-opinion-error, light-dark(#b3261e, #ff8f85));
    --_warning-surface: var(--second-opinion-warning-surface, light-dark(#fff4d6, #3d3113));
    --_focus: var(--second-opinion-focus-ring, light-dark(#c45100, #ffa25c));
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
    --_space: var(--second-opinion-spacing, 1em);

    display: block;
    box-sizing: border-box !important;
    color: var(--_text) !important;
    font-family: var(--_font) !important;
    font-size: var(--_font-size) !important;
    font-weight: normal !important;
    font-style: normal !important;
    font-variant: normal !important;
    font-stretch: normal !important;
    line-height: 1.5;
    letter-spacing: normal;
    word-spacing: normal;
    text-align: start !important;
    text-indent: 0 !important;
    text-transform: none !important;
    text-shadow: none !important;
    white-space: normal !important;
  }
  /*
   * A form control on its own paints its surface, so light text in the dark theme never stands
   * on a light page (the intake draws its own card).
   */
  :host(:not(second-opinion-intake)) {
    background-color: var(--_surface);
  }
  :host([theme='light']) {
    --_scheme: light;
  }
  :host([theme='dark']) {
    --_scheme: dark;
  }
  /*
   * Inside another of our elements, the outer one's surface shows through, and its text spacing
   * (a reader's override included) goes on inside: this outer rule beats the inner ':host'.
   */
  second-opinion-faq,
  second-opinion-eligibility,
  second-opinion-documents,
  second-opinion-insurance {
    background-color: transparent;
    line-height: inherit;
    letter-spacing: inherit;
    word-spacing: inherit;
  }
  :host([hidden]) {
    display: none !important;
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
    margin-block-end: 0.25em;
  }
  .description {
    color: var(--_muted);
    margin-block: 0 0.375em;
    font-size: 0.9375em;
  }
  input[type='text'],
  input[type='email'],
  input[type='tel'],
  select,
  textarea {
    display: block;
    inline-size: 100%;
    max-inline-size: 36em;
    min-block-size: max(44px, 2.75em);
    padding: 0.5em 0.625em;
    font: inherit;
    /* iOS Safari zooms the page into a field whose text is smaller than 16px. */
    font-size: max(16px, 1em);
    letter-spacing: inherit;
    word-spacing: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    margin: 0;
  }
  textarea {
    min-block-size: 6em;
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
    gap: 0.625em;
    padding-block: 0.375em;
  }
  .option input {
    inline-size: 1.375em;
    block-size: 1.375em;
    margin: 0.125em 0 0;
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
    margin-block: 0.25em;
  }
  /* The list of problems that takes focus when a step or a form cannot go on (GOV.UK). */
  .error-summary {
    border: 3px solid var(--_error);
    border-radius: var(--_radius);
    padding: 0.75em var(--_space);
    margin-block-end: var(--_space);
  }
  .error-summary:focus {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  /* Read by screen readers, not shown: "Error:" before inline errors, context for buttons. */
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .nested {
    margin-inline-start: 2em;
  }
  button {
    font: inherit;
    min-block-size: max(44px, 2.75em);
    padding: 0.5em 1.125em;
    border-radius: var(--_radius);
    border: 2px solid var(--_accent);
    background: var(--_surface);
    color: var(--_accent);
    cursor: pointer;
    margin: 0;
    text-transform: none;
    letter-spacing: inherit;
    word-spacing: inherit;
  }
  button.primary {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  /*
   * Buttons and fields are at least 44 px tall everywhere (WCAG 2.5.5; Apple's and GOV.UK's
   * minimum), even when the page asks for a smaller font. On a touch screen an option's whole row
   * is its label, 44 px tall, so a finger may land anywhere on it.
   */
  @media (pointer: coarse) {
    .option {
      padding-block: 0;
    }
    .option > div {
      flex: 1;
    }
    .option label {
      display: flex;
      align-items: center;
      min-block-size: 44px;
    }
    .option input {
      margin-block-start: calc((44px - 1.375em) / 2);
    }
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
