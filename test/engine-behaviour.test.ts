/**
 * What only a real engine shows, checked in Chromium, Firefox and WebKit alike (see
 * docs/browsers.md): the engine's own validation of a host form, its own file input inside a
 * shadow root, `hidden="until-found"`, and what a phone's keyboard and zoom depend on.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../src/define.js';
import type { SecondOpinionDocuments } from '../src/elements/second-opinion-documents.js';
import type { SecondOpinionFaq } from '../src/elements/second-opinion-faq.js';
import { makeFile, sha256Of } from './attachment-fixtures.js';
import { chooseFiles } from './engine-commands.js';
import { deepActiveElement, until } from './helpers.js';
import { answer, clickContinue, intake, root } from './intake-flow.js';

type Control = HTMLElement & { updateComplete: Promise<unknown> };

/** A host page's form holding one required, untouched control and a submit button. */
async function hostForm(tag: string): Promise<{ form: HTMLFormElement; control: Control }> {
  const form = await fixture<HTMLFormElement>(html`<form><button>Send</button></form>`);
  const control = document.createElement(tag) as Control;
  control.setAttribute('name', tag.replace('second-opinion-', ''));
  control.setAttribute('required', '');
  form.prepend(control);
  await control.updateComplete;
  return { form, control };
}

describe('Engine behaviour', () => {
  describe('A host form the patient submits too early', () => {
    const firstFields = {
      'second-opinion-eligibility': 'reasons-',
      'second-opinion-documents': 'medical-record-extract-status-',
      'second-opinion-insurance': 'has-private-insurance-',
    };
    for (const [tag, idStart] of Object.entries(firstFields)) {
      it(`${tag}: the engine blocks the submit and takes focus to the first field to fix`, async () => {
        const { form, control } = await hostForm(tag);
        let submitted = false;
        form.addEventListener('submit', (event) => {
          submitted = true;
          event.preventDefault();
        });
        // The validity anchor must be able to take focus: otherwise Firefox logs "The invalid
        // form control … is not focusable" and no engine shows its validation bubble on it.
        form.querySelector('button')!.click();
        await control.updateComplete;
        expect(submitted).to.equal(false);
        const focused = deepActiveElement();
        expect(focused?.getRootNode()).to.equal(control.shadowRoot);
        expect(focused?.id.startsWith(idStart), focused?.id).to.equal(true);
        expect(control.matches(':invalid')).to.equal(true);
        // The error the widget shows is visible at the same time.
        expect(control.shadowRoot!.querySelector('.error')?.textContent).to.match(/\S/);
      });
    }
  });

  describe('Files', () => {
    it('takes files from the engine’s own file input inside the shadow root', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents></second-opinion-documents>`,
      );
      el.shadowRoot!.querySelector<HTMLInputElement>('#imaging-status-attached')!.click();
      await el.updateComplete;
      const scan = makeFile('dicom', 'ct-head.dcm', { size: 2048 });
      const letter = makeFile('pdf', 'letter.pdf', { size: 1500 });
      await chooseFiles('second-opinion-documents', 'imaging-files', [scan, letter]);
      await until(
        () => (el.value.find((entry) => entry.type === 'imaging')?.files?.length ?? 0) === 2,
        'the chosen files in the value',
      );
      const files = el.value.find((entry) => entry.type === 'imaging')!.files!;
      expect(files.map((file) => [file.name, file.size])).to.deep.equal([
        ['ct-head.dcm', 2048],
        ['letter.pdf', 1500],
      ]);
      expect(files[0].sha256).to.equal(await sha256Of(scan));
    });
  });

  describe('FAQ', () => {
    it('keeps a collapsed answer hidden until found, taking no space', async () => {
      const el = await fixture<SecondOpinionFaq>(html`<second-opinion-faq></second-opinion-faq>`);
      const panel = el.shadowRoot!.querySelector<HTMLElement>('[part="faq-answer"]')!;
      expect(panel.hidden).to.equal('until-found');
      // The engine knows the value: the panel stays in the tree for find-in-page, unpainted.
      expect(getComputedStyle(panel).contentVisibility).to.equal('hidden');
      expect(panel.getBoundingClientRect().height).to.equal(0);
    });
  });

  describe('Phones', () => {
    /** The contact step of an intake whose page asks for 14 px text. */
    async function contactStep() {
      const el = await intake();
      el.style.setProperty('--second-opinion-font-size', '14px');
      await clickContinue(el);
      answer(el, 'second-opinion-eligibility', {
        selected: ['verify-diagnosis'],
        motive: 'Is surgery really needed?',
      });
      await clickContinue(el);
      answer(el, 'second-opinion-documents', [
        { type: 'medical-record-extract', status: 'not-available', translationNeeded: false },
        { type: 'imaging', status: 'not-available', translationNeeded: false },
        { type: 'blood-tests', status: 'not-available', translationNeeded: false },
        { type: 'medications', status: 'not-available', translationNeeded: false },
        { type: 'other', status: 'not-available', translationNeeded: false },
      ]);
      await clickContinue(el);
      answer(el, 'second-opinion-insurance', { hasPrivateInsurance: false });
      await clickContinue(el);
      expect(el.step).to.equal('contact');
      return el;
    }

    it('asks each contact field with the keyboard and autofill a phone needs', async () => {
      const el = await contactStep();
      const shadow = root(el);
      shadow.querySelector<HTMLInputElement>('#requester-role-patient')!.click();
      await el.updateComplete;
      const field = (id: string) => {
        const input = shadow.querySelector<HTMLInputElement>(`#${id}`)!;
        // The keyboard a phone shows: `inputmode` when set, else the one the type implies; and
        // the autofill hint as written.
        return [input.type, input.inputMode || input.type, input.getAttribute('autocomplete')];
      };
      expect(field('patient-name')).to.deep.equal(['text', 'text', 'name']);
      expect(field('patient-email')).to.deep.equal(['email', 'email', 'email']);
      expect(field('patient-phone')).to.deep.equal(['tel', 'tel', 'tel']);
      // Date of birth: three text fields (GOV.UK memorable date) with the number pad.
      expect(field('patient-dateOfBirth-day')).to.deep.equal(['text', 'numeric', 'bday-day']);
      expect(field('patient-dateOfBirth-month')).to.deep.equal(['text', 'numeric', 'bday-month']);
      expect(field('patient-dateOfBirth-year')).to.deep.equal(['text', 'numeric', 'bday-year']);
    });

    it('keeps every field’s text at 16 px or more, so iOS does not zoom in', async () => {
      const el = await contactStep();
      const shadow = root(el);
      const fields = [
        ...shadow.querySelectorAll<HTMLElement>(
          'input:not([type="radio"], [type="checkbox"]), select, textarea',
        ),
      ];
      // Name, day, month, year, email, phone.
      expect(fields.length).to.equal(6);
      const small = fields
        .filter((field) => parseFloat(getComputedStyle(field).fontSize) < 16)
        .map((field) => `${field.id}: ${getComputedStyle(field).fontSize}`);
      expect(small).to.deep.equal([]);
      // The page's smaller size still reaches the rest of the text.
      expect(getComputedStyle(shadow.querySelector('label')!).fontSize).to.equal('14px');
    });
  });
});
