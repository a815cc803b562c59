/**
 * The form-control contract, checked once for every control: each of the three works like a
 * native control inside a host page's `<form>` (name/value in the form data, `required`,
 * validity, reset, restore, `disabled` and a disabled fieldset, `labels`, `setCustomValidity()`,
 * one `input` and one `change` per edit). What is particular to one control (the "other" text,
 * files, the insurer's details) stays in that control's own test file.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../src/define.js';
import type { FormControlElement } from '../src/elements/shared/form-control.js';
import { DOCUMENT_TYPES } from '../src/schema/constants.js';
import { clickIn } from './helpers.js';

interface Conformance {
  tag: 'second-opinion-eligibility' | 'second-opinion-documents' | 'second-opinion-insurance';
  /** A complete, valid answer, as the control's `value` reads it back. */
  sample: object;
}

const CONTROLS: Conformance[] = [
  {
    tag: 'second-opinion-eligibility',
    sample: { selected: ['verify-diagnosis'], motive: 'Is the diagnosis right?' },
  },
  {
    tag: 'second-opinion-documents',
    sample: DOCUMENT_TYPES.map((type) => ({
      type,
      status: 'not-available',
      translationNeeded: false,
    })),
  },
  {
    tag: 'second-opinion-insurance',
    sample: { hasPrivateInsurance: false },
  },
];

type Control = FormControlElement<object>;

interface Mounted {
  form: HTMLFormElement;
  fieldset: HTMLFieldSetElement;
  el: Control;
  label: HTMLLabelElement;
}

/** The control inside a form and a fieldset, named `answer`, with a `<label for>` beside it. */
async function mount(
  tag: Conformance['tag'],
  options: { required?: boolean; disabled?: boolean } = {},
): Promise<Mounted> {
  const form = await fixture<HTMLFormElement>(html`<form><fieldset></fieldset></form>`);
  const fieldset = form.querySelector('fieldset')!;
  const label = document.createElement('label');
  label.htmlFor = 'the-control';
  label.textContent = 'Your answer';
  const el = document.createElement(tag) as unknown as Control;
  el.id = 'the-control';
  el.setAttribute('name', 'answer');
  el.toggleAttribute('required', options.required ?? false);
  el.toggleAttribute('disabled', options.disabled ?? false);
  fieldset.append(label, el);
  await el.updateComplete;
  return { form, fieldset, el, label };
}

async function setValue(el: Control, value: object): Promise<void> {
  el.value = value;
  await el.updateComplete;
}

const submitted = (form: HTMLFormElement) => new FormData(form).get('answer');

/** The controls the patient operates, inside the control's shadow root. */
const innerControls = (el: Control) => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>('input, select, textarea, button'),
];

