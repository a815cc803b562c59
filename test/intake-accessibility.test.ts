/**
 * Issue #12, "What patients read and hear": what the accessibility tree exposes, where the
 * keyboard goes, what a text-spacing override does, and what the messages say, in the intake.
 */
import { expect } from '@open-wc/testing';
import { a11ySnapshot, findAccessibilityNode, sendKeys } from '@web/test-runner-commands';
import '../src/define.js';
import type { SecondOpinionFaq } from '../src/elements/second-opinion-faq.js';
import { deepActiveElement, nextEvent, tabTo, tabToId, visibleText } from './helpers.js';
import {
  answer,
  button,
  check,
  clearServer,
  clickContinue,
  documentsAnswer,
  fillToReview,
  intake,
  readyToSend,
  root,
  typeDateOfBirth,
  typeInto,
} from './intake-flow.js';

/** A node of the accessibility tree as Chromium (through Puppeteer) reports it. */
interface AxNode {
  role: string;
  name?: string;
  focused?: boolean;
  required?: boolean;
  children?: AxNode[];
}

async function axTree(): Promise<AxNode> {
  return (await a11ySnapshot({})) as unknown as AxNode;
}

function axAll(tree: AxNode, test: (node: AxNode) => boolean): AxNode[] {
  const found: AxNode[] = [];
  const walk = (node: AxNode) => {
    if (test(node)) found.push(node);
    node.children?.forEach(walk);
  };
  walk(tree);
  return found;
}

function axFind(tree: AxNode, test: (node: AxNode) => boolean): AxNode | null {
  return findAccessibilityNode<AxNode>(tree as AxNode & { children: AxNode[] }, test);
}

/** The WCAG 1.4.12 text-spacing bookmarklet's style sheet (Steve Faulkner's). */
const TEXT_SPACING = `
  * { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
  p { margin-bottom: 2em !important; }
`;

/** Every shadow root inside `node`, deepest last. */
function shadowRoots(node: Element | ShadowRoot): ShadowRoot[] {
  return [...node.querySelectorAll('*')].flatMap((element) =>
    element.shadowRoot ? [element.shadowRoot, ...shadowRoots(element.shadowRoot)] : [],
  );
}

/**
 * Text cut off or spilling out of its box: an element whose content is wider than the element,
 * or a button whose text is taller than the button. Visually hidden text and fields that scroll
 * their own text are left out.
 */
function clippedText(el: Element): string[] {
  const problems: string[] = [];
  for (const shadow of [el.shadowRoot!, ...shadowRoots(el.shadowRoot!)]) {
    for (const element of shadow.querySelectorAll<HTMLElement>('*')) {
      if (element.closest('.visually-hidden, [hidden], style, svg')) continue;
      if (element.matches('input, textarea, select, option, progress')) continue;
      if (element.clientWidth === 0) continue;
      const name = `${element.localName}${element.id ? `#${element.id}` : ''}.${element.className}`;
      if (element.scrollWidth > element.clientWidth + 1) {
        problems.push(`${name}: ${element.scrollWidth} wide in ${element.clientWidth}`);
      }
      if (element.localName === 'button' && element.scrollHeight > element.clientHeight + 1) {
        problems.push(`${name}: text ${element.scrollHeight} high in ${element.clientHeight}`);
      }
    }
  }
  return problems;
}

/** A new intake with the steps before Contact answered, at Contact. */
async function atContact() {
  const el = await intake();
  await clickContinue(el);
  answer(el, 'second-opinion-eligibility', { selected: ['verify-diagnosis'], motive: 'Why?' });
  await clickContinue(el);
  answer(el, 'second-opinion-documents', documentsAnswer());
  await clickContinue(el);
  answer(el, 'second-opinion-insurance', { hasPrivateInsurance: false });
  await clickContinue(el);
  expect(el.step, visibleText(root(el))).to.equal('contact');
  return el;
}

/** From the contact step on: the patient's details, then Continue to the review. */
async function fillToReviewFromContact(el: Parameters<typeof root>[0]) {
  check(el, 'requester-role-patient');
  typeInto(el, 'patient-name', 'Nino Beridze');
  typeDateOfBirth(el, '27', '3', '1980');
  typeInto(el, 'patient-email', 'nino@example.com');
  await el.updateComplete;
  await clickContinue(el);
  expect(el.step, visibleText(root(el))).to.equal('review');
}

