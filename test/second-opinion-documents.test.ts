import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/define.js';
import type { SecondOpinionDocuments } from '../src/elements/second-opinion-documents.js';
import type { DocumentEntry } from '../src/schema/documents.js';
import { makeFile, sha256Of, transferOf } from './attachment-fixtures.js';
import {
  deepActiveElement,
  inlineErrorText,
  tabToId,
  textOf,
  until,
  untilFocused,
  visibleText,
} from './helpers.js';

const ALL_TYPES = ['medical-record-extract', 'imaging', 'blood-tests', 'medications', 'other'];

function root(el: SecondOpinionDocuments): ShadowRoot {
  return el.shadowRoot!;
}

function rowOf(el: SecondOpinionDocuments, type: string): HTMLFieldSetElement {
  const row = root(el).querySelector(`#${type}-status`)?.closest<HTMLFieldSetElement>('.row');
  if (!row) throw new Error(`no row for ${type}`);
  return row;
}

/** Text as read, without the invisible marks that isolate file names (FSI, PDI). */
const plain = (value: string) => value.replace(/[\u2066-\u2069]/g, '');

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
      expect(rows.map((row) => textOf(row.querySelector('legend')!))).to.deep.equal([
        'Medical record extract or discharge summary',
        'Imaging: X-ray, CT, MRI or ultrasound',
        'Blood test results',
        'List of prescribed medications',
        'Other medical records',
      ]);
      for (const row of rows) {
        const description = root(el).getElementById(row.getAttribute('aria-describedby')!);
        expect(description ? textOf(description) : '').to.not.equal('');
      }
    });

    it('explains the medical record extract, naming form IV-100/a once', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents></second-opinion-documents>`,
      );
      const row = textOf(rowOf(el, 'medical-record-extract'));
      expect(row).to.contain('form IV-100/a, often called “Form 100”');
      expect(row).not.to.contain('Form No. 100');
      expect(row).to.contain('diagnosis, tests and treatment');
    });

    it('asks for every record and states the language rule, naming the country when known', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents></second-opinion-documents>`,
      );
      const intro = () => textOf(root(el).querySelector('.intro')!);
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
      const rows = [...root(el).querySelectorAll('fieldset[part="row"] > legend')].map(textOf);
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
        label: textOf(option),
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
      expect(textOf(shown)).to.contain('Translation needed');
      expect(textOf(shown)).to.contain('English or German');
      expect(textOf(shown)).to.contain('needs a translation into one of these languages');
      expect(notice(el, 'other')).to.not.equal(null);
    });

    it('names English alone when no service country is set', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents></second-opinion-documents>`,
      );
      await choose(el, 'imaging', 'attached');
      await chooseLanguage(el, 'imaging', 'de');
      expect(entry(el, 'imaging').translationNeeded).to.equal(true);
      const shown = textOf(notice(el, 'imaging')!);
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
      expect(textOf(notice(el, 'blood-tests')!)).to.contain('English or Georgian');
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
      await untilFocused(el, 'medical-record-extract-status-attached');
      const errors = [...root(el).querySelectorAll('.row [part="error"]')].map(inlineErrorText);
      expect(errors).to.have.length(5);
      expect(errors[2]).to.equal(
        'Blood test results: Choose an answer for “Do you have this document?”.',
      );
      expect(root(el).activeElement?.id).to.equal('medical-record-extract-status-attached');
      const group = root(el).querySelector('#blood-tests-status')!;
      expect(group.getAttribute('aria-describedby')).to.contain('blood-tests-status-error');
      expect(radio(el, 'blood-tests', 'attached').getAttribute('aria-invalid')).to.equal('true');
    });

    it('words every error with what is on screen: the row, then the question', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents required></second-opinion-documents>`,
      );
      el.value = [{ type: 'medical-record-extract', status: 'attached', translationNeeded: false }];
      el.reportValidity();
      await el.updateComplete;
      const onScreen = visibleText(root(el));
      const messages = el.visibleErrors.map((item) => item.message);
      expect(messages.length).to.equal(5);
      for (const message of messages) {
        const [, row, question] = /^(.+): .*“(.+)”/.exec(message) ?? [];
        expect(onScreen, message).to.contain(row);
        expect(onScreen, message).to.contain(question);
      }
      expect(messages.join(' ')).not.to.contain('Status of');
    });

    it('asks for the language of a document the patient has, and clears the error once chosen', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents .types=${['blood-tests']}></second-opinion-documents>`,
      );
      expect(el.reportValidity(), 'untouched and not required').to.equal(true);
      await choose(el, 'blood-tests', 'attached');
      expect(el.reportValidity()).to.equal(false);
      await untilFocused(el, 'blood-tests-language');
      const select = languageSelect(el, 'blood-tests')!;
      expect(textOf(rowOf(el, 'blood-tests'))).to.contain(
        'Blood test results: Choose an answer for “Language of the document”',
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
      expect(textOf(error)).to.contain(
        'Blood test results: Choose one of the options for “Language of the document”',
      );
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
      expect(textOf(root(el).querySelector('#imaging-status-error')!)).to.contain(
        'Imaging: X-ray, CT, MRI or ultrasound: Check your answer for “Do you have this document?”',
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

  // The form-control contract (name/value, required, reset, disabled, labels…) is checked for
  // every control in form-control-conformance.test.ts; here, only what is particular to this one.
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

    it('hands the files to the form beside the JSON', async () => {
      const { form, el } = await inForm();
      await choose(el, 'imaging', 'attached');
      await chooseLanguage(el, 'imaging', 'en');
      await choose(el, 'blood-tests', 'not-available');
      const scan = makeFile('dicom', 'mri.dcm');
      await el.addFiles('imaging', [scan]);
      await el.updateComplete;

      const data = new FormData(form);
      const json = JSON.parse(data.get('documents') as string) as DocumentEntry[];
      expect(json[0].files!.map((file) => file.name)).to.deep.equal(['mri.dcm']);
      const sent = data.get('documents:file:imaging:0') as File;
      expect(sent.name).to.equal('mri.dcm');
      expect(await sha256Of(sent)).to.equal(await sha256Of(scan));
    });

    it('takes part in the form’s validity', async () => {
      const { form, el } = await inForm(true);
      expect(form.checkValidity()).to.equal(false);
      expect(el.validity.customError).to.equal(true);
      expect(el.validationMessage).to.contain('Imaging: X-ray, CT, MRI or ultrasound: Choose');
      await choose(el, 'imaging', 'not-available');
      await choose(el, 'blood-tests', 'will-send-later');
      expect(form.checkValidity()).to.equal(false);
      expect(el.validationMessage).to.contain('Blood test results: Choose an answer for “Language');
      await chooseLanguage(el, 'blood-tests', 'en');
      expect(form.checkValidity()).to.equal(true);
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

  describe('Attachments', () => {
    const fileInput = (el: SecondOpinionDocuments, type: string) =>
      root(el).querySelector<HTMLInputElement>(`#${type}-files`);

    const liveRegion = (el: SecondOpinionDocuments) =>
      root(el).querySelector<HTMLElement>('.visually-hidden[aria-live="polite"]')!;

    const fileNames = (el: SecondOpinionDocuments, type: string) =>
      [...rowOf(el, type).querySelectorAll('[part="file"] .file-name')].map(textOf);

    const refusals = (el: SecondOpinionDocuments, type: string) =>
      [...rowOf(el, type).querySelectorAll('[part="file-refusal"]')].map(inlineErrorText);

    /** Resolves once the element announced the outcome of an addition. */
    async function announced(el: SecondOpinionDocuments, act: () => void): Promise<string> {
      const before = liveRegion(el).firstElementChild;
      act();
      await until(() => liveRegion(el).firstElementChild !== before, 'an announcement');
      await el.updateComplete;
      return textOf(liveRegion(el));
    }

    /** What a patient does with the file picker: choose files, which fires `change`. */
    function pick(el: SecondOpinionDocuments, type: string, files: File[]): Promise<string> {
      return announced(el, () => {
        const input = fileInput(el, type)!;
        input.files = transferOf(files).files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      });
    }

    function dragEvent(name: string, files: File[]): DragEvent {
      return new DragEvent(name, {
        bubbles: true,
        cancelable: true,
        composed: true,
        dataTransfer: transferOf(files),
      });
    }

    async function attachedRow(type = 'imaging', attributes = ''): Promise<SecondOpinionDocuments> {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents></second-opinion-documents>`,
      );
      for (const pair of attributes.split(' ').filter(Boolean)) {
        const [name, value] = pair.split('=');
        el.setAttribute(name, value ?? '');
      }
      await choose(el, type, 'attached');
      return el;
    }

    it('offers files only for a document the patient has, through a labelled file input', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents></second-opinion-documents>`,
      );
      expect(fileInput(el, 'imaging')).to.equal(null);
      await choose(el, 'imaging', 'will-send-later');
      expect(fileInput(el, 'imaging')).to.equal(null);
      await choose(el, 'imaging', 'attached');

      const input = fileInput(el, 'imaging')!;
      expect(input.type).to.equal('file');
      expect(input.multiple).to.equal(true);
      expect(input.accept).to.contain('application/pdf');
      expect(input.accept).to.contain('.dcm');
      const label = root(el).querySelector(`label[for="imaging-files"]`)!;
      expect(textOf(label)).to.equal('Add files');
      expect(label.getBoundingClientRect().width).to.be.greaterThan(40);
      const hint = root(el).getElementById(input.getAttribute('aria-describedby')!)!;
      expect(textOf(hint)).to.contain('PDF, JPEG, PNG, TIFF, DICOM (.dcm), or ZIP');
      expect(textOf(hint)).to.contain('Up to 25 MB per file and 100 MB in all');
      expect(textOf(hint)).to.contain('at most 20');
      expect(textOf(hint)).to.contain('drop files onto this section');
    });

    it('adds chosen files: lists each name and size, and lists metadata with the SHA-256 in the value', async () => {
      const el = await attachedRow('imaging');
      const scan = makeFile('dicom', 'ct-head.dcm', { size: 1234 });
      const photo = makeFile('jpeg', 'x-ray photo.jpg', { size: 3 * 1024 * 1024 + 100 });
      let inputs = 0;
      let changes = 0;
      el.addEventListener('input', () => inputs++);
      el.addEventListener('change', () => changes++);

      await pick(el, 'imaging', [scan, photo]);

      expect(fileNames(el, 'imaging')).to.deep.equal(['ct-head.dcm', 'x-ray photo.jpg']);
      const sizes = [...rowOf(el, 'imaging').querySelectorAll('.file-size')].map(textOf);
      expect(sizes).to.deep.equal(['1.2 kB', '3 MB']);
      expect(entry(el, 'imaging').files).to.deep.equal([
        {
          name: 'ct-head.dcm',
          size: 1234,
          type: 'application/dicom',
          sha256: await sha256Of(scan),
        },
        {
          name: 'x-ray photo.jpg',
          size: photo.size,
          type: 'image/jpeg',
          sha256: await sha256Of(photo),
        },
      ]);
      const files = el.files.imaging ?? [];
      expect(files.length).to.equal(2);
      expect(files[0] === scan && files[1] === photo, 'the very File objects').to.equal(true);
      expect(Object.keys(el.files)).to.deep.equal(['imaging']);
      expect([inputs, changes]).to.deep.equal([1, 1]);
      expect(fileInput(el, 'imaging')!.value, 'emptied for the next choice').to.equal('');
    });

    it('adds files dropped on a row, and marks that document "I have it"', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents></second-opinion-documents>`,
      );
      const row = rowOf(el, 'blood-tests');
      const over = dragEvent('dragover', [makeFile('pdf', 'labs.pdf')]);
      row.querySelector('legend')!.dispatchEvent(over);
      await el.updateComplete;
      expect(over.defaultPrevented, 'the row takes the drop').to.equal(true);
      expect(row.classList.contains('drop-target')).to.equal(true);

      const said = await announced(el, () =>
        row
          .querySelector('legend')!
          .dispatchEvent(dragEvent('drop', [makeFile('pdf', 'labs.pdf')])),
      );

      expect(row.classList.contains('drop-target')).to.equal(false);
      expect(entry(el, 'blood-tests').status).to.equal('attached');
      expect(radio(el, 'blood-tests', 'attached').checked).to.equal(true);
      expect(fileNames(el, 'blood-tests')).to.deep.equal(['labs.pdf']);
      expect(said).to.equal('Added to “Blood test results”: labs.pdf.');
    });

    it('keeps the browser from opening a file dropped anywhere else in it', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents></second-opinion-documents>`,
      );
      const before = JSON.stringify(el.value);
      const drop = dragEvent('drop', [makeFile('pdf', 'stray.pdf')]);
      root(el).querySelector('.intro')!.dispatchEvent(drop);
      // Additions run one after another: an empty one settles after any the drop started.
      await el.addFiles('imaging', []);
      await el.updateComplete;
      expect(drop.defaultPrevented).to.equal(true);
      expect(JSON.stringify(el.value)).to.equal(before);
    });

    it('checks each file by its content, not its name, and keeps the files it accepts', async () => {
      const el = await attachedRow('medical-record-extract');
      const realPng = makeFile('png', 'discharge.pdf', { type: 'application/pdf' });
      const fake = makeFile('text', 'report.pdf', { type: 'application/pdf' });
      const tiff = makeFile('tiff', 'page-2.tif');
      const zip = makeFile('zip', 'imaging-cd.zip');

      const said = await pick(el, 'medical-record-extract', [fake, realPng, tiff, zip]);

      expect(fileNames(el, 'medical-record-extract')).to.deep.equal([
        'discharge.pdf',
        'page-2.tif',
        'imaging-cd.zip',
      ]);
      expect(entry(el, 'medical-record-extract').files!.map((file) => file.type)).to.deep.equal([
        'image/png',
        'image/tiff',
        'application/zip',
      ]);
      const message =
        '“report.pdf” was not added: its content is not one of the accepted file types (PDF, JPEG, PNG, TIFF, DICOM (.dcm), or ZIP).';
      expect(refusals(el, 'medical-record-extract')).to.deep.equal([message]);
      expect(said).to.contain(message);
      expect(said).to.contain('discharge.pdf, page-2.tif, imaging-cd.zip');
    });

    it('refuses a file over max-file-size, naming the file, its size and the limit', async () => {
      const el = await attachedRow('imaging', 'max-file-size=2048');
      const small = makeFile('dicom', 'small.dcm', { size: 2048 });
      const big = makeFile('dicom', 'big.dcm', { size: 5000 });

      await pick(el, 'imaging', [big, small]);

      expect(fileNames(el, 'imaging')).to.deep.equal(['small.dcm']);
      expect(refusals(el, 'imaging')).to.deep.equal([
        '“big.dcm” was not added: it is 4.9 kB, more than the limit of 2 kB per file.',
      ]);
      expect(textOf(root(el).querySelector('#imaging-files-hint')!)).to.contain(
        'Up to 2 kB per file',
      );
    });

    it('refuses files past max-total-size and max-files, counting every row', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents
          max-total-size="3000"
          max-files="3"
        ></second-opinion-documents>`,
      );
      await choose(el, 'imaging', 'attached');
      await choose(el, 'blood-tests', 'attached');
      await pick(el, 'imaging', [makeFile('png', 'a.png', { size: 1500 })]);

      await pick(el, 'blood-tests', [
        makeFile('pdf', 'b.pdf', { size: 1000 }),
        makeFile('pdf', 'too-much.pdf', { size: 1000 }),
        makeFile('pdf', 'c.pdf', { size: 400 }),
      ]);
      expect(fileNames(el, 'blood-tests')).to.deep.equal(['b.pdf', 'c.pdf']);
      expect(refusals(el, 'blood-tests')).to.deep.equal([
        '“too-much.pdf” was not added: all files together may be at most 2.9 kB.',
      ]);

      await pick(el, 'blood-tests', [makeFile('pdf', 'd.pdf', { size: 10 })]);
      expect(refusals(el, 'blood-tests')).to.deep.equal([
        '“d.pdf” was not added: the maximum number of files (3) has been reached.',
      ]);
      expect(el.value.flatMap((item) => item.files ?? []).length).to.equal(3);
    });

    it('accepts only the kinds `accept` names', async () => {
      const el = await attachedRow('imaging', 'accept=application/dicom,.zip');
      expect(fileInput(el, 'imaging')!.accept).to.equal(
        'application/dicom,.dcm,application/zip,.zip',
      );

      await pick(el, 'imaging', [makeFile('png', 'photo.png'), makeFile('dicom', 'mri.dcm')]);

      expect(fileNames(el, 'imaging')).to.deep.equal(['mri.dcm']);
      expect(refusals(el, 'imaging')[0]).to.contain('(DICOM (.dcm) or ZIP)');
    });

    it('refuses an empty file and the same file twice in one row', async () => {
      const el = await attachedRow('other');
      await pick(el, 'other', [makeFile('pdf', 'letter.pdf')]);

      await pick(el, 'other', [
        new File([], 'empty.pdf'),
        makeFile('pdf', 'letter copy.pdf', { salt: 'letter.pdf' }),
      ]);

      expect(fileNames(el, 'other')).to.deep.equal(['letter.pdf']);
      expect(refusals(el, 'other')).to.deep.equal([
        '“empty.pdf” was not added: the file is empty.',
        '“letter copy.pdf” was not added: it is already attached here.',
      ]);
    });

    it('removes a file with its Remove button, by keyboard, and keeps focus in the list', async () => {
      const el = await attachedRow('imaging');
      await pick(el, 'imaging', [
        makeFile('dicom', 'one.dcm'),
        makeFile('dicom', 'two.dcm'),
        makeFile('dicom', 'three.dcm'),
      ]);
      const remove = (index: number) =>
        root(el).querySelector<HTMLButtonElement>(`#imaging-file-${index}-remove`)!;
      const focusedLabel = () => plain(deepActiveElement()?.getAttribute('aria-label') ?? '');
      expect(textOf(remove(1))).to.equal('Remove');
      expect(plain(remove(1).getAttribute('aria-label')!)).to.equal('Remove two.dcm');

      remove(1).focus();
      const said = await announced(el, () => void sendKeys({ press: 'Enter' }));
      expect(said).to.equal('Removed “two.dcm” from “Imaging: X-ray, CT, MRI or ultrasound”.');
      expect(fileNames(el, 'imaging')).to.deep.equal(['one.dcm', 'three.dcm']);
      expect(entry(el, 'imaging').files!.map((file) => file.name)).to.deep.equal([
        'one.dcm',
        'three.dcm',
      ]);
      await until(() => focusedLabel() === 'Remove three.dcm', 'focus on the next file');

      await sendKeys({ press: 'Space' });
      await until(() => focusedLabel() === 'Remove one.dcm', 'focus on the file before');

      await sendKeys({ press: 'Enter' });
      await until(() => deepActiveElement()?.id === 'imaging-files', 'focus back on "Add files"');
      expect(entry(el, 'imaging').files).to.equal(undefined);
      expect(el.files).to.deep.equal({});
    });

    it('is reached with Tab, and its label shows the focus', async () => {
      const el = await attachedRow('imaging');
      await tabToId('imaging-files');
      const label = root(el).querySelector<HTMLElement>('label[for="imaging-files"]')!;
      expect(getComputedStyle(label).outlineStyle).to.equal('solid');
    });

    it('says that imaging files and photos can carry personal data', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents></second-opinion-documents>`,
      );
      await choose(el, 'imaging', 'attached');
      await choose(el, 'blood-tests', 'attached');
      const note = rowOf(el, 'imaging').querySelector('[part="metadata-note"]')!;
      expect(textOf(note)).to.contain('photos');
      expect(textOf(note)).to.contain('hidden details');
      // Says what the patient can do, in the words of the status option.
      expect(textOf(note)).to.contain('choose “I will send it later”');
      expect(textOf(note)).not.to.match(/DICOM|metadata/);
      expect(rowOf(el, 'blood-tests').querySelector('[part="metadata-note"]')).to.equal(null);
    });

    it('keeps files while another status hides them, and lists none then', async () => {
      const el = await attachedRow('medications');
      await pick(el, 'medications', [makeFile('pdf', 'prescriptions.pdf')]);
      await choose(el, 'medications', 'will-send-later');
      expect(entry(el, 'medications').files).to.equal(undefined);
      expect(el.files).to.deep.equal({});
      // A page that hands the value back, as a controlled form control's owner does.
      const handedBack = el.value;
      el.value = handedBack;
      await choose(el, 'medications', 'attached');
      expect(fileNames(el, 'medications')).to.deep.equal(['prescriptions.pdf']);
      expect(entry(el, 'medications').files).to.have.length(1);
    });

    it('keeps only the files a value from outside lists, and none after a reset', async () => {
      const el = await attachedRow('imaging');
      await pick(el, 'imaging', [makeFile('dicom', 'a.dcm'), makeFile('dicom', 'b.dcm')]);
      const [first, second] = entry(el, 'imaging').files!;

      el.value = el.value.map((item) =>
        item.type === 'imaging'
          ? { ...item, files: [second, { ...first, sha256: 'f'.repeat(64) }] }
          : item,
      );
      await el.updateComplete;
      expect(fileNames(el, 'imaging')).to.deep.equal(['b.dcm']);
      expect(el.files.imaging?.map((file) => file.name)).to.deep.equal(['b.dcm']);

      el.formResetCallback();
      await el.updateComplete;
      await choose(el, 'imaging', 'attached');
      expect(fileNames(el, 'imaging')).to.deep.equal([]);
      expect(el.files).to.deep.equal({});
    });

    it('shows a server error on a file next to the files, naming the file', async () => {
      const el = await attachedRow('imaging');
      await pick(el, 'imaging', [makeFile('dicom', 'mri.dcm')]);
      el.externalErrors = { '1.files.0.sha256': 'invalid' };
      await el.updateComplete;

      const error = root(el).querySelector('#imaging-files-error')!;
      expect(inlineErrorText(error)).to.equal(
        '“mri.dcm” did not arrive intact. Remove it and add it again.',
      );
      expect(fileInput(el, 'imaging')!.getAttribute('aria-describedby')).to.contain(
        'imaging-files-error',
      );
      expect(el.visibleErrors.map((item) => plain(item.message))).to.deep.equal([
        inlineErrorText(error),
      ]);
      expect(el.focusField('1.files.0.sha256')).to.equal(true);
      expect(root(el).activeElement?.id).to.equal('imaging-files');

      root(el).querySelector<HTMLButtonElement>('#imaging-file-0-remove')!.click();
      await el.updateComplete;
      expect(root(el).querySelector('#imaging-files-error')).to.equal(null);
    });

    it('adds nothing while disabled', async () => {
      const el = await attachedRow('imaging');
      el.disabled = true;
      await el.updateComplete;
      expect(fileInput(el, 'imaging')!.disabled).to.equal(true);
      const result = await el.addFiles('imaging', [makeFile('dicom', 'a.dcm')]);
      expect(result.added).to.deep.equal([]);
      expect(entry(el, 'imaging').files).to.equal(undefined);
    });

    it('lets a page add files through addFiles(), with the same checks', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents max-files="1"></second-opinion-documents>`,
      );
      const first = el.addFiles('other', [makeFile('pdf', 'one.pdf')]);
      const second = el.addFiles('other', [makeFile('pdf', 'two.pdf')]);
      const results = await Promise.all([first, second]);
      expect(results.map((result) => result.added.map((file) => file.name))).to.deep.equal([
        ['one.pdf'],
        [],
      ]);
      expect(results[1].refused).to.deep.equal([
        { name: 'two.pdf', size: makeFile('pdf', 'two.pdf').size, reason: 'count', limit: 1 },
      ]);
      expect(entry(el, 'other').status).to.equal('attached');
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

    it('is accessible with files listed, refusals shown and the imaging note', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents service-country="DE"></second-opinion-documents>`,
      );
      await choose(el, 'imaging', 'attached');
      await chooseLanguage(el, 'imaging', 'de');
      await el.addFiles('imaging', [makeFile('dicom', 'ct.dcm'), makeFile('text', 'notes.txt')]);
      await el.updateComplete;
      expect(root(el).querySelectorAll('[part="file"]')).to.have.length(1);
      expect(root(el).querySelectorAll('[part="file-refusal"]')).to.have.length(1);
      await expect(el).to.be.accessible();
    });

    it('is accessible with a server error on a file', async () => {
      const el = await fixture<SecondOpinionDocuments>(
        html`<second-opinion-documents></second-opinion-documents>`,
      );
      await el.addFiles('blood-tests', [makeFile('pdf', 'labs.pdf')]);
      el.externalErrors = { '2.files.0': 'required' };
      await el.updateComplete;
      expect(root(el).querySelector('#blood-tests-files-error')).to.not.equal(null);
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
