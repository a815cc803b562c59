import { css } from 'lit';
import { tokens } from './shared/tokens.styles.js';

/*
 * `fieldStyles` is not included: the FAQ has no form fields, and its generic `button` rules
 * (accent border, padding) would only have to be undone for the question buttons.
 */
const faqStyles = css`
  .item {
    border-block-end: 1px solid var(--_border);
  }
  .item:first-child {
    border-block-start: 1px solid var(--_border);
  }
  /* Every heading level looks the same: the level is for the document outline, not for size. */
  .heading {
    margin: 0;
    font: inherit;
    font-weight: 600;
  }
  .question {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.75em;
    inline-size: 100%;
    min-block-size: max(44px, 2.75em);
    margin: 0;
    padding-block: 0.75em;
    padding-inline: 0.75em;
    border: 0;
    border-radius: 0;
    background: transparent;
    color: var(--_text);
    font: inherit;
    text-align: start;
    text-transform: none;
    letter-spacing: inherit;
    word-spacing: inherit;
    overflow-wrap: anywhere;
    cursor: pointer;
  }
  .question:hover {
    background: var(--_surface-alt);
  }
  /* The underline still marks hover in forced-colours mode, where the background is dropped. */
  .question:hover .question-text {
    text-decoration: underline;
  }
  /* Inset, so the ring is not clipped when the host sits in a container with overflow: hidden. */
  .question:focus-visible {
    outline-offset: -3px;
  }
  .chevron {
    flex: none;
    inline-size: 1.25em;
    block-size: 1.25em;
    color: var(--_accent);
  }
  [aria-expanded='true'] .chevron {
    transform: rotate(180deg);
  }
  @media (prefers-reduced-motion: no-preference) {
    .chevron {
      transition: transform 150ms ease-out;
    }
  }
  @media (forced-colors: active) {
    .chevron {
      color: ButtonText;
    }
  }
  /*
   * The panel itself gets no padding, border or display: a collapsed panel is
   * hidden="until-found" (content-visibility: hidden), which keeps its box, so spacing lives on
   * the inner wrapper.
   */
  .answer-body {
    padding-block: 0.25em var(--_space);
    padding-inline: 0.75em;
    overflow-wrap: anywhere;
  }
  .answer-body p,
  .answer-body ul {
    margin-block: 0 0.75em;
  }
  .answer-body > :last-child {
    margin-block-end: 0;
  }
  .answer-body ul {
    padding-inline-start: 1.5em;
  }
  .answer-body li + li {
    margin-block-start: 0.25em;
  }
`;

export const styles = [tokens, faqStyles];
