import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/define.js';
import type { SecondOpinionDocuments } from '../src/elements/second-opinion-documents.js';
import type { DocumentEntry } from '../src/schema/documents.js';

const ALL_TYPES = ['medical-record-extract', 'imaging', 'blood-tests', 'medications', 'other'];

function root(el: SecondOpinionDocuments): ShadowRoot {
  return el.shadowRoot!;
}

function rowOf(el: SecondOpinionDocuments, type: string): HTMLFieldSetElement {
  const row = root(el).querySelector(`#${type}-status`)?.closest<HTMLFieldSetElement>('.row');
  if (!row) throw new Error(`no row for ${type}`);
  return row;
}

function text(node: Node): string {
  return (node.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function radio(el: SecondOpinionDocuments, type: string, status: string): HTMLInputElement {
  return root(el).querySelector<HTMLInputElement>(`#${type}-status-${status}`)!;
}

function languageSelect(el: SecondOpinionDocuments, type: string): HTMLSelectElement | null {
  return root(el).querySelector<HTMLSelectElement>(`#${type}-language`);
}

function notice(el: SecondOpinionDocuments, type: string): HTMLElement | null {
  return rowOf(el, type).querySelector<HTMLElement>('[part="translation-notice"]');
}

async function choose(el: SecondOpinionDocuments, type: string, status: string): Promise<void> {
  radio(el, type, status).click();
  await el.updateComplete;
}

/** What a patient does with a select: pick an option, which fires `change`. */
async function chooseLanguage(
  el: SecondOpinionDocuments,
  type: string,
  language: string,
): Promise<void> {
  const select = languageSelect(el, type)!;
  select.value = language;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await el.updateComplete;
}

function entry(el: SecondOpinionDocuments, type: string): DocumentEntry {
  return el.value.find((item) => item.type === type)!;
}

describe('second-opinion-documents', () => {
  describe('Rendering', () => {
    it('shows one row per document type, in order, each with a legend and a description', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents></second-opinion-documents>`,
      );
      const rows = [...root(el).querySelectorAll<HTMLFieldSetElement>('fieldset[part="row"]')];
      expect(rows.map((row) => row.querySelector('[id$="-status"]')!.id)).to.deep.equal(
        ALL_TYPES.map((type) => `${type}-status`),
      );
      expect(rows.map((row) => text(row.querySelector('legend')!))).to.deep.equal([
        'Medical record extract or discharge summary',
        'Imaging: X-ray, CT, MRI or ultrasound',
        'Blood test results',
        'List of prescribed medications',
        'Other medical records',
      ]);
      for (const row of rows) {
        const description = root(el).getElementById(row.getAttribute('aria-describedby')!);
        expect(description ? text(description) : '').to.not.equal('');
      }
    });

    it('explains the medical record extract as Form No. 100', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents></second-opinion-documents>`,
      );
      const row = text(rowOf(el, 'medical-record-extract'));
      expect(row).to.contain('Form No. 100');
      expect(row).to.contain('IV-100/a');
      expect(row).to.contain('diagnosis, tests and treatment');
    });

    it('asks for every record and states the language rule, naming the country when known', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents></second-opinion-documents>`,
      );
      const intro = () => text(root(el).querySelector('.intro')!);
      expect(intro()).to.contain('all the medical records you have');
      expect(intro()).to.contain(
        'English or in the language of the country that provides the second opinion',
      );
      el.serviceCountry = 'de';
      await el.updateComplete;
      expect(intro()).to.contain('Documents must be in one of these languages: English or German');
    });

    it('shows only the rows listed in `types`, in that order', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents
          .types=${['blood-tests', 'imaging']}
        ></second-opinion-documents>`,
      );
      const rows = [...root(el).querySelectorAll('fieldset[part="row"] > legend')].map(text);
      expect(rows).to.deep.equal(['Blood test results', 'Imaging: X-ray, CT, MRI or ultrasound']);
      expect(el.value).to.deep.equal([
        { type: 'blood-tests', translationNeeded: false },
        { type: 'imaging', translationNeeded: false },
      ]);
    });
  });

  describe('User interaction', () => {
    it('records a status chosen with a click and tells the page', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents></second-opinion-documents>`,
      );
      let inputs = 0;
      el.addEventListener('input', () => inputs++);
      const change = oneEvent(el, 'change');
      radio(el, 'blood-tests', 'not-available').click();
      await change;
      expect(inputs).to.equal(1);
      expect(entry(el, 'blood-tests')).to.deep.equal({
        type: 'blood-tests',
        status: 'not-available',
        translationNeeded: false,
      });
      expect(radio(el, 'blood-tests', 'not-available').checked).to.equal(true);
    });

    it('moves between statuses with the arrow keys', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents></second-opinion-documents>`,
      );
      radio(el, 'imaging', 'attached').focus();
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(entry(el, 'imaging').status).to.equal('attached');

      await sendKeys({ press: 'ArrowDown' });
      await el.updateComplete;
      expect(entry(el, 'imaging').status).to.equal('will-send-later');
      expect(root(el).activeElement).to.equal(radio(el, 'imaging', 'will-send-later'));

      await sendKeys({ press: 'ArrowDown' });
      await el.updateComplete;
      expect(entry(el, 'imaging').status).to.equal('not-available');
      // Arrow keys stay within the row's own group.
      expect(entry(el, 'medications').status).to.equal(undefined);
    });

    it('asks for the language only for a document the patient has or will send', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents></second-opinion-documents>`,
      );
      expect(languageSelect(el, 'medications')).to.equal(null);
      await choose(el, 'medications', 'attached');
      expect(languageSelect(el, 'medications')).to.not.equal(null);
      await choose(el, 'medications', 'not-available');
      expect(languageSelect(el, 'medications')).to.equal(null);
      await choose(el, 'medications', 'will-send-later');
      expect(languageSelect(el, 'medications')).to.not.equal(null);
      expect(root(el).querySelector(`label[for="medications-language"]`)).to.not.equal(null);
    });

    it('offers English first, names languages, and ends with "Another language"', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents service-country="DE"></second-opinion-documents>`,
      );
      await choose(el, 'imaging', 'attached');
      const options = [...languageSelect(el, 'imaging')!.options].map((option) => ({
        value: option.value,
        label: text(option),
      }));
      expect(options[1]).to.deep.equal({ value: 'en', label: 'English' });
      expect(options[2]).to.deep.equal({ value: 'de', label: 'German' });
      expect(options).to.deep.include({ value: 'ka', label: 'Georgian' });
      expect(options.at(-1)).to.deep.equal({ value: 'other', label: 'Another language' });
    });

    it('keeps a hidden language out of the value and brings it back with the field', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents></second-opinion-documents>`,
      );
      await choose(el, 'blood-tests', 'attached');
      await chooseLanguage(el, 'blood-tests', 'ka');
      expect(entry(el, 'blood-tests')).to.deep.equal({
        type: 'blood-tests',
        status: 'attached',
        language: 'ka',
        translationNeeded: true,
      });

      await choose(el, 'blood-tests', 'not-available');
      expect(entry(el, 'blood-tests')).to.deep.equal({
        type: 'blood-tests',
        status: 'not-available',
        translationNeeded: false,
      });
      expect(notice(el, 'blood-tests')).to.equal(null);

      await choose(el, 'blood-tests', 'will-send-later');
      expect(languageSelect(el, 'blood-tests')!.value).to.equal('ka');
      expect(entry(el, 'blood-tests').language).to.equal('ka');
    });
  });

  describe('Translation', () => {
    it('needs no translation for English or the service country’s language', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents service-country="DE"></second-opinion-documents>`,
      );
      await choose(el, 'imaging', 'attached');
      await chooseLanguage(el, 'imaging', 'de');
      await choose(el, 'blood-tests', 'attached');
      await chooseLanguage(el, 'blood-tests', 'en');
      expect(entry(el, 'imaging').translationNeeded).to.equal(false);
      expect(entry(el, 'blood-tests').translationNeeded).to.equal(false);
      expect(notice(el, 'imaging')).to.equal(null);
      expect(notice(el, 'blood-tests')).to.equal(null);
    });

    it('says clearly that a document in another language needs a translation', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents service-country="DE"></second-opinion-documents>`,
      );
      const region = rowOf(el, 'medications').querySelector('[aria-live="polite"]');
      expect(region, 'live region present before the notice').to.not.equal(null);

      await choose(el, 'medications', 'attached');
      await chooseLanguage(el, 'medications', 'ka');
      await choose(el, 'other', 'will-send-later');
      await chooseLanguage(el, 'other', 'other');

      expect(entry(el, 'medications').translationNeeded).to.equal(true);
      expect(entry(el, 'other').translationNeeded).to.equal(true);
      const shown = notice(el, 'medications')!;
      expect(shown.parentElement).to.equal(region);
      expect(text(shown)).to.contain('Translation needed');
      expect(text(shown)).to.contain('English or German');
      expect(text(shown)).to.contain('needs a translation into one of these languages');
      expect(notice(el, 'other')).to.not.equal(null);
    });

    it('names English alone when no service country is set', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents></second-opinion-documents>`,
      );
      await choose(el, 'imaging', 'attached');
      await chooseLanguage(el, 'imaging', 'de');
      expect(entry(el, 'imaging').translationNeeded).to.equal(true);
      const shown = text(notice(el, 'imaging')!);
      expect(shown).to.contain('documents in English,');
      expect(shown).to.contain('translation into English');
    });

    it('recomputes when the service country changes, in any letter case', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents service-country="de"></second-opinion-documents>`,
      );
      expect(el.serviceCountry).to.equal('DE');
      el.value = [
        { type: 'imaging', status: 'attached', language: 'ka', translationNeeded: false },
        { type: 'blood-tests', status: 'attached', language: 'de', translationNeeded: true },
      ];
      await el.updateComplete;
      expect(entry(el, 'imaging').translationNeeded).to.equal(true);
      expect(entry(el, 'blood-tests').translationNeeded).to.equal(false);
      let changes = 0;
      el.addEventListener('change', () => changes++);

      el.setAttribute('service-country', 'ge');
      await el.updateComplete;
      expect(entry(el, 'imaging').translationNeeded).to.equal(false);
      expect(entry(el, 'blood-tests').translationNeeded).to.equal(true);
      expect(notice(el, 'imaging')).to.equal(null);
      expect(text(notice(el, 'blood-tests')!)).to.contain('English or Georgian');
      expect(changes, 'not an edit of the patient').to.equal(0);
    });
  });

  describe('Validation', () => {
    it('shows an error on every unanswered row and focuses the first', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents required></second-opinion-documents>`,
      );
      expect(root(el).querySelector('[part="error"]')).to.equal(null);
      expect(el.reportValidity()).to.equal(false);
      await el.updateComplete;
      await aTimeout(0);
      const errors = [...root(el).querySelectorAll('.row [part="error"]')].map(text);
      expect(errors).to.have.length(5);
      expect(errors[2]).to.contain('Choose an answer for “Status of: Blood test results”');
      expect(root(el).activeElement?.id).to.equal('medical-record-extract-status-attached');
      const group = root(el).querySelector('#blood-tests-status')!;
      expect(group.getAttribute('aria-describedby')).to.contain('blood-tests-status-error');
      expect(radio(el, 'blood-tests', 'attached').getAttribute('aria-invalid')).to.equal('true');
    });

    it('asks for the language of a document the patient has, and clears the error once chosen', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents .types=${['blood-tests']}></second-opinion-documents>`,
      );
      expect(el.reportValidity(), 'untouched and not required').to.equal(true);
      await choose(el, 'blood-tests', 'attached');
      expect(el.reportValidity()).to.equal(false);
      await el.updateComplete;
      await aTimeout(0);
      const select = languageSelect(el, 'blood-tests')!;
      expect(text(rowOf(el, 'blood-tests'))).to.contain(
        'Choose an answer for “Language of: Blood test results”',
      );
      expect(select.getAttribute('aria-invalid')).to.equal('true');
      expect(root(el).activeElement).to.equal(select);

      await chooseLanguage(el, 'blood-tests', 'en');
      expect(root(el).querySelector('[part="error"]')).to.equal(null);
      expect(el.checkValidity()).to.equal(true);
    });

    it('shows an external error keyed "2.language" on that row', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents></second-opinion-documents>`,
      );
      el.value = [
        { type: 'blood-tests', status: 'attached', language: 'ka', translationNeeded: true },
      ];
      el.externalErrors = { '2.language': 'invalid-choice' };
      await el.updateComplete;
      const select = languageSelect(el, 'blood-tests')!;
      const error = root(el).querySelector('#blood-tests-language-error')!;
      expect(text(error)).to.contain('“Language of: Blood test results”');
      expect(select.getAttribute('aria-invalid')).to.equal('true');
      expect(rowOf(el, 'imaging').querySelector('[part="error"]')).to.equal(null);
      expect(el.validity.valid).to.equal(false);
      expect(el.focusField('2.language')).to.equal(true);
      expect(root(el).activeElement).to.equal(select);

      await chooseLanguage(el, 'blood-tests', 'de');
      expect(root(el).querySelector('#blood-tests-language-error')).to.equal(null);
      expect(el.externalErrors).to.deep.equal({});
    });

    it('shows a language error on the status while the language field is hidden', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents></second-opinion-documents>`,
      );
      el.value = [{ type: 'imaging', status: 'not-available', translationNeeded: false }];
      el.externalErrors = { '1.language': 'invalid' };
      await el.updateComplete;
      expect(text(root(el).querySelector('#imaging-status-error')!)).to.contain(
        '“Status of: Imaging: X-ray, CT, MRI or ultrasound”',
      );
      expect(el.focusField('1.language')).to.equal(true);
      expect(root(el).activeElement?.closest('fieldset')?.id).to.equal('imaging-status');
    });
  });

  describe('Value', () => {
    it('is one empty entry per row until answered', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents></second-opinion-documents>`,
      );
      expect(el.value).to.deep.equal(ALL_TYPES.map((type) => ({ type, translationNeeded: false })));
    });

    it('aligns a value set from outside to the rows', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents
          .types=${['imaging', 'medications']}
          service-country="GE"
        ></second-opinion-documents>`,
      );
      el.value = [
        { type: 'blood-tests', status: 'attached', language: 'en', translationNeeded: false },
        { type: 'medications', status: 'not-available', language: 'ka', translationNeeded: true },
      ];
      expect(el.value).to.deep.equal([
        { type: 'imaging', translationNeeded: false },
        { type: 'medications', status: 'not-available', translationNeeded: false },
      ]);
      el.types = ['medications', 'blood-tests'];
      expect(el.value.map((item) => item.type)).to.deep.equal(['medications', 'blood-tests']);
    });
  });

  describe('Form association', () => {
    async function inForm(required = false) {
      const form = await fixture<HTMLFormElement>(
        html`<form>
          <fieldset>
            <second-opinion-documents
              name="documents"
              .types=${['imaging', 'blood-tests']}
              ?required=${required}
            ></second-opinion-documents>
          </fieldset>
        </form>`,
      );
      return { form, el: form.querySelector('second-opinion-documents')! };
    }

    it('submits the value as JSON once answered', async () => {
      const { form, el } = await inForm();
      expect(new FormData(form).get('documents')).to.equal(null);
      await choose(el, 'imaging', 'attached');
      await chooseLanguage(el, 'imaging', 'other');
      await choose(el, 'blood-tests', 'not-available');
      expect(JSON.parse(new FormData(form).get('documents') as string)).to.deep.equal([
        { type: 'imaging', status: 'attached', language: 'other', translationNeeded: true },
        { type: 'blood-tests', status: 'not-available', translationNeeded: false },
      ]);
    });

    it('takes part in the form’s validity', async () => {
      const { form, el } = await inForm(true);
      expect(form.checkValidity()).to.equal(false);
      expect(el.validity.customError).to.equal(true);
      expect(el.validationMessage).to.contain('Status of: Imaging');
      await choose(el, 'imaging', 'not-available');
      await choose(el, 'blood-tests', 'will-send-later');
      expect(form.checkValidity()).to.equal(false);
      expect(el.validationMessage).to.contain('Language of: Blood test results');
      await chooseLanguage(el, 'blood-tests', 'en');
      expect(form.checkValidity()).to.equal(true);
    });

    it('shows the errors when the form is submitted invalid', async () => {
      const { form, el } = await inForm(true);
      form.requestSubmit();
      await el.updateComplete;
      expect(root(el).querySelectorAll('[part="error"]')).to.have.length(2);
    });

    it('empties on reset, language memory included', async () => {
      const { form, el } = await inForm(true);
      await choose(el, 'imaging', 'attached');
      await chooseLanguage(el, 'imaging', 'ka');
      el.reportValidity();
      form.reset();
      await el.updateComplete;
      expect(el.value).to.deep.equal([
        { type: 'imaging', translationNeeded: false },
        { type: 'blood-tests', translationNeeded: false },
      ]);
      expect(radio(el, 'imaging', 'attached').checked).to.equal(false);
      expect(root(el).querySelector('[part="error"]')).to.equal(null);
      await choose(el, 'imaging', 'attached');
      expect(languageSelect(el, 'imaging')!.value).to.equal('');
    });

    it('is disabled by its own attribute or a disabled fieldset, and then not submitted', async () => {
      const { form, el } = await inForm(true);
      await choose(el, 'imaging', 'not-available');
      form.querySelector('fieldset')!.disabled = true;
      await el.updateComplete;
      expect(radio(el, 'imaging', 'attached').matches(':disabled')).to.equal(true);
      expect(new FormData(form).get('documents')).to.equal(null);
      expect(form.checkValidity()).to.equal(true);

      form.querySelector('fieldset')!.disabled = false;
      el.disabled = true;
      await el.updateComplete;
      expect(radio(el, 'blood-tests', 'not-available').matches(':disabled')).to.equal(true);
      expect(el.checkValidity(), 'a disabled control is not validated').to.equal(true);
      expect(new FormData(form).get('documents')).to.equal(null);
    });

    it('restores a saved state and ignores one it cannot read', async () => {
      const { el } = await inForm();
      el.formStateRestoreCallback(
        JSON.stringify([{ type: 'blood-tests', status: 'will-send-later', language: 'ru' }]),
      );
      await el.updateComplete;
      expect(entry(el, 'blood-tests')).to.deep.equal({
        type: 'blood-tests',
        status: 'will-send-later',
        language: 'ru',
        translationNeeded: true,
      });
      expect(radio(el, 'blood-tests', 'will-send-later').checked).to.equal(true);

      el.formStateRestoreCallback(JSON.stringify({ type: 'imaging', status: 'attached' }));
      el.formStateRestoreCallback(JSON.stringify(['attached']));
      expect(entry(el, 'blood-tests').status).to.equal('will-send-later');
    });
  });

  describe('Accessibility', () => {
    it('is accessible untouched', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents service-country="DE"></second-opinion-documents>`,
      );
      await expect(el).to.be.accessible();
    });

    it('is accessible with errors shown', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents required></second-opinion-documents>`,
      );
      await choose(el, 'imaging', 'attached');
      el.reportValidity();
      await el.updateComplete;
      expect(root(el).querySelectorAll('[part="error"]').length).to.be.greaterThan(0);
      await expect(el).to.be.accessible();
    });

    it('is accessible with languages chosen and a translation notice shown', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents service-country="DE"></second-opinion-documents>`,
      );
      await choose(el, 'imaging', 'attached');
      await chooseLanguage(el, 'imaging', 'ka');
      await choose(el, 'blood-tests', 'will-send-later');
      await chooseLanguage(el, 'blood-tests', 'de');
      expect(notice(el, 'imaging')).to.not.equal(null);
      await expect(el).to.be.accessible();
    });
  });
});
