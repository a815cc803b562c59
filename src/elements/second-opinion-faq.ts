import { LocaleController } from './shared/locale-controller.js';
import { localized } from '@lit/localize';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { html as staticHtml, literal } from 'lit/static-html.js';
import { defaultFaqItems, type FaqItem } from '../content/faq.js';
import { styles } from './second-opinion-faq.styles.js';

/** `detail` of the `faq-toggle` event. No text: the embedder can look the item up by index. */
export interface FaqToggleDetail {
  index: number;
  open: boolean;
}

/** A fixed allow-list: the heading tag is chosen from these, never built from data. */
const HEADING_TAGS = [literal`h2`, literal`h3`, literal`h4`, literal`h5`, literal`h6`] as const;
const DEFAULT_HEADING_LEVEL = 3;

/**
 * The APG advises against `role="region"` when many panels can be open at once: too many
 * landmarks make landmark navigation useless. A collapsed answer is never a region: it would be
 * a named, empty landmark.
 */
const MAX_REGIONS = 6;

function clampHeadingLevel(level: unknown): number {
  if (level === null || level === undefined || level === '') return DEFAULT_HEADING_LEVEL;
  const n = Math.trunc(Number(level));
  return Number.isFinite(n) ? Math.min(6, Math.max(2, n)) : DEFAULT_HEADING_LEVEL;
}

/**
 * Keys for the open state: an item's `id` when it has a unique one, so an open answer stays open
 * when the list is replaced or reordered; otherwise its position.
 */
function itemKeys(items: readonly FaqItem[]): string[] {
  const counts = new Map<string, number>();
  for (const item of items) {
    if (item.id) counts.set(item.id, (counts.get(item.id) ?? 0) + 1);
  }
  return items.map((item, index) =>
    item.id && counts.get(item.id) === 1 ? `id:${item.id}` : `index:${index}`,
  );
}

/**
 * Frequently asked questions about second opinions, as a WAI-ARIA accordion: each question is a
 * button inside a heading that shows or hides its answer. All answers start collapsed.
 *
 * Keyboard: Enter or Space toggles an answer; ArrowDown / ArrowUp move to the next / previous
 * question (wrapping); Home / End move to the first / last question.
 *
 * A collapsed answer is `hidden="until-found"`, so the browser's find-in-page still finds its text
 * and opens it.
 *
 * @attr {number} heading-level - Level of the question headings, 2–6 (default 3; other values
 *   are clamped). Property: `headingLevel`.
 * @attr {boolean} single - Opening an answer closes the others. Property: `single`.
 *
 * @prop {FaqItem[] | undefined} items - The questions and answers (plain text). When unset, the
 *   default FAQ in the current locale is shown.
 *
 * @fires {CustomEvent<FaqToggleDetail>} faq-toggle - An answer opened or closed, by the patient
 *   or by a method; `detail: { index, open }`. Bubbles and is composed.
 *
 * @csspart faq-item - The wrapper of one question and its answer.
 * @csspart faq-heading - The heading (`h2`–`h6`) that holds the question button.
 * @csspart faq-question - The question button.
 * @csspart faq-answer - The answer panel.
 *
 * @cssprop --second-opinion-accent - Colour of the chevron.
 * @cssprop --second-opinion-text - Text colour.
 * @cssprop --second-opinion-surface-alt - Background of a hovered question.
 * @cssprop --second-opinion-border - Separator lines between questions.
 * @cssprop --second-opinion-font - Font family.
 * @cssprop --second-opinion-font-size - Base font size.
 * @cssprop --second-opinion-spacing - Space below an answer.
 * @cssprop --second-opinion-focus-ring - Colour of the keyboard focus ring.
 */
@localized()
export class SecondOpinionFaq extends LitElement {
  static override styles = styles;

  @property({ attribute: false }) items: readonly FaqItem[] | undefined;

  @property({ type: Number, attribute: 'heading-level' }) headingLevel = DEFAULT_HEADING_LEVEL;

  @property({ type: Boolean, reflect: true }) single = false;

  /**
   * The locale to render in (`en`, `ka`, `ru`, `de`, `ar`); else the nearest `lang`, the
   * browser's languages, English.
   */
  @property({ reflect: true }) locale?: string;

  // Registers itself with the element: locale requests, `lang` and `dir`.
  protected readonly localeController = new LocaleController(this);

  @state() private openKeys: ReadonlySet<string> = new Set();

  /** The items shown; the defaults are built on each call so they follow the current locale. */
  private get currentItems(): readonly FaqItem[] {
    return this.items ?? defaultFaqItems();
  }

