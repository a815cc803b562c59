import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/define.js';
import type { SecondOpinionEligibility } from '../src/elements/second-opinion-eligibility.js';
import { REASON_IDS } from '../src/schema/constants.js';
import { clickIn, inlineErrors, shadowFocusId, typeIn, untilFocused } from './helpers.js';

const LEGEND = 'Why do you want a second opinion?';
const MOTIVE = 'What do you want the specialists to answer?';
const OTHER = 'Your other reason';
const REASONS_REQUIRED = `Select at least one option for “${LEGEND}”.`;
const MOTIVE_REQUIRED = `Fill in “${MOTIVE}”.`;
const OTHER_REQUIRED = `Fill in “${OTHER}”.`;

function shadow(el: SecondOpinionEligibility): ShadowRoot {
  return el.shadowRoot!;
}

function checkbox(el: SecondOpinionEligibility, id: string): HTMLInputElement {
  const input = shadow(el).querySelector<HTMLInputElement>(`#reasons-${id}`);
  if (!input) throw new Error(`no checkbox for ${id}`);
  return input;
}

function textarea(el: SecondOpinionEligibility, id: string): HTMLTextAreaElement {
  const control = shadow(el).querySelector<HTMLTextAreaElement>(`textarea#${id}`);
  if (!control) throw new Error(`no textarea #${id}`);
  return control;
}

function otherInput(el: SecondOpinionEligibility): HTMLInputElement | null {
  return shadow(el).querySelector<HTMLInputElement>('input#other');
}

