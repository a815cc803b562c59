import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import { a11ySnapshot, sendKeys } from '@web/test-runner-commands';
import '../src/define.js';
import type { FaqItem } from '../src/content/faq.js';
import type { FaqToggleDetail, SecondOpinionFaq } from '../src/elements/second-opinion-faq.js';
import { nextEvent } from './helpers.js';

async function render(template = html`<second-opinion-faq></second-opinion-faq>`) {
  return fixture<SecondOpinionFaq>(template);
}

function root(el: SecondOpinionFaq): ShadowRoot {
  return el.shadowRoot!;
}

function questions(el: SecondOpinionFaq): HTMLButtonElement[] {
  return [...root(el).querySelectorAll<HTMLButtonElement>('button')];
}

function question(el: SecondOpinionFaq, text: string): HTMLButtonElement {
  const button = questions(el).find((b) => b.textContent.includes(text));
  if (!button) throw new Error(`No question containing “${text}”`);
  return button;
}

/** The panel a question controls, found the way assistive technology does: by `aria-controls`. */
function panelOf(el: SecondOpinionFaq, button: HTMLButtonElement): HTMLElement {
  const panel = root(el).getElementById(button.getAttribute('aria-controls')!);
  if (!panel) throw new Error('aria-controls points at nothing');
  return panel;
}

/** Whether the patient can see the answer's text (a collapsed panel keeps a zero-height box). */
function answerVisible(el: SecondOpinionFaq, button: HTMLButtonElement): boolean {
  const panel = panelOf(el, button);
  const firstText = panel.querySelector('p, li');
  return (
    panel.getBoundingClientRect().height > 0 &&
    firstText !== null &&
    firstText.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true })
  );
}

function focused(el: SecondOpinionFaq): Element | null {
  return root(el).activeElement;
}

/** A node of the accessibility tree as Chromium reports it. */
interface AxNode {
  role: string;
  name?: string;
  children?: AxNode[];
}

const customItems: FaqItem[] = [
  { id: 'a', question: 'First custom question', answer: ['Alpha paragraph', ['one', 'two']] },
  { id: 'b', question: 'Second custom question', answer: ['Beta paragraph'] },
];