/** Somewhere for Tab to go after the widget, so a test never tabs out of the page. */
function afterWidget(): HTMLButtonElement {
  const after = document.createElement('button');
  after.textContent = 'After the widget';
  after.id = 'after-widget';
  return after;
}

beforeEach(clearServer);
afterEach(() => document.querySelector('#after-widget')?.remove());

describe('intake accessibility (issue #12)', () => {
  describe('Error summary', () => {
    it('is an alert that takes focus, announced again on every failed Continue', async () => {
      const el = await intake();
      await clickContinue(el);
      await clickContinue(el);
      const summary = root(el).querySelector<HTMLElement>('#error-summary')!;
      expect(deepActiveElement()).to.equal(summary);
      const tree = await axTree();
      const alert = axFind(tree, (node) => node.role === 'alert');
      expect(alert, 'an alert in the accessibility tree').to.exist;
      expect(alert!.focused).to.equal(true);
      // A generic may not be named: no aria-labelledby/aria-label on the summary.
      expect(summary.hasAttribute('aria-labelledby') || summary.hasAttribute('aria-label')).to.be
        .false;
      await clickContinue(el);
      const again = root(el).querySelector<HTMLElement>('#error-summary')!;
      expect(again, 'inserted anew, so the alert fires again').not.to.equal(summary);
      expect(deepActiveElement()).to.equal(again);
    });

    it('gains no lines while the patient edits: it is as of the last Continue', async () => {
      const el = await intake();
      await clickContinue(el);
      answer(el, 'second-opinion-eligibility', { selected: ['verify-diagnosis'], motive: 'Why?' });
      await clickContinue(el);
      answer(el, 'second-opinion-documents', documentsAnswer());
      await clickContinue(el);
      expect(el.step).to.equal('insurance');
      await clickContinue(el);
      const lines = () =>
        [...root(el).querySelectorAll('#error-summary li')].map((li) => li.textContent.trim());
      expect(lines()).to.deep.equal([
        'Choose an answer for “Do you have private health insurance?”.',
      ]);
      // "Yes" reveals the insurer's details: the alert does not interrupt with their errors.
      answer(el, 'second-opinion-insurance', { hasPrivateInsurance: true });
      await el.updateComplete;
      expect(lines()).to.deep.equal([]);
      await clickContinue(el);
      expect(lines().join(' ')).to.contain('insurance company');
    });
  });

  describe('Keyboard order', () => {
    for (const dir of ['ltr', 'rtl'] as const) {
      it(`Tab goes through Back, Continue in the order they are on screen (${dir})`, async () => {
        const el = await intake();
        el.dir = dir;
        el.after(afterWidget());
        await clickContinue(el);
        const back = button(el, 'back')!;
        const next = button(el, 'continue')!;
        const before = (a: Element, b: Element) =>
          dir === 'ltr'
            ? a.getBoundingClientRect().right <= b.getBoundingClientRect().left
            : a.getBoundingClientRect().left >= b.getBoundingClientRect().right;
        expect(before(back, next), 'Back is first in reading order').to.equal(true);
        await tabToId('back');
        await sendKeys({ press: 'Tab' });
        expect(deepActiveElement()).to.equal(next);
      });
    }
  });

  describe('Review', () => {
    it('names each Change button after what it changes', async () => {
      const el = await intake();
      await fillToReview(el);
      const names = axAll(await axTree(), (node) => node.role === 'button')
        .map((node) => node.name ?? '')
        .filter((name) => name.startsWith('Change'));
      expect(names).to.deep.equal([
        'Change Reasons and questions',
        'Change Medical documents',
        'Change Insurance',
        'Change Contact details',
      ]);
      // On screen it still says "Change": the rest is visually hidden.
      const hidden = root(el).querySelector('#change-reasons .visually-hidden')!;
      expect(hidden.textContent.trim()).to.equal('Reasons and questions');
      expect(hidden.getBoundingClientRect().width).to.be.at.most(1);
    });
  });

  describe('Receipt', () => {
    it('Tab from the focused heading goes on into the receipt', async () => {
      const el = await intake();
      el.after(afterWidget());
      await readyToSend(el);
      const success = nextEvent(el, 'intake-success');
      button(el, 'submit')!.click();
      await success;
      await el.updateComplete;
      expect(deepActiveElement()?.id).to.equal('step-heading');
      await sendKeys({ press: 'Tab' });
      const receipt = root(el).querySelector('[part="receipt"]')!;
      expect(receipt.contains(deepActiveElement()), 'focus is inside the receipt').to.equal(true);
      expect(deepActiveElement()?.textContent?.trim()).to.equal('Print or save this page');
    });
  });

  describe('Inline errors', () => {
    it('start with a visually hidden "Error:", not a warning sign', async () => {
      const el = await intake();
      await clickContinue(el);
      await clickContinue(el);
      const eligibility = root(el).querySelector('second-opinion-eligibility')!;
      const errors = [...eligibility.shadowRoot!.querySelectorAll<HTMLElement>('.error')];
      expect(errors.length).to.equal(2);
      for (const error of errors) {
        expect(getComputedStyle(error, '::before').content).to.equal('none');
        expect(error.textContent.trim()).to.match(/^Error: \S/);
        const prefix = error.querySelector('.visually-hidden')!;
        expect(prefix.textContent.trim()).to.equal('Error:');
        expect(prefix.getBoundingClientRect().width).to.be.at.most(1);
      }
      const names = axAll(await axTree(), (node) => node.role === 'paragraph' || !!node.name)
        .map((node) => node.name ?? '')
        .join('\n');
      expect(names).not.to.contain('⚠');
    });
  });

  describe('Text spacing (WCAG 1.4.12)', () => {
    let pageSheet: HTMLStyleElement | undefined;
    afterEach(() => pageSheet?.remove());

    it("lets the reader's text-spacing override reach the text inside the widget", async () => {
      const el = await intake();
      await clickContinue(el);
      await clickContinue(el);
      pageSheet = document.createElement('style');
      pageSheet.textContent = TEXT_SPACING;
      document.head.append(pageSheet);
      const fontSize = parseFloat(getComputedStyle(el).fontSize);
      const eligibility = root(el).querySelector('second-opinion-eligibility')!.shadowRoot!;
      for (const text of [
        root(el).querySelector('h2')!.nextElementSibling ?? root(el).querySelector('p')!,
        root(el).querySelector<HTMLElement>('#continue')!,
        eligibility.querySelector<HTMLElement>('label')!,
        eligibility.querySelector<HTMLElement>('textarea')!,
      ]) {
        const style = getComputedStyle(text);
        expect(parseFloat(style.letterSpacing), `${text.localName} letter-spacing`).to.be.closeTo(
          0.12 * fontSize,
          0.05,
        );
        expect(parseFloat(style.wordSpacing), `${text.localName} word-spacing`).to.be.closeTo(
          0.16 * fontSize,
          0.05,
        );
      }
      expect(getComputedStyle(root(el).querySelector('p')!).lineHeight).to.equal(
        `${1.5 * fontSize}px`,
      );
    });

    it('loses no text with the override applied to every element, at 320 px and wider', async () => {
      for (const width of ['320px', '640px']) {
        const el = await intake();
        el.style.width = width;
        el.partners = ['University Hospital Example'];
        pageSheet = document.createElement('style');
        pageSheet.textContent = TEXT_SPACING;
        document.head.append(pageSheet);
        // A reader's tool that reaches into every shadow root, the strictest case.
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(TEXT_SPACING);
        const applyEverywhere = () => {
          for (const shadow of [el.shadowRoot!, ...shadowRoots(el.shadowRoot!)]) {
            if (!shadow.adoptedStyleSheets.includes(sheet)) {
              shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
            }
          }
        };
        applyEverywhere();
        root(el).querySelector('second-opinion-faq')!.expand(0);
        await el.updateComplete;
        expect(clippedText(el), `first step at ${width}`).to.deep.equal([]);
        await fillToReview(el);
        applyEverywhere();
        expect(clippedText(el), `review at ${width}`).to.deep.equal([]);
        button(el, 'submit')!.click(); // without consent: the error summary and inline error
        await el.updateComplete;
        applyEverywhere();
        expect(clippedText(el), `errors at ${width}`).to.deep.equal([]);
        pageSheet.remove();
      }
    });
  });

  describe('Contact: fields revealed after a failed Continue', () => {
    /** The error summary's entries: their text, and whether each is a link. */
    const summaryEntries = (el: Element & { shadowRoot: ShadowRoot | null }) =>
      [...el.shadowRoot!.querySelectorAll('#error-summary li')].map((item) => ({
        text: item.textContent.trim(),
        link: item.querySelector('a') !== null,
      }));

    it('shows their errors only on the next Continue, and links every summary entry', async () => {
      const el = await atContact();
      await clickContinue(el); // nothing answered: errors
      expect(summaryEntries(el).length).to.be.greaterThan(0);
      expect(summaryEntries(el).every((entry) => entry.link)).to.equal(true);

      root(el).querySelector<HTMLInputElement>('#requester-role-proxy')!.click();
      await el.updateComplete;
      const relationship = root(el).querySelector<HTMLSelectElement>('#requester-relationship')!;
      const proxyName = root(el).querySelector<HTMLInputElement>('#requester-name')!;
      // Just revealed: no error yet, in the field or the summary.
      for (const field of [relationship, proxyName]) {
        expect(field.getAttribute('aria-invalid'), field.id).to.equal(null);
        expect(root(el).querySelector(`#${field.id}-error`), field.id).to.equal(null);
      }
      const texts = summaryEntries(el).map((entry) => entry.text);
      expect(texts.join(' ')).not.to.contain('relationship');
      expect(summaryEntries(el).every((entry) => entry.link)).to.equal(true);

      typeInto(el, 'patient-name', 'Nino Beridze');
      await clickContinue(el);
      expect(relationship.getAttribute('aria-invalid')).to.equal('true');
      expect(proxyName.getAttribute('aria-invalid')).to.equal('true');
      const entries = summaryEntries(el);
      expect(entries.map((entry) => entry.text).join(' ')).to.contain('relationship');
      expect(
        entries.every((entry) => entry.link),
        JSON.stringify(entries),
      ).to.equal(true);
      const link = [...root(el).querySelectorAll<HTMLAnchorElement>('#error-summary a')].find((a) =>
        a.textContent.includes('relationship'),
      )!;
      link.click();
      expect(deepActiveElement()).to.equal(relationship);
    });
  });

  describe('Date of birth (GOV.UK memorable date)', () => {
    async function atContactAsPatient() {
      const el = await atContact();
      check(el, 'requester-role-patient');
      typeInto(el, 'patient-name', 'Nino Beridze');
      typeInto(el, 'patient-email', 'nino@example.com');
      await el.updateComplete;
      return el;
    }
    const dateError = (el: Element & { shadowRoot: ShadowRoot | null }) =>
      el.shadowRoot!.querySelector('#patient-dateOfBirth-error')?.textContent?.trim() ?? '';
    const invalidParts = (el: Element & { shadowRoot: ShadowRoot | null }) =>
      ['day', 'month', 'year'].filter(
        (part) =>
          el
            .shadowRoot!.querySelector(`#patient-dateOfBirth-${part}`)!
            .getAttribute('aria-invalid') === 'true',
      );

    it('is three labelled, required text fields in a group named by the question', async () => {
      const el = await atContactAsPatient();
      const tree = await axTree();
      const fields = axAll(
        tree,
        (node) => node.role !== 'StaticText' && ['Day', 'Month', 'Year'].includes(node.name ?? ''),
      );
      expect(fields.map((node) => [node.role, node.name, node.required])).to.deep.equal([
        ['textbox', 'Day', true],
        ['textbox', 'Month', true],
        ['textbox', 'Year', true],
      ]);
      // Chromium's snapshot leaves groups out: the fieldset and its legend name them (HTML-AAM).
      const group = root(el).querySelector<HTMLFieldSetElement>('fieldset#patient-dateOfBirth')!;
      expect(group.querySelector(':scope > legend')!.textContent.trim()).to.equal(
        'Your date of birth',
      );
      expect(group.querySelectorAll('input')).to.have.length(3);
      expect(axAll(tree, (node) => node.role === 'spinbutton')).to.deep.equal([]);
      expect(visibleText(root(el).querySelector('#patient-dateOfBirth')!)).to.contain(
        'For example, 27 3 1980',
      );
      for (const part of ['day', 'month', 'year']) {
        const input = root(el).querySelector<HTMLInputElement>(`#patient-dateOfBirth-${part}`)!;
        expect(input.type).to.equal('text');
        expect(input.inputMode).to.equal('numeric');
        // The attribute as written: Firefox ESR 153's `autocomplete` property reads "" for the
        // bday-* tokens, though HTML's autofill table allows them on text fields.
        expect(input.getAttribute('autocomplete')).to.equal(`bday-${part}`);
      }
      // Someone else's date of birth is not the autofill of the person at the keyboard.
      check(el, 'requester-role-proxy');
      await el.updateComplete;
      expect(
        root(el)
          .querySelector<HTMLInputElement>('#patient-dateOfBirth-day')!
          .getAttribute('autocomplete'),
      ).to.equal('off');
    });

    it('says what is missing, marks only that field, and its summary link goes there', async () => {
      const el = await atContactAsPatient();
      await clickContinue(el);
      expect(dateError(el)).to.equal('Error: Fill in “Your date of birth”.');
      expect(invalidParts(el)).to.deep.equal(['day', 'month', 'year']);

      typeDateOfBirth(el, '27', '', '1980');
      await el.updateComplete;
      expect(dateError(el)).to.equal('Error: Your date of birth must include a month.');
      expect(invalidParts(el)).to.deep.equal(['month']);
      await clickContinue(el);
      const link = [...root(el).querySelectorAll<HTMLAnchorElement>('#error-summary a')].find((a) =>
        a.textContent.includes('must include a month'),
      )!;
      link.click();
      expect(deepActiveElement()?.id).to.equal('patient-dateOfBirth-month');

      typeDateOfBirth(el, '', '', '1980');
      await el.updateComplete;
      expect(dateError(el)).to.equal('Error: Your date of birth must include a day and month.');
      expect(invalidParts(el)).to.deep.equal(['day', 'month']);

      typeDateOfBirth(el, '31', '2', '1980');
      await el.updateComplete;
      expect(dateError(el)).to.equal('Error: Your date of birth must be a real date.');
      expect(invalidParts(el)).to.deep.equal(['day', 'month', 'year']);

      typeDateOfBirth(el, '1', '1', String(new Date().getFullYear() + 1));
      await el.updateComplete;
      expect(dateError(el)).to.contain('past');

      typeDateOfBirth(el, '27', '3', '1980');
      await el.updateComplete;
      expect(dateError(el)).to.equal('');
      await clickContinue(el);
      expect(el.step).to.equal('review');
      expect(visibleText(root(el))).to.contain('March 27, 1980');
    });
  });

  describe('Help from every step', () => {
    it('opens the FAQ in place from every later step, keeping the answers', async () => {
      const el = await intake();
      expect(root(el).querySelector('[part="help"]'), 'not on the FAQ step itself').to.equal(null);
      await clickContinue(el);
      answer(el, 'second-opinion-eligibility', { selected: ['verify-diagnosis'], motive: 'Why?' });
      await el.updateComplete;
      const summary = await tabTo((element) => element.localName === 'summary');
      expect(summary.textContent.trim()).to.equal('Help: about second opinions');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      const faq = root(el).querySelector<SecondOpinionFaq>('[part="help"] second-opinion-faq')!;
      expect(faq, 'the FAQ opens under the step').to.exist;
      await faq.updateComplete;
      const questions = axAll(await axTree(), (node) => node.role === 'button').map(
        (node) => node.name,
      );
      expect(questions).to.include('What is a second opinion?');
      expect(el.step).to.equal('reasons');
      expect(root(el).querySelector('second-opinion-eligibility')!.value.motive).to.equal('Why?');
      // Still there on the later steps, and the answers still go through.
      for (const step of ['documents', 'insurance', 'contact']) {
        if (step === 'insurance') answer(el, 'second-opinion-documents', documentsAnswer());
        if (step === 'contact')
          answer(el, 'second-opinion-insurance', { hasPrivateInsurance: false });
        await clickContinue(el);
        expect(el.step).to.equal(step);
        expect(root(el).querySelector('[part="help-summary"]'), step).to.exist;
      }
      await fillToReviewFromContact(el);
      expect(root(el).querySelector('[part="help-summary"]'), 'review').to.exist;
    });
  });
});