function labelText(el: SecondOpinionEligibility, id: string): string {
  return (
    shadow(el).querySelector(`label[for="${id}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
  );
}

async function render(): Promise<SecondOpinionEligibility> {
  return fixture<SecondOpinionEligibility>(
    html`<second-opinion-eligibility></second-opinion-eligibility>`,
  );
}

async function renderInForm(attributes: { required?: boolean; disabled?: boolean } = {}) {
  const form = await fixture<HTMLFormElement>(html`
    <form>
      <fieldset>
        <second-opinion-eligibility
          name="eligibility"
          ?required=${attributes.required ?? false}
          ?disabled=${attributes.disabled ?? false}
        ></second-opinion-eligibility>
      </fieldset>
    </form>
  `);
  const el = form.querySelector('second-opinion-eligibility')!;
  await el.updateComplete;
  return { form, el };
}

describe('second-opinion-eligibility', () => {
  describe('Rendering', () => {
    it('lists the four reasons from the FAQ and "other" as checkboxes under the legend', async () => {
      const el = await render();
      expect(shadow(el).querySelector('fieldset#reasons legend')?.textContent).to.contain(LEGEND);
      const boxes = [...shadow(el).querySelectorAll<HTMLInputElement>('fieldset#reasons input')];
      expect(boxes.map((box) => box.type)).to.deep.equal(Array(5).fill('checkbox'));
      expect(boxes.map((box) => box.value)).to.deep.equal([...REASON_IDS]);
      expect(REASON_IDS.map((id) => labelText(el, `reasons-${id}`))).to.deep.equal([
        'Unsure whether the diagnosis or the treatment is right',
        'To have the existing diagnosis checked',
        'To make sure the patient is getting the right medical care',
        'The prescribed treatment is not helping',
        'Other reason',
      ]);
      expect(boxes.every((box) => !box.checked)).to.equal(true);
      expect(otherInput(el)).to.equal(null);
    });

    it('asks for the real motive (required) and the diagnosis (optional)', async () => {
      const el = await render();
      expect(labelText(el, 'motive')).to.equal(MOTIVE);
      expect(textarea(el, 'motive').required).to.equal(true);
      expect(labelText(el, 'diagnosis')).to.equal(
        'The diagnosis, as far as you know it (optional)',
      );
      expect(textarea(el, 'diagnosis').required).to.equal(false);
    });

    it('explains the FAQ advice on the motive, linked to its field', async () => {
      const el = await render();
      const describedBy = textarea(el, 'motive').getAttribute('aria-describedby') ?? '';
      const description = shadow(el).getElementById(describedBy.split(' ')[0]);
      expect(description?.textContent).to.contain('Tell us what worries you');
      expect(description?.textContent).to.contain('You do not have to justify');
    });

    it('shows a value set from outside, the "other" text included', async () => {
      const el = await render();
      el.value = { selected: ['verify-diagnosis', 'other'], other: 'Rare', motive: 'Is it right?' };
      await el.updateComplete;
      expect(checkbox(el, 'verify-diagnosis').checked).to.equal(true);
      expect(checkbox(el, 'other').checked).to.equal(true);
      expect(checkbox(el, 'treatment-not-helping').checked).to.equal(false);
      expect(otherInput(el)?.value).to.equal('Rare');
      expect(textarea(el, 'motive').value).to.equal('Is it right?');
    });
  });

  describe('User interaction', () => {
    it('checks a reason with Tab and Space', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`
        <div>
          <button>before</button>
          <second-opinion-eligibility></second-opinion-eligibility>
        </div>
      `);
      const el = wrapper.querySelector('second-opinion-eligibility')!;
      wrapper.querySelector('button')!.focus();
      await sendKeys({ press: 'Tab' });
      const first = checkbox(el, 'unsure-of-diagnosis-or-treatment');
      expect(shadowFocusId(el)).to.equal(first.id);

      let changes = 0;
      el.addEventListener('change', () => changes++);
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(first.checked).to.equal(true);
      expect(el.value.selected).to.deep.equal(['unsure-of-diagnosis-or-treatment']);
      expect(changes).to.equal(1);

      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(el.value.selected).to.deep.equal([
        'unsure-of-diagnosis-or-treatment',
        'verify-diagnosis',
      ]);
    });

    it('keeps the reasons in their listed order, whatever order they are ticked in', async () => {
      const el = await render();
      await clickIn(el, checkbox(el, 'treatment-not-helping'));
      await clickIn(el, checkbox(el, 'verify-diagnosis'));
      expect(el.value.selected).to.deep.equal(['verify-diagnosis', 'treatment-not-helping']);
      await clickIn(el, checkbox(el, 'treatment-not-helping'));
      expect(el.value.selected).to.deep.equal(['verify-diagnosis']);
    });

    it('reveals a required text field right after "other", and hides it again', async () => {
      const el = await render();
      await clickIn(el, checkbox(el, 'other'));
      const field = otherInput(el)!;
      expect(field).to.be.instanceOf(HTMLInputElement);
      expect(field.required).to.equal(true);
      expect(labelText(el, 'other')).to.equal(OTHER);
      const option = checkbox(el, 'other').closest('.option')!;
      expect(option.nextElementSibling?.classList.contains('nested')).to.equal(true);
      expect(option.nextElementSibling?.contains(field)).to.equal(true);

      await clickIn(el, checkbox(el, 'other'));
      expect(otherInput(el)).to.equal(null);
    });

    it('drops the "other" text from the value while unchecked and restores it when re-checked', async () => {
      const el = await render();
      await clickIn(el, checkbox(el, 'other'));
      await typeIn(el, otherInput(el)!, 'Second surgery');
      expect(el.value).to.deep.equal({ selected: ['other'], other: 'Second surgery', motive: '' });

      await clickIn(el, checkbox(el, 'other'));
      expect(el.value).to.deep.equal({ selected: [], motive: '' });

      await clickIn(el, checkbox(el, 'other'));
      expect(otherInput(el)!.value).to.equal('Second surgery');
      expect(el.value.other).to.equal('Second surgery');
    });

    it('does not bring back "other" text the patient deleted', async () => {
      const el = await render();
      el.value = { selected: ['other'], other: 'x', motive: '' };
      await el.updateComplete;
      otherInput(el)!.focus();
      await sendKeys({ press: 'Backspace' });
      await el.updateComplete;
      await clickIn(el, checkbox(el, 'other'));
      await clickIn(el, checkbox(el, 'other'));
      expect(otherInput(el)!.value).to.equal('');
      expect(el.value).to.deep.equal({ selected: ['other'], motive: '' });
    });

    it('needs the "other" text only while "other" is checked', async () => {
      const el = await render();
      await clickIn(el, checkbox(el, 'verify-diagnosis'));
      await typeIn(el, textarea(el, 'motive'), 'Is surgery needed?');
      expect(el.checkValidity()).to.equal(true);

      await clickIn(el, checkbox(el, 'other'));
      expect(el.checkValidity()).to.equal(false);
      expect(el.validationMessage).to.equal(OTHER_REQUIRED);

      await typeIn(el, otherInput(el)!, 'Family history');
      expect(el.checkValidity()).to.equal(true);
    });

    it('fires one input per keystroke and one change when a text field is left', async () => {
      const el = await render();
      const inputs: unknown[] = [];
      const changes: unknown[] = [];
      el.addEventListener('input', (event) => {
        expect(event.target).to.equal(el);
        inputs.push(structuredClone(el.value));
      });
      el.addEventListener('change', () => changes.push(structuredClone(el.value)));

      await typeIn(el, textarea(el, 'motive'), 'Why?');
      expect(inputs).to.have.length(4);
      expect(inputs.at(-1)).to.deep.equal({ selected: [], motive: 'Why?' });
      expect(changes).to.have.length(0);

      await sendKeys({ press: 'Tab' });
      await el.updateComplete;
      expect(changes).to.deep.equal([{ selected: [], motive: 'Why?' }]);
    });

    it('fires exactly one input and one change per ticked box', async () => {
      const el = await render();
      const events: string[] = [];
      el.addEventListener('input', () => events.push(`input:${el.value.selected.join()}`));
      el.addEventListener('change', () => events.push(`change:${el.value.selected.join()}`));
      const onDocumentInput = () => events.push('document-input');
      document.addEventListener('input', onDocumentInput);
      await clickIn(el, checkbox(el, 'ensure-adequate-care'));
      document.removeEventListener('input', onDocumentInput);
      expect(events).to.deep.equal([
        'input:ensure-adequate-care',
        'document-input',
        'change:ensure-adequate-care',
      ]);
    });
  });

  describe('Validation', () => {
    it('hides errors until reportValidity(), then shows them and focuses the first field', async () => {
      const el = await render();
      el.required = true;
      await el.updateComplete;
      expect(inlineErrors(el)).to.deep.equal([]);
      expect(el.checkValidity()).to.equal(false);
      expect(inlineErrors(el)).to.deep.equal([]);

      expect(el.reportValidity()).to.equal(false);
      await untilFocused(el, 'reasons-unsure-of-diagnosis-or-treatment');
      expect(inlineErrors(el)).to.deep.equal([REASONS_REQUIRED, MOTIVE_REQUIRED]);
      expect(shadowFocusId(el)).to.equal('reasons-unsure-of-diagnosis-or-treatment');
      expect(checkbox(el, 'verify-diagnosis').getAttribute('aria-invalid')).to.equal('true');
      const group = shadow(el).querySelector('fieldset#reasons')!;
      expect(group.getAttribute('aria-describedby')).to.contain('reasons-error');
      const motive = textarea(el, 'motive');
      expect(motive.getAttribute('aria-invalid')).to.equal('true');
      expect(motive.getAttribute('aria-describedby')).to.contain('motive-error');
    });

    it('focuses the "other" field when it is the only thing missing', async () => {
      const el = await render();
      await clickIn(el, checkbox(el, 'other'));
      await typeIn(el, textarea(el, 'motive'), 'Questions');
      expect(el.reportValidity()).to.equal(false);
      await untilFocused(el, 'other');
      expect(inlineErrors(el)).to.deep.equal([OTHER_REQUIRED]);
      expect(shadowFocusId(el)).to.equal('other');
    });

    it('focuses the first invalid field in reading order', async () => {
      const el = await render();
      await clickIn(el, checkbox(el, 'other'));
      el.reportValidity();
      await untilFocused(el, 'other');
      expect(inlineErrors(el)).to.deep.equal([OTHER_REQUIRED, MOTIVE_REQUIRED]);
      expect(shadowFocusId(el)).to.equal('other');
    });

    it('clears each error as soon as it is fixed', async () => {
      const el = await render();
      el.required = true;
      el.reportValidity();
      await el.updateComplete;

      await clickIn(el, checkbox(el, 'treatment-not-helping'));
      expect(inlineErrors(el)).to.deep.equal([MOTIVE_REQUIRED]);

      await typeIn(el, textarea(el, 'motive'), 'Alternatives?');
      expect(inlineErrors(el)).to.deep.equal([]);
      expect(textarea(el, 'motive').hasAttribute('aria-invalid')).to.equal(false);
      expect(el.reportValidity()).to.equal(true);
    });

    it('does not count spaces as an answer', async () => {
      const el = await render();
      await clickIn(el, checkbox(el, 'verify-diagnosis'));
      await typeIn(el, textarea(el, 'motive'), '   ');
      el.reportValidity();
      await el.updateComplete;
      expect(inlineErrors(el)).to.deep.equal([MOTIVE_REQUIRED]);
    });

    it('shows externalErrors at once and clears one when its field is edited', async () => {
      const el = await render();
      el.value = { selected: ['verify-diagnosis'], motive: 'Long text' };
      el.externalErrors = { motive: 'too-long', diagnosis: 'invalid' };
      await el.updateComplete;
      expect(inlineErrors(el)).to.deep.equal([
        `“${MOTIVE}” is too long. Please shorten it.`,
        'Check your answer for “The diagnosis, as far as you know it”.',
      ]);
      expect(el.checkValidity()).to.equal(false);

      await typeIn(el, textarea(el, 'motive'), '!');
      expect(inlineErrors(el)).to.deep.equal([
        'Check your answer for “The diagnosis, as far as you know it”.',
      ]);
      expect(el.externalErrors).to.deep.equal({ diagnosis: 'invalid' });
    });
  });

  // The form-control contract (name/value, required, reset, disabled, labels…) is checked for
  // every control in form-control-conformance.test.ts; here, only what is particular to this one.
  describe('Form association', () => {
    it('makes a started control complete itself even when not required', async () => {
      const { form, el } = await renderInForm();
      await clickIn(el, checkbox(el, 'verify-diagnosis'));
      expect(form.checkValidity()).to.equal(false);
      expect(el.validationMessage).to.equal(MOTIVE_REQUIRED);
    });

    it('empties on form.reset(), "other" text included', async () => {
      const { form, el } = await renderInForm({ required: true });
      await clickIn(el, checkbox(el, 'other'));
      await typeIn(el, otherInput(el)!, 'Pain');
      await clickIn(el, checkbox(el, 'other'));
      await typeIn(el, textarea(el, 'motive'), 'Why?');
      el.reportValidity();
      await el.updateComplete;

      form.reset();
      await el.updateComplete;
      expect(el.value).to.deep.equal({ selected: [], motive: '' });
      expect(textarea(el, 'motive').value).to.equal('');
      expect(inlineErrors(el)).to.deep.equal([]);
      expect(new FormData(form).get('eligibility')).to.equal(null);

      await clickIn(el, checkbox(el, 'other'));
      expect(otherInput(el)!.value).to.equal('');
    });

    it('restores a saved state, dropping reason ids it does not know', async () => {
      const { el } = await renderInForm();
      el.formStateRestoreCallback(
        JSON.stringify({
          selected: ['retired-reason', 'other', 'verify-diagnosis'],
          other: 'A',
          motive: 'B',
        }),
      );
      await el.updateComplete;
      expect(el.value).to.deep.equal({
        selected: ['verify-diagnosis', 'other'],
        other: 'A',
        motive: 'B',
      });
      expect(checkbox(el, 'verify-diagnosis').checked).to.equal(true);

      el.formStateRestoreCallback(JSON.stringify({ selected: 'other' }));
      expect(el.value.selected).to.deep.equal(['verify-diagnosis', 'other']);
    });
  });

  describe('Accessibility', () => {
    it('is accessible with errors hidden', async () => {
      const el = await render();
      await expect(el).to.be.accessible();
    });

    it('is accessible with "other" revealed and every error shown', async () => {
      const el = await render();
      el.required = true;
      await clickIn(el, checkbox(el, 'other'));
      el.reportValidity();
      await el.updateComplete;
      expect(inlineErrors(el)).to.deep.equal([OTHER_REQUIRED, MOTIVE_REQUIRED]);
      await expect(el).to.be.accessible();
    });

    it('is accessible with a reasons error shown', async () => {
      const el = await render();
      el.required = true;
      el.reportValidity();
      await el.updateComplete;
      expect(inlineErrors(el)).to.have.length(2);
      await expect(el).to.be.accessible();
    });

    it('is accessible when disabled', async () => {
      const { el } = await renderInForm({ disabled: true });
      await expect(el).to.be.accessible();
    });
  });
});