describe('second-opinion-faq', () => {
  describe('Default content', () => {
    it('shows the six questions of the FAQ as buttons in level-3 headings', async () => {
      const el = await render();
      const texts = questions(el).map((b) => b.textContent.trim());
      expect(texts).to.deep.equal([
        'What is a second opinion?',
        'When can I ask for a second opinion?',
        'What should I know about asking for a second opinion?',
        'How do I prepare for a second opinion?',
        'In which language must my documents be?',
        'Does my private insurance pay for a second opinion?',
      ]);
      for (const button of questions(el)) {
        expect(button.parentElement!.localName).to.equal('h3');
      }
    });

    it('starts with every answer collapsed', async () => {
      const el = await render();
      for (const button of questions(el)) {
        expect(button.getAttribute('aria-expanded')).to.equal('false');
        expect(answerVisible(el, button)).to.equal(false);
      }
    });

    it('lists the four reasons and says any other reason is fine', async () => {
      const el = await render();
      const button = question(el, 'When can I ask');
      button.click();
      await el.updateComplete;
      const panel = panelOf(el, button);
      const reasons = [...panel.querySelectorAll('li')].map((li) => li.textContent.trim());
      expect(reasons).to.deep.equal([
        'you are not sure that your diagnosis or treatment is right',
        'you want to have your current diagnosis checked',
        'you want to be sure that you are getting appropriate medical care',
        'the treatment you were prescribed is not helping',
      ]);
      expect(panel.textContent).to.include('any other reason');
      expect(answerVisible(el, button)).to.equal(true);
    });

    it('states the document-language rule and the need for a translation', async () => {
      const el = await render();
      const button = question(el, 'In which language');
      button.click();
      await el.updateComplete;
      const text = panelOf(el, button).textContent.replace(/\s+/g, ' ');
      expect(text).to.include(
        'in English or in the language of the country where you want to receive the service',
      );
      expect(text).to.include('need a translation');
    });

    it('names the records to bring, including form IV-100/a, and the insurance check', async () => {
      const el = await render();
      el.expand(3);
      el.expand(5);
      await el.updateComplete;
      const records = panelOf(el, questions(el)[3]).textContent;
      expect(records).to.include('form IV-100/a, often called “Form 100”');
      expect(records).to.include('blood test results');
      expect(records).to.include('real reason');
      expect(panelOf(el, questions(el)[5]).textContent).to.include(
        'ask your insurance company whether it pays for a second opinion',
      );
    });
  });

  describe('User interaction', () => {
    it('opens and closes an answer on click and fires faq-toggle without text', async () => {
      const el = await render();
      const button = questions(el)[1];
      setTimeout(() => button.click());
      const opened = await nextEvent(el, 'faq-toggle');
      expect(opened.detail).to.deep.equal({ index: 1, open: true });
      expect(opened.bubbles && opened.composed).to.equal(true);
      await el.updateComplete;
      expect(button.getAttribute('aria-expanded')).to.equal('true');
      expect(answerVisible(el, button)).to.equal(true);

      setTimeout(() => button.click());
      const closed = await nextEvent(el, 'faq-toggle');
      expect(closed.detail).to.deep.equal({ index: 1, open: false });
      await el.updateComplete;
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      expect(answerVisible(el, button)).to.equal(false);
    });

    it('toggles with Enter and with Space', async () => {
      const el = await render();
      const button = questions(el)[0];
      button.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(button.getAttribute('aria-expanded')).to.equal('true');
      expect(answerVisible(el, button)).to.equal(true);
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      expect(answerVisible(el, button)).to.equal(false);
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(button.getAttribute('aria-expanded')).to.equal('true');
    });

    it('moves focus with ArrowDown/ArrowUp (wrapping) and Home/End', async () => {
      const el = await render();
      const buttons = questions(el);
      buttons[0].focus();
      await sendKeys({ press: 'ArrowDown' });
      expect(focused(el)).to.equal(buttons[1]);
      await sendKeys({ press: 'ArrowUp' });
      expect(focused(el)).to.equal(buttons[0]);
      await sendKeys({ press: 'ArrowUp' });
      expect(focused(el)).to.equal(buttons[5]);
      await sendKeys({ press: 'ArrowDown' });
      expect(focused(el)).to.equal(buttons[0]);
      await sendKeys({ press: 'End' });
      expect(focused(el)).to.equal(buttons[5]);
      await sendKeys({ press: 'Home' });
      expect(focused(el)).to.equal(buttons[0]);
      // Moving focus opens nothing.
      expect(buttons.every((b) => b.getAttribute('aria-expanded') === 'false')).to.equal(true);
    });

    it('reaches the questions with Tab, including past an open answer', async () => {
      const el = await render();
      el.expand(0);
      await el.updateComplete;
      const buttons = questions(el);
      buttons[0].focus();
      await sendKeys({ press: 'Tab' });
      expect(focused(el)).to.equal(buttons[1]);
    });

    it('lets several answers stay open by default', async () => {
      const el = await render();
      const [first, second] = questions(el);
      first.click();
      second.click();
      await el.updateComplete;
      expect(first.getAttribute('aria-expanded')).to.equal('true');
      expect(second.getAttribute('aria-expanded')).to.equal('true');
    });

    it('keeps only one answer open in single mode', async () => {
      const el = await render(html`<second-opinion-faq single></second-opinion-faq>`);
      const [first, second] = questions(el);
      first.click();
      await el.updateComplete;
      const events: FaqToggleDetail[] = [];
      el.addEventListener('faq-toggle', (e) => events.push(e.detail));
      second.click();
      await el.updateComplete;
      expect(first.getAttribute('aria-expanded')).to.equal('false');
      expect(answerVisible(el, first)).to.equal(false);
      expect(second.getAttribute('aria-expanded')).to.equal('true');
      expect(events).to.deep.equal([
        { index: 0, open: false },
        { index: 1, open: true },
      ]);
      // The open answer can still be closed, leaving none open.
      second.click();
      await el.updateComplete;
      expect(questions(el).every((b) => b.getAttribute('aria-expanded') === 'false')).to.equal(
        true,
      );
    });

    it('opens a collapsed answer when find-in-page matches text in it', async () => {
      const el = await render();
      const button = question(el, 'In which language');
      const panel = panelOf(el, button);
      expect(panel.getAttribute('hidden')).to.equal('until-found');
      // What the browser does on a match: fire beforematch, then drop the hidden attribute.
      panel.dispatchEvent(new Event('beforematch', { bubbles: true }));
      panel.removeAttribute('hidden');
      await el.updateComplete;
      expect(button.getAttribute('aria-expanded')).to.equal('true');
      expect(answerVisible(el, button)).to.equal(true);
    });
  });

  describe('Methods', () => {
    it('expand, collapse and collapseAll change what is shown', async () => {
      const el = await render();
      const buttons = questions(el);
      el.expand(2);
      el.expand(4);
      await el.updateComplete;
      expect(buttons.map((b) => b.getAttribute('aria-expanded'))).to.deep.equal([
        'false',
        'false',
        'true',
        'false',
        'true',
        'false',
      ]);
      el.collapse(2);
      await el.updateComplete;
      expect(buttons[2].getAttribute('aria-expanded')).to.equal('false');
      expect(buttons[4].getAttribute('aria-expanded')).to.equal('true');
      el.collapseAll();
      await el.updateComplete;
      expect(buttons.every((b) => b.getAttribute('aria-expanded') === 'false')).to.equal(true);
    });

    it('ignores an index that does not exist', async () => {
      const el = await render();
      let fired = 0;
      el.addEventListener('faq-toggle', () => fired++);
      el.expand(6);
      el.expand(-1);
      el.collapse(99);
      await el.updateComplete;
      expect(fired).to.equal(0);
      expect(questions(el).every((b) => b.getAttribute('aria-expanded') === 'false')).to.equal(
        true,
      );
    });

    it('expand in single mode closes the others', async () => {
      const el = await render(html`<second-opinion-faq single></second-opinion-faq>`);
      el.expand(0);
      el.expand(3);
      await el.updateComplete;
      expect(questions(el).map((b) => b.getAttribute('aria-expanded'))).to.deep.equal([
        'false',
        'false',
        'false',
        'true',
        'false',
        'false',
      ]);
    });
  });

  describe('Custom items', () => {
    it('replaces the default content, with paragraphs and lists', async () => {
      const el = await render(
        html`<second-opinion-faq .items=${customItems}></second-opinion-faq>`,
      );
      expect(questions(el).map((b) => b.textContent.trim())).to.deep.equal([
        'First custom question',
        'Second custom question',
      ]);
      el.expand(0);
      await el.updateComplete;
      const panel = panelOf(el, questions(el)[0]);
      expect(panel.querySelector('p')!.textContent).to.equal('Alpha paragraph');
      expect([...panel.querySelectorAll('li')].map((li) => li.textContent)).to.deep.equal([
        'one',
        'two',
      ]);
    });

    it('shows markup as literal text', async () => {
      const payload = '<img src=x onerror=alert(1)>';
      const el = await render(
        html`<second-opinion-faq
          .items=${[{ question: `Q ${payload}`, answer: [payload, [`<b>${payload}</b>`]] }]}
        ></second-opinion-faq>`,
      );
      el.expand(0);
      await el.updateComplete;
      expect(questions(el)[0].textContent).to.include(payload);
      const panel = panelOf(el, questions(el)[0]);
      expect(panel.querySelector('p')!.textContent).to.equal(payload);
      expect(panel.querySelector('li')!.textContent).to.equal(`<b>${payload}</b>`);
      expect(root(el).querySelector('img, b')).to.equal(null);
    });

    it('keeps an answer open, by id, when the items are reordered', async () => {
      const el = await render(
        html`<second-opinion-faq .items=${customItems}></second-opinion-faq>`,
      );
      el.expand(1);
      await el.updateComplete;
      el.items = [customItems[1], customItems[0]];
      await el.updateComplete;
      const [first, second] = questions(el);
      expect(first.textContent).to.include('Second custom question');
      expect(first.getAttribute('aria-expanded')).to.equal('true');
      expect(second.getAttribute('aria-expanded')).to.equal('false');
    });

    it('goes back to the defaults when items is unset', async () => {
      const el = await render(
        html`<second-opinion-faq .items=${customItems}></second-opinion-faq>`,
      );
      el.items = undefined;
      await el.updateComplete;
      expect(questions(el)).to.have.length(6);
    });

    it('drops role="region" when more than six answers could be open', async () => {
      const many = Array.from({ length: 7 }, (_, i) => ({ question: `Q${i}`, answer: [`A${i}`] }));
      const el = await render(html`<second-opinion-faq .items=${many}></second-opinion-faq>`);
      el.expand(0);
      await el.updateComplete;
      expect(root(el).querySelectorAll('[role="region"]')).to.have.length(0);
      el.items = many.slice(0, 6);
      await el.updateComplete;
      expect(root(el).querySelectorAll('[role="region"]')).to.have.length(1);
    });
  });

  describe('Heading level', () => {
    const cases: [string, string][] = [
      ['2', 'h2'],
      ['5', 'h5'],
      ['6', 'h6'],
      ['1', 'h2'],
      ['9', 'h6'],
      ['abc', 'h3'],
    ];
    for (const [attribute, tag] of cases) {
      it(`heading-level="${attribute}" renders ${tag}`, async () => {
        const el = await fixture<SecondOpinionFaq>(
          `<second-opinion-faq heading-level="${attribute}"></second-opinion-faq>`,
        );
        const headings = [...root(el).querySelectorAll('[part="faq-heading"]')];
        expect(headings).to.have.length(6);
        expect(headings.every((h) => h.localName === tag)).to.equal(true);
        expect(headings[0].querySelector('button')).to.equal(questions(el)[0]);
      });
    }

    it('follows the headingLevel property and keeps open answers open', async () => {
      const el = await render();
      el.expand(1);
      el.headingLevel = 4;
      await el.updateComplete;
      const button = questions(el)[1];
      expect(button.parentElement!.localName).to.equal('h4');
      expect(button.getAttribute('aria-expanded')).to.equal('true');
      expect(answerVisible(el, button)).to.equal(true);
    });
  });

  describe('Layout', () => {
    it('fits 320 px without horizontal scrolling, in both directions', async () => {
      for (const dir of ['ltr', 'rtl']) {
        const el = await render(
          html`<second-opinion-faq
            dir=${dir}
            style="inline-size: 320px"
            .items=${[{ question: 'x'.repeat(80), answer: ['y'.repeat(120), ['z'.repeat(90)]] }]}
          ></second-opinion-faq>`,
        );
        el.expand(0);
        await el.updateComplete;
        const body = root(el).querySelector<HTMLElement>('.answer-body')!;
        expect(root(el).querySelector('button')!.scrollWidth).to.be.at.most(320);
        expect(body.scrollWidth).to.be.at.most(320);
        expect(answerVisible(el, questions(el)[0])).to.equal(true);
      }
    });
  });

  describe('Accessibility', () => {
    it('links each question and its open answer both ways', async () => {
      const el = await render();
      questions(el).forEach((_, index) => el.expand(index));
      await el.updateComplete;
      for (const button of questions(el)) {
        const panel = panelOf(el, button);
        expect(panel.getAttribute('role')).to.equal('region');
        expect(panel.getAttribute('aria-labelledby')).to.equal(button.id);
        expect(button.type).to.equal('button');
      }
    });

    it('makes an answer a region landmark only while it is open', async () => {
      const el = await render();
      const regions = async () => {
        const tree = (await a11ySnapshot({})) as unknown as AxNode;
        const found: string[] = [];
        const walk = (node: AxNode) => {
          if (node.role === 'region') found.push(node.name ?? '');
          node.children?.forEach(walk);
        };
        walk(tree);
        return found;
      };
      // Collapsed answers are not six named, empty landmarks.
      expect(await regions()).to.deep.equal([]);
      question(el, 'What is a second opinion?').click();
      await el.updateComplete;
      expect(await regions()).to.deep.equal(['What is a second opinion?']);
      question(el, 'What is a second opinion?').click();
      await el.updateComplete;
      expect(await regions()).to.deep.equal([]);
    });

    it('is accessible with every answer collapsed', async () => {
      const el = await render();
      await expect(el).to.be.accessible();
    });

    it('is accessible with every answer expanded', async () => {
      const el = await render();
      questions(el).forEach((_, index) => el.expand(index));
      await el.updateComplete;
      await aTimeout(0);
      await expect(el).to.be.accessible();
    });

    it('is accessible with custom items at heading level 2', async () => {
      const el = await render(
        html`<second-opinion-faq heading-level="2" .items=${customItems}></second-opinion-faq>`,
      );
      el.expand(0);
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });
  });
});
