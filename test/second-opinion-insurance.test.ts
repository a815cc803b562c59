import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/define.js';
import type { SecondOpinionInsurance } from '../src/elements/second-opinion-insurance.js';
import { clickIn, shadowFocusId, shadowQuery, textOf, typeIn, untilFocused } from './helpers.js';

const QUESTION = 'Do you have private health insurance?';
const INSURER_LABEL = 'Name of your insurance company';
const COVERAGE_QUESTION = 'Has your insurance company told you that it pays for a second opinion?';

async function click(el: SecondOpinionInsurance, id: string): Promise<void> {
  await clickIn(el, shadowQuery(el, `#${id}`));
}

async function typeInto(el: SecondOpinionInsurance, id: string, text: string): Promise<void> {
  await typeIn(el, shadowQuery(el, `#${id}`), text);
}

function shown(el: SecondOpinionInsurance, selector: string): boolean {
  return el.shadowRoot!.querySelector(selector) !== null;
}

async function insurance(template = html`<second-opinion-insurance></second-opinion-insurance>`) {
  return fixture<SecondOpinionInsurance>(template);
}

describe('second-opinion-insurance', () => {
  describe('Accessibility', () => {
    it('is accessible before an answer and with the required error shown', async () => {
      const el = await insurance(
        html`<second-opinion-insurance required></second-opinion-insurance>`,
      );
      await expect(el).to.be.accessible();

      el.reportValidity();
      await el.updateComplete;
      const error = shadowQuery(el, '#has-private-insurance-error');
      expect(error.textContent).to.equal(`Error: Choose an answer for “${QUESTION}”.`);
      expect(shadowQuery(el, '#has-private-insurance').getAttribute('aria-describedby')).to.equal(
        'has-private-insurance-error',
      );
      await expect(el).to.be.accessible();
    });

    it('is accessible with the details open, errors shown and hidden', async () => {
      const el = await insurance();
      await click(el, 'has-private-insurance-yes');
      await expect(el).to.be.accessible();

      el.reportValidity();
      await el.updateComplete;
      const insurer = shadowQuery<HTMLInputElement>(el, '#insurer');
      expect(insurer.getAttribute('aria-invalid')).to.equal('true');
      expect(insurer.getAttribute('aria-describedby')).to.equal(
        'insurer-description insurer-error',
      );
      expect(shadowQuery(el, '#insurer-error').textContent).to.equal(
        `Error: Fill in “${INSURER_LABEL}”.`,
      );
      expect(shadowQuery(el, '#coverage-confirmed').getAttribute('aria-describedby')).to.equal(
        'coverage-confirmed-error',
      );
      expect(shadowQuery(el, '#coverage-confirmed-error').textContent).to.equal(
        `Error: Choose an answer for “${COVERAGE_QUESTION}”.`,
      );
      await expect(el).to.be.accessible();
    });

    it('is accessible with the reassurance shown, and announces it politely', async () => {
      const el = await insurance();
      await click(el, 'has-private-insurance-yes');
      await click(el, 'coverage-confirmed-not-yet');
      const note = shadowQuery(el, '[part="reassurance"]');
      expect(note.closest('[role="status"]')).not.to.equal(null);
      expect(
        shadowQuery(el, '#coverage-confirmed-not-yet').getAttribute('aria-describedby'),
      ).to.equal('coverage-confirmed-not-yet-description');
      await expect(el).to.be.accessible();
    });

    it('is accessible when disabled', async () => {
      const el = await insurance(
        html`<second-opinion-insurance
          disabled
          .value=${{ hasPrivateInsurance: true }}
        ></second-opinion-insurance>`,
      );
      await expect(el).to.be.accessible();
    });

    it('marks the insurer and coverage as required, the policy number as optional', async () => {
      const el = await insurance();
      await click(el, 'has-private-insurance-yes');
      expect(shadowQuery<HTMLInputElement>(el, '#insurer').required).to.equal(true);
      expect(shadowQuery(el, 'label[for="insurer"]').textContent).not.to.contain('(optional)');
      expect(shadowQuery(el, 'label[for="policy-number"]').textContent).to.contain('(optional)');
      expect(shadowQuery(el, '#coverage-confirmed legend').textContent).not.to.contain(
        '(optional)',
      );
    });
  });

  describe('User interaction', () => {
    it('answers yes and no with the keyboard', async () => {
      const el = await insurance();
      await sendKeys({ press: 'Tab' });
      expect(shadowFocusId(el)).to.equal('has-private-insurance-yes');

      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(el.value).to.deep.equal({ hasPrivateInsurance: true });
      expect(shown(el, '#insurer')).to.equal(true);

      await sendKeys({ press: 'ArrowDown' });
      await el.updateComplete;
      expect(shadowFocusId(el)).to.equal('has-private-insurance-no');
      expect(shadowQuery<HTMLInputElement>(el, '#has-private-insurance-no').checked).to.equal(true);
      expect(el.value).to.deep.equal({ hasPrivateInsurance: false });
      expect(shown(el, '[part="details"]')).to.equal(false);
    });

    it('shows the advice, the insurer, the policy number and the coverage question only on yes', async () => {
      const el = await insurance();
      expect(textOf(el.shadowRoot!)).to.contain(QUESTION);
      expect(shown(el, '[part="advice"]')).to.equal(false);

      await click(el, 'has-private-insurance-yes');
      expect(shadowQuery(el, '[part="advice"]').textContent).to.equal(
        'Ask your insurance company whether your insurance pays for a second opinion.',
      );
      expect(shadowQuery(el, '#insurer').getAttribute('autocomplete')).to.equal('off');
      expect(shown(el, '#policy-number')).to.equal(true);
      expect(shadowQuery(el, '#coverage-confirmed legend').textContent).to.contain(
        COVERAGE_QUESTION,
      );
      expect(
        [...el.shadowRoot!.querySelectorAll('#coverage-confirmed label')].map((label) =>
          label.textContent?.trim(),
        ),
      ).to.deep.equal(['Yes, it pays', 'No, it does not pay', 'Not yet']);

      await click(el, 'has-private-insurance-no');
      expect(shown(el, '[part="advice"]')).to.equal(false);
      expect(shown(el, '#insurer')).to.equal(false);
    });

    it('applies the insurer and coverage rules only after yes', async () => {
      const el = await insurance();
      expect(el.checkValidity()).to.equal(true);

      await click(el, 'has-private-insurance-yes');
      expect(el.checkValidity()).to.equal(false);
      expect(el.validationMessage).to.equal(`Fill in “${INSURER_LABEL}”.`);
      // Errors wait until the patient tries to continue.
      expect(shown(el, '.error')).to.equal(false);

      await typeInto(el, 'insurer', 'Acme Health');
      expect(el.validationMessage).to.equal(`Choose an answer for “${COVERAGE_QUESTION}”.`);
      await click(el, 'coverage-confirmed-yes');
      expect(el.checkValidity()).to.equal(true);

      el.value = { hasPrivateInsurance: true, insurer: '   ' };
      await el.updateComplete;
      expect(el.checkValidity()).to.equal(false);

      await click(el, 'has-private-insurance-no');
      expect(el.checkValidity()).to.equal(true);
    });

    it('clears an inline error as soon as the patient fixes it', async () => {
      const el = await insurance();
      await click(el, 'has-private-insurance-yes');
      el.reportValidity();
      await el.updateComplete;
      expect(shown(el, '#insurer-error')).to.equal(true);

      await typeInto(el, 'insurer', 'A');
      expect(shown(el, '#insurer-error')).to.equal(false);
      expect(shown(el, '#coverage-confirmed-error')).to.equal(true);
    });

    it('keeps typed details through a no and restores them on yes', async () => {
      const el = await insurance();
      await click(el, 'has-private-insurance-yes');
      await typeInto(el, 'insurer', 'Acme Health');
      await typeInto(el, 'policy-number', 'P-123');
      await click(el, 'coverage-confirmed-not-yet');
      const answered = {
        hasPrivateInsurance: true,
        insurer: 'Acme Health',
        policyNumber: 'P-123',
        coverageConfirmed: 'not-yet',
      };
      expect(el.value).to.deep.equal(answered);

      await click(el, 'has-private-insurance-no');
      expect(el.value).to.deep.equal({ hasPrivateInsurance: false });
      expect(textOf(el.shadowRoot!)).not.to.contain('Acme Health');

      await click(el, 'has-private-insurance-yes');
      expect(el.value).to.deep.equal(answered);
      expect(shadowQuery<HTMLInputElement>(el, '#insurer').value).to.equal('Acme Health');
      expect(shadowQuery<HTMLInputElement>(el, '#policy-number').value).to.equal('P-123');
      expect(shadowQuery<HTMLInputElement>(el, '#coverage-confirmed-not-yet').checked).to.equal(
        true,
      );
    });

    it('drops a cleared text field from the value', async () => {
      const el = await insurance();
      await click(el, 'has-private-insurance-yes');
      await typeInto(el, 'policy-number', 'P');
      expect(el.value).to.deep.equal({ hasPrivateInsurance: true, policyNumber: 'P' });
      await sendKeys({ press: 'Backspace' });
      await el.updateComplete;
      expect(el.value).to.deep.equal({ hasPrivateInsurance: true });
    });

    it('reassures that the request can still be sent when coverage is not confirmed', async () => {
      const el = await insurance();
      await click(el, 'has-private-insurance-yes');
      expect(shown(el, '[part="reassurance"]')).to.equal(false);

      await click(el, 'coverage-confirmed-not-yet');
      expect(shadowQuery(el, '[part="reassurance"]').textContent).to.contain(
        'you can send your request now, and our team will help',
      );

      await click(el, 'coverage-confirmed-no');
      expect(shadowQuery(el, '[part="reassurance"]').textContent).to.equal(
        'You can still send your request. Our team will help you with the next steps.',
      );

      await click(el, 'coverage-confirmed-yes');
      expect(shown(el, '[part="reassurance"]')).to.equal(false);
    });
  });

  describe('Insurer preset', () => {
    it('names the insurer in the question and the advice, and prefills the field on yes', async () => {
      const el = await insurance(
        html`<second-opinion-insurance insurer="Aldagi"></second-opinion-insurance>`,
      );
      expect(shadowQuery(el, '#has-private-insurance legend').textContent).to.contain(
        'Do you have private health insurance, for example with Aldagi?',
      );

      await click(el, 'has-private-insurance-yes');
      expect(shadowQuery(el, '[part="advice"]').textContent).to.equal(
        'Ask Aldagi whether your insurance pays for a second opinion.',
      );
      expect(shadowQuery<HTMLInputElement>(el, '#insurer').value).to.equal('Aldagi');
      expect(el.value).to.deep.equal({ hasPrivateInsurance: true, insurer: 'Aldagi' });
    });

    it('does not overwrite an insurer the patient typed', async () => {
      const el = await insurance(
        html`<second-opinion-insurance insurer="Aldagi"></second-opinion-insurance>`,
      );
      await click(el, 'has-private-insurance-yes');
      const input = shadowQuery<HTMLInputElement>(el, '#insurer');
      input.focus();
      input.select();
      await sendKeys({ type: 'Other Insurer' });
      await click(el, 'has-private-insurance-no');
      await click(el, 'has-private-insurance-yes');
      expect(el.value.insurer).to.equal('Other Insurer');
    });

    it('renders a preset with markup as text', async () => {
      const preset = '<img src=x onerror="window.__insuranceInjected = true">';
      const el = await insurance(
        html`<second-opinion-insurance insurer=${preset}></second-opinion-insurance>`,
      );
      await click(el, 'has-private-insurance-yes');

      // No image element exists anywhere, so no `onerror` can ever run: nothing to wait for.
      expect(el.shadowRoot!.querySelector('img')).to.equal(null);
      expect(document.querySelector('img')).to.equal(null);
      expect(shadowQuery(el, '#has-private-insurance legend').textContent).to.contain(preset);
      expect(shadowQuery(el, '[part="advice"]').textContent).to.contain(preset);
      expect(shadowQuery<HTMLInputElement>(el, '#insurer').value).to.equal(preset);
      expect((window as { __insuranceInjected?: boolean }).__insuranceInjected).to.equal(undefined);
    });
  });

  describe('Events', () => {
    it('sends one input and one change from the host per choice', async () => {
      const parent = await fixture<HTMLDivElement>(
        html`<div><second-opinion-insurance></second-opinion-insurance></div>`,
      );
      const el = parent.querySelector('second-opinion-insurance')!;
      const seen: Event[] = [];
      parent.addEventListener('input', (event) => seen.push(event));
      parent.addEventListener('change', (event) => seen.push(event));

      await click(el, 'has-private-insurance-yes');
      expect(seen.map((event) => event.type)).to.deep.equal(['input', 'change']);
      expect(seen.every((event) => event.target === el)).to.equal(true);
      expect(seen[0].composed).to.equal(true);
      expect(el.value).to.deep.equal({ hasPrivateInsurance: true });
    });

    it('sends input per keystroke and change when the text field is left', async () => {
      const el = await insurance();
      await click(el, 'has-private-insurance-yes');
      let inputs = 0;
      let changes = 0;
      el.addEventListener('input', () => inputs++);
      el.addEventListener('change', () => changes++);

      await typeInto(el, 'insurer', 'Acme');
      expect([inputs, changes]).to.deep.equal([4, 0]);

      const changed = oneEvent(el, 'change');
      await sendKeys({ press: 'Tab' });
      await changed;
      expect(changes).to.equal(1);
      expect(el.value.insurer).to.equal('Acme');
    });

    it('does not fire when the value is set by the page', async () => {
      const el = await insurance();
      let events = 0;
      el.addEventListener('input', () => events++);
      el.addEventListener('change', () => events++);
      el.value = { hasPrivateInsurance: true, insurer: 'Acme' };
      await el.updateComplete;
      expect(events).to.equal(0);
      expect(shadowQuery<HTMLInputElement>(el, '#insurer').value).to.equal('Acme');
    });
  });

  describe('Validation', () => {
    it('shows the error of a field revealed after a failed check on the next check', async () => {
      const el = await fixture<SecondOpinionInsurance>(
        html`<second-opinion-insurance required></second-opinion-insurance>`,
      );
      expect(el.reportValidity()).to.equal(false);
      await el.updateComplete;
      expect(shown(el, '#has-private-insurance-error')).to.equal(true);
      await click(el, 'has-private-insurance-yes');
      // The insurer's details just appeared: no error on them yet (GOV.UK).
      expect(shown(el, '#insurer')).to.equal(true);
      expect(shown(el, '#insurer-error')).to.equal(false);
      expect(shadowQuery(el, '#insurer').getAttribute('aria-invalid')).to.equal(null);
      expect(el.visibleErrors).to.deep.equal([]);
      expect(el.reportValidity()).to.equal(false);
      await el.updateComplete;
      expect(shadowQuery(el, '#insurer-error').textContent).to.equal(
        `Error: Fill in “${INSURER_LABEL}”.`,
      );
      expect(shadowQuery(el, '#insurer').getAttribute('aria-invalid')).to.equal('true');
    });

    it('focuses the unanswered question on reportValidity', async () => {
      const el = await insurance(
        html`<second-opinion-insurance required></second-opinion-insurance>`,
      );
      expect(el.reportValidity()).to.equal(false);
      await untilFocused(el, 'has-private-insurance-yes');
      expect(shadowFocusId(el)).to.equal('has-private-insurance-yes');
    });

    it('focuses the first missing detail on reportValidity', async () => {
      const el = await insurance();
      await click(el, 'has-private-insurance-yes');
      expect(el.reportValidity()).to.equal(false);
      await untilFocused(el, 'insurer');
      expect(shadowFocusId(el)).to.equal('insurer');

      await typeInto(el, 'insurer', 'Acme');
      expect(el.reportValidity()).to.equal(false);
      await untilFocused(el, 'coverage-confirmed-yes');
      expect(shadowFocusId(el)).to.equal('coverage-confirmed-yes');

      expect(el.focusField('policyNumber')).to.equal(true);
      expect(shadowFocusId(el)).to.equal('policy-number');
    });

    it('shows external errors at once and clears one when its field is edited', async () => {
      const el = await insurance(
        html`<second-opinion-insurance
          .value=${{ hasPrivateInsurance: true, insurer: 'Acme', coverageConfirmed: 'yes' }}
          .externalErrors=${{ policyNumber: 'invalid', insurer: 'too-long' }}
        ></second-opinion-insurance>`,
      );
      expect(shadowQuery(el, '#policy-number-error').textContent).to.equal(
        'Error: Check your answer for “Policy number”.',
      );
      expect(shadowQuery(el, '#insurer-error').textContent).to.equal(
        `Error: “${INSURER_LABEL}” is too long. Please shorten it.`,
      );
      expect(shadowQuery(el, '#policy-number').getAttribute('aria-invalid')).to.equal('true');
      expect(el.checkValidity()).to.equal(false);
      await expect(el).to.be.accessible();

      await typeInto(el, 'policy-number', '7');
      expect(shown(el, '#policy-number-error')).to.equal(false);
      expect(shown(el, '#insurer-error')).to.equal(true);

      await click(el, 'has-private-insurance-no');
      expect(el.externalErrors).to.deep.equal({});
      expect(el.checkValidity()).to.equal(true);
    });
  });

  describe('Layout', () => {
    it('fits 320 px with a long insurer name and errors shown', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`
        <div style="inline-size: 320px">
          <second-opinion-insurance
            insurer="Georgian-International-Private-Health-Insurance-Company-Limited"
          ></second-opinion-insurance>
        </div>
      `);
      const el = wrapper.querySelector('second-opinion-insurance')!;
      await click(el, 'has-private-insurance-yes');
      await click(el, 'coverage-confirmed-not-yet');
      el.reportValidity();
      await el.updateComplete;
      const overflowing = [...el.shadowRoot!.querySelectorAll<HTMLElement>('*')].filter(
        (node) => node.getBoundingClientRect().right > wrapper.getBoundingClientRect().right + 1,
      );
      expect(overflowing.map((node) => node.id || node.className || node.tagName)).to.deep.equal(
        [],
      );
    });

    it('puts the details’ side line at the start edge in right-to-left', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`
        <div>
          <second-opinion-insurance
            dir="rtl"
            .value=${{ hasPrivateInsurance: true }}
          ></second-opinion-insurance>
        </div>
      `);
      const el = wrapper.querySelector('second-opinion-insurance')!;
      const details = getComputedStyle(shadowQuery(el, '[part="details"]'));
      expect(details.borderRightWidth).to.equal('3px');
      expect(details.borderLeftWidth).to.equal('0px');
    });
  });

  // The form-control contract (name/value, required, reset, disabled, labels…) is checked for
  // every control in form-control-conformance.test.ts; here, only what is particular to this one.
  describe('Form association', () => {
    async function inForm(attributes: { required?: boolean } = {}) {
      const form = await fixture<HTMLFormElement>(html`
        <form>
          <fieldset>
            <second-opinion-insurance
              name="insurance"
              ?required=${attributes.required}
            ></second-opinion-insurance>
          </fieldset>
        </form>
      `);
      return { form, el: form.querySelector('second-opinion-insurance')! };
    }

    it('resets to unanswered and forgets the kept details', async () => {
      const { form, el } = await inForm();
      await click(el, 'has-private-insurance-yes');
      await typeInto(el, 'insurer', 'Acme');
      await click(el, 'has-private-insurance-no');

      form.reset();
      await el.updateComplete;
      expect(el.value).to.deep.equal({});
      expect(shadowQuery<HTMLInputElement>(el, '#has-private-insurance-no').checked).to.equal(
        false,
      );

      await click(el, 'has-private-insurance-yes');
      expect(el.value).to.deep.equal({ hasPrivateInsurance: true });
      expect(shadowQuery<HTMLInputElement>(el, '#insurer').value).to.equal('');
    });

    it('disables every control with the disabled attribute', async () => {
      const el = await insurance(
        html`<second-opinion-insurance
          disabled
          .value=${{ hasPrivateInsurance: true }}
        ></second-opinion-insurance>`,
      );
      const controls = [...el.shadowRoot!.querySelectorAll('input')];
      expect(controls.length).to.be.greaterThan(4);
      expect(controls.every((control) => control.matches(':disabled'))).to.equal(true);
    });

    it('restores a saved state and ignores one it cannot read', async () => {
      const { el } = await inForm();
      el.formStateRestoreCallback(
        JSON.stringify({
          hasPrivateInsurance: true,
          insurer: 'Acme',
          coverageConfirmed: 'not-yet',
        }),
      );
      await el.updateComplete;
      expect(el.value).to.deep.equal({
        hasPrivateInsurance: true,
        insurer: 'Acme',
        coverageConfirmed: 'not-yet',
      });
      expect(shadowQuery<HTMLInputElement>(el, '#insurer').value).to.equal('Acme');
      expect(shadowQuery<HTMLInputElement>(el, '#coverage-confirmed-not-yet').checked).to.equal(
        true,
      );

      for (const bad of [
        '{"hasPrivateInsurance":"yes"}',
        '{"hasPrivateInsurance":true,"coverageConfirmed":"maybe"}',
        '{"hasPrivateInsurance":true,"insurer":42}',
        '[true]',
        'null',
        'not json',
      ]) {
        el.formStateRestoreCallback(bad);
        await el.updateComplete;
        expect(el.value, bad).to.deep.equal({
          hasPrivateInsurance: true,
          insurer: 'Acme',
          coverageConfirmed: 'not-yet',
        });
      }

      el.formStateRestoreCallback(JSON.stringify({ hasPrivateInsurance: false, insurer: 'Acme' }));
      await el.updateComplete;
      expect(el.value).to.deep.equal({ hasPrivateInsurance: false });
    });
  });
});