for (const { tag, sample } of CONTROLS) {
  describe(`${tag} as a form control`, () => {
    it('reads back a valid sample value as it was given', async () => {
      const { el } = await mount(tag);
      await setValue(el, sample);
      expect(el.value).to.deep.equal(sample);
    });

    it('gives the form its value as JSON under `name`, nothing while untouched', async () => {
      const { form, el } = await mount(tag);
      expect(submitted(form)).to.equal(null);
      await setValue(el, sample);
      const data = submitted(form);
      expect(data).to.equal(JSON.stringify(el.value));
      expect(JSON.parse(data as string)).to.deep.equal(sample);

      el.setAttribute('name', 'renamed');
      await el.updateComplete;
      expect(new FormData(form).get('renamed')).to.equal(JSON.stringify(el.value));
    });

    it('is invalid untouched when required, with a message, and valid once answered', async () => {
      const { form, el } = await mount(tag, { required: true });
      expect(el.willValidate).to.equal(true);
      expect(el.checkValidity()).to.equal(false);
      expect(form.checkValidity()).to.equal(false);
      expect(el.validity.valid).to.equal(false);
      expect(el.validity.customError).to.equal(true);
      expect(el.validationMessage).to.be.a('string').and.not.equal('');

      await setValue(el, sample);
      expect(el.checkValidity()).to.equal(true);
      expect(form.checkValidity()).to.equal(true);
      expect(el.validity.valid).to.equal(true);
      expect(el.validationMessage).to.equal('');
    });

    it('is valid untouched when not required', async () => {
      const { form, el } = await mount(tag);
      expect(el.validity.valid).to.equal(true);
      expect(el.validationMessage).to.equal('');
      expect(form.checkValidity()).to.equal(true);
    });

    it('blocks an invalid form’s submit and shows its errors', async () => {
      const { form, el } = await mount(tag, { required: true });
      let submits = 0;
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        submits += 1;
      });
      expect(el.visibleErrors).to.deep.equal([]);
      form.requestSubmit();
      await el.updateComplete;
      expect(submits).to.equal(0);
      expect(el.visibleErrors.length).to.be.greaterThan(0);
      expect(el.visibleErrors[0].message).to.equal(el.validationMessage);

      await setValue(el, sample);
      form.requestSubmit();
      expect(submits).to.equal(1);
    });

    it('empties on form.reset(), errors hidden again', async () => {
      const { form, el } = await mount(tag, { required: true });
      const untouched = el.value;
      el.reportValidity();
      await setValue(el, sample);
      expect(submitted(form)).to.not.equal(null);

      form.reset();
      await el.updateComplete;
      expect(el.value).to.deep.equal(untouched);
      expect(submitted(form)).to.equal(null);
      expect(el.visibleErrors).to.deep.equal([]);
      expect(el.validity.valid, 'still required').to.equal(false);
    });

    it('restores a saved form state and ignores one it cannot read', async () => {
      const { form, el } = await mount(tag);
      el.formStateRestoreCallback(JSON.stringify(sample));
      await el.updateComplete;
      expect(el.value).to.deep.equal(sample);
      expect(JSON.parse(submitted(form) as string)).to.deep.equal(sample);

      for (const unreadable of ['not json', 'null', '42', null]) {
        el.formStateRestoreCallback(unreadable);
        await el.updateComplete;
        expect(el.value, String(unreadable)).to.deep.equal(sample);
      }
    });

    it('is disabled by its `disabled` attribute: inert, not validated, not submitted', async () => {
      const { form, el } = await mount(tag, { required: true, disabled: true });
      expect(el.matches(':disabled')).to.equal(true);
      expect(el.willValidate).to.equal(false);
      expect(form.checkValidity()).to.equal(true);
      expect(innerControls(el).length).to.be.greaterThan(0);
      expect(innerControls(el).every((control) => control.matches(':disabled'))).to.equal(true);

      await setValue(el, sample);
      expect(submitted(form)).to.equal(null);

      el.disabled = false;
      await el.updateComplete;
      expect(el.matches(':disabled')).to.equal(false);
      expect(JSON.parse(submitted(form) as string)).to.deep.equal(sample);
    });

    it('follows a disabled fieldset around it (formDisabledCallback)', async () => {
      const { form, fieldset, el } = await mount(tag, { required: true });
      fieldset.disabled = true;
      await el.updateComplete;
      expect(el.matches(':disabled')).to.equal(true);
      expect(form.checkValidity()).to.equal(true);
      expect(innerControls(el).every((control) => control.matches(':disabled'))).to.equal(true);
      await setValue(el, sample);
      expect(submitted(form)).to.equal(null);

      fieldset.disabled = false;
      await el.updateComplete;
      expect(innerControls(el).some((control) => control.matches(':disabled'))).to.equal(false);
      expect(JSON.parse(submitted(form) as string)).to.deep.equal(sample);
    });

    it('lists the `<label for>` that points at it in `labels`', async () => {
      const { el, label } = await mount(tag);
      const elsewhere = document.createElement('label');
      elsewhere.htmlFor = 'another-control';
      label.before(elsewhere);
      expect([...el.labels]).to.deep.equal([label]);
      expect(label.control).to.equal(el);
    });

    it('takes a custom error through setCustomValidity(), and clears it with ""', async () => {
      const { form, el } = await mount(tag);
      await setValue(el, sample);
      el.setCustomValidity('This clinic needs the answer again.');
      expect(el.validity.valid).to.equal(false);
      expect(el.validity.customError).to.equal(true);
      expect(el.validationMessage).to.equal('This clinic needs the answer again.');
      expect(el.checkValidity()).to.equal(false);
      expect(form.checkValidity()).to.equal(false);

      // Kept through an edit of the value, as on a native control.
      await setValue(el, structuredClone(sample));
      expect(el.validationMessage).to.equal('This clinic needs the answer again.');

      el.setCustomValidity('');
      expect(el.validity.valid).to.equal(true);
      expect(el.validationMessage).to.equal('');
      expect(form.checkValidity()).to.equal(true);
    });

    it('combines a custom error with its own errors', async () => {
      const { el } = await mount(tag, { required: true });
      const own = el.validationMessage;
      expect(own).to.not.equal('');
      el.setCustomValidity('Custom');
      expect(el.validationMessage).to.equal('Custom');
      el.setCustomValidity('');
      expect(el.validity.valid, 'its own error remains').to.equal(false);
      expect(el.validationMessage).to.equal(own);
    });

    it('fires one input and one change on the host for one edit', async () => {
      const { el } = await mount(tag);
      const events: string[] = [];
      const listening = new AbortController();
      for (const type of ['input', 'change']) {
        // On the document: the page sees the host's events only, none from the inner controls.
        document.addEventListener(
          type,
          (event) => events.push(event.target === el ? type : `${type} from inside`),
          { signal: listening.signal },
        );
      }
      const before = el.value;
      const choice = el.shadowRoot!.querySelector<HTMLInputElement>(
        'input[type="radio"], input[type="checkbox"]',
      )!;
      try {
        await clickIn(el, choice);
      } finally {
        listening.abort();
      }
      expect(el.value).to.not.deep.equal(before);
      expect(events).to.deep.equal(['input', 'change']);
    });
  });
}