  private get questionButtons(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('button.question')];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Forget answers that are no longer in the list, so they do not reopen if they come back.
    if (changed.has('items') && this.openKeys.size) {
      const keys = new Set(itemKeys(this.currentItems));
      const kept = [...this.openKeys].filter((key) => keys.has(key));
      if (kept.length !== this.openKeys.size) this.openKeys = new Set(kept);
    }
  }

  private onQuestionClick(event: Event): void {
    const index = this.questionButtons.indexOf(event.currentTarget as HTMLButtonElement);
    if (index >= 0) this.setOpen(index, !this.isOpen(index));
  }

  private onQuestionKeydown(event: KeyboardEvent): void {
    // Leave shortcuts such as Ctrl+Home (scroll the page) to the browser.
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const buttons = this.questionButtons;
    const current = buttons.indexOf(event.currentTarget as HTMLButtonElement);
    if (current < 0) return;
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = (current + 1) % buttons.length;
        break;
      case 'ArrowUp':
        next = (current - 1 + buttons.length) % buttons.length;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = buttons.length - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    buttons[next]?.focus();
  }

  /** Find-in-page matched text in a collapsed answer: the browser reveals it, we follow. */
  private onBeforeMatch(event: Event): void {
    const panels = [...this.renderRoot.querySelectorAll('.answer')];
    const index = panels.indexOf(event.currentTarget as Element);
    if (index >= 0) this.setOpen(index, true);
  }

  /** Opens the answer at `index` (in `single` mode, closing the others). Ignores a bad index. */
  expand(index: number): void {
    this.setOpen(index, true);
  }

  /** Closes the answer at `index`. Ignores a bad index. */
  collapse(index: number): void {
    this.setOpen(index, false);
  }

  collapseAll(): void {
    this.currentItems.forEach((_, index) => this.setOpen(index, false));
  }

  private isOpen(index: number): boolean {
    const key = itemKeys(this.currentItems)[index];
    return key !== undefined && this.openKeys.has(key);
  }

  private setOpen(index: number, open: boolean): void {
    const keys = itemKeys(this.currentItems);
    const key = keys[index];
    if (key === undefined || this.openKeys.has(key) === open) return;
    const next = new Set(this.openKeys);
    const changes: FaqToggleDetail[] = [];
    if (open && this.single) {
      keys.forEach((other, i) => {
        if (i !== index && next.delete(other)) changes.push({ index: i, open: false });
      });
    }
    if (open) next.add(key);
    else next.delete(key);
    changes.push({ index, open });
    this.openKeys = next;
    for (const detail of changes) {
      this.dispatchEvent(
        new CustomEvent<FaqToggleDetail>('faq-toggle', { detail, bubbles: true, composed: true }),
      );
    }
  }

  private renderAnswer(answer: FaqItem['answer'] | string) {
    // Tolerate a plain string from a script-tag configuration instead of failing the render.
    const blocks = typeof answer === 'string' ? [answer] : (answer ?? []);
    return blocks.map((block) =>
      typeof block === 'string'
        ? html`<p>${block}</p>`
        : html`<ul>
            ${block.map((entry) => html`<li>${entry}</li>`)}
          </ul>`,
    );
  }

  private renderItem(item: FaqItem, index: number, open: boolean, asRegion: boolean) {
    const tag = HEADING_TAGS[clampHeadingLevel(this.headingLevel) - 2];
    const questionId = `faq-question-${index}`;
    const answerId = `faq-answer-${index}`;
    return html`<div class="item" part="faq-item">
      ${staticHtml`<${tag} class="heading" part="faq-heading">
        <button
          type="button"
          class="question"
          part="faq-question"
          id=${questionId}
          aria-expanded=${open ? 'true' : 'false'}
          aria-controls=${answerId}
          @click=${this.onQuestionClick}
          @keydown=${this.onQuestionKeydown}
        >
          <span class="question-text">${item.question}</span>
          <svg class="chevron" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path
              d="M3 6l5 5 5-5"
              fill="none"
              stroke="currentColor"
              stroke-width="2"
              stroke-linecap="round"
              stroke-linejoin="round"
            />
          </svg>
        </button>
      </${tag}>`}
      <div
        class="answer"
        part="faq-answer"
        id=${answerId}
        role=${asRegion && open ? 'region' : nothing}
        aria-labelledby=${asRegion && open ? questionId : nothing}
        hidden=${open ? nothing : 'until-found'}
        @beforematch=${this.onBeforeMatch}
      >
        <div class="answer-body">${this.renderAnswer(item.answer)}</div>
      </div>
    </div>`;
  }

  override render() {
    const items = this.currentItems;
    const keys = itemKeys(items);
    const asRegion = items.length <= MAX_REGIONS;
    return items.map((item, index) =>
      this.renderItem(item, index, this.openKeys.has(keys[index] ?? ''), asRegion),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'second-opinion-faq': SecondOpinionFaq;
  }
  interface GlobalEventHandlersEventMap {
    'faq-toggle': CustomEvent<FaqToggleDetail>;
  }
}
