import { expect, fixture, html } from '@open-wc/testing';
import '../src/define.js';
import type { SecondOpinionIntake } from '../src/elements/second-opinion-intake.js';
import { INTAKE_STEPS, type IntakeStep } from '../src/events.js';
import {
  createDraftStore,
  draftKey,
  pageSessionStorage,
  readDraft,
  storableDraft,
} from '../src/submit/draft.js';
import { emptyDraft, type IntakeDraft } from '../src/submit/payload.js';
import { deepActiveElement, nextEvent, visibleText } from './helpers.js';
import {
  answer,
  button,
  check,
  clearServer,
  clickContinue,
  ENDPOINT,
  fillToReview,
  heading,
  readyToSend,
  recordedRequests,
  root,
  storedSubmissions,
  typeInto,
} from './intake-flow.js';

const isStep = (value: unknown): value is IntakeStep =>
  typeof value === 'string' && (INTAKE_STEPS as readonly string[]).includes(value);

const DRAFT_PREFIX = 'second-opinion-intake:draft:';
const draftKeys = () => Object.keys(sessionStorage).filter((key) => key.startsWith(DRAFT_PREFIX));
const storedDraftText = () =>
  draftKeys()
    .map((key) => sessionStorage.getItem(key))
    .join('\n');

/** A tiny but real PDF: the documents element checks content, not only the name. */
const pdf = (name: string) =>
  new File([new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n')], name, {
    type: 'application/pdf',
  });

async function intake(endpoint = ENDPOINT, saveDraft = true) {
  return fixture<SecondOpinionIntake>(
    html`<second-opinion-intake
      endpoint=${endpoint}
      service-country="DE"
      ?save-draft=${saveDraft}
    ></second-opinion-intake>`,
  );
}

/** What a reload does to the widget: the element goes, a new one comes; sessionStorage stays. */
async function reload(el: SecondOpinionIntake, endpoint = ENDPOINT) {
  el.remove();
  return intake(endpoint);
}

const notice = (el: SecondOpinionIntake) => root(el).querySelector('[part="draft-notice"]');

function draftWith(change: Partial<IntakeDraft>): IntakeDraft {
  return { ...emptyDraft(), ...change };
}

beforeEach(async () => {
  sessionStorage.clear();
  localStorage.clear();
  await clearServer();
});
afterEach(() => sessionStorage.clear());

describe('Draft (save-draft)', () => {
  describe('Without save-draft', () => {
    it('stores nothing on the device: no storage, no cookies, no IndexedDB', async () => {
      const el = await intake(ENDPOINT, false);
      await readyToSend(el);
      el.endpoint = '/test-api/respond/500';
      el.maxAttempts = 1;
      const error = nextEvent(el, 'intake-error');
      button(el, 'submit')!.click();
      await error;
      el.endpoint = ENDPOINT;
      const success = nextEvent(el, 'intake-success');
      button(el, 'submit')!.click();
      await success;
      expect(sessionStorage.length).to.equal(0);
      expect(localStorage.length).to.equal(0);
      expect(document.cookie).to.equal('');
      expect(await indexedDB.databases()).to.deep.equal([]);
      expect(await caches.keys()).to.deep.equal([]);
    });

    it('does not restore a draft another page left', async () => {
      const first = await intake();
      await fillToReview(first);
      expect(draftKeys().length).to.equal(1);
      first.remove();
      const el = await intake(ENDPOINT, false);
      expect(el.step).to.equal('about');
      expect(notice(el)).to.equal(null);
    });
  });

  describe('With save-draft', () => {
    it('restores the answers after a reload, with a notice, and keeps consent unticked', async () => {
      const first = await intake();
      expect(draftKeys()).to.deep.equal([]); // nothing answered, nothing stored
      await fillToReview(first);
      check(first, 'consent-healthDataProcessing-yes');
      await first.updateComplete;

      const el = await reload(first);
      expect(el.step).to.equal('review');
      const text = visibleText(root(el));
      expect(text).to.contain('Is surgery really needed?');
      expect(text).to.contain('Nino Beridze');
      expect(text).to.contain('Example Insurance');
      expect(
        root(el).querySelector<HTMLInputElement>('#consent-healthDataProcessing-yes')!.checked,
      ).to.equal(false);
      const shown = notice(el)!;
      expect(shown.closest('[role="status"]')).to.exist;
      expect(visibleText(shown)).to.contain('We restored the answers');
      expect(button(el, 'start-over')!.textContent.trim()).to.equal('Start over');
      // Nothing steals the focus on load.
      expect(deepActiveElement()?.id ?? '').not.to.equal('step-heading');
      await expect(el).to.be.accessible();

      // The restored answers are the widget's own: they go into the request.
      check(el, 'consent-healthDataProcessing-yes');
      const success = nextEvent(el, 'intake-success');
      button(el, 'submit')!.click();
      await success;
      const [stored] = await storedSubmissions();
      expect(stored.payload.patient.email).to.equal('nino@example.com');
      expect(stored.payload.insurance.policyNumber).to.equal('P-123');
      expect(stored.payload.reasons.other).to.equal('Conflicting advice');
    });

    it('restores a step in the middle, and the notice goes once the patient moves on', async () => {
      const first = await intake();
      await clickContinue(first);
      await clickContinue(first); // the reasons step shows its errors: nothing answered yet
      expect(draftKeys()).to.deep.equal([]);
      const eligibility = root(first).querySelector('second-opinion-eligibility')!;
      eligibility.value = { selected: ['verify-diagnosis'], motive: 'Half-typed question' };
      eligibility.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      await first.updateComplete;

      const el = await reload(first);
      expect(el.step).to.equal('reasons');
      const restored = root(el).querySelector('second-opinion-eligibility')!;
      expect(restored.value.motive).to.equal('Half-typed question');
      expect(restored.shadowRoot!.querySelector<HTMLTextAreaElement>('#motive')!.value).to.equal(
        'Half-typed question',
      );
      expect(notice(el)).to.exist;
      await clickContinue(el);
      expect(el.step).to.equal('documents');
      expect(notice(el)).to.equal(null);
    });

    it('"Start over" forgets the draft and every answer, and focuses the first step', async () => {
      const first = await intake();
      await fillToReview(first);
      const el = await reload(first);
      button(el, 'start-over')!.click();
      await el.updateComplete;
      expect(draftKeys()).to.deep.equal([]);
      expect(el.step).to.equal('about');
      expect(deepActiveElement()?.id).to.equal('step-heading');
      expect(notice(el)).to.equal(null);
      await clickContinue(el);
      const eligibility = root(el).querySelector('second-opinion-eligibility')!;
      expect(eligibility.value.motive).to.equal('');
      expect(visibleText(root(el))).not.to.contain('Is surgery really needed?');
      // A fresh element, not one still showing the old errors.
      expect(root(el).querySelector('#error-summary')).to.equal(null);
      const again = await reload(el);
      expect(again.step).to.equal('about');
      expect(notice(again)).to.equal(null);
    });

    it('is removed when the request is accepted', async () => {
      const el = await intake();
      await readyToSend(el);
      expect(draftKeys().length).to.equal(1);
      const success = nextEvent(el, 'intake-success');
      button(el, 'submit')!.click();
      await success;
      await el.updateComplete;
      expect(heading(el)).to.equal('Request sent');
      expect(draftKeys()).to.deep.equal([]);
      const again = await reload(el);
      expect(again.step).to.equal('about');
    });

    it('keeps the Idempotency-Key across a reload: a request that arrived is stored once', async () => {
      // The first send reaches the endpoint, but its answer is lost (twice: Chromium may send a
      // request again by itself when a reused connection is reset).
      const lost = `/test-api/flaky/draft-${Date.now()}?fail=2&mode=lose`;
      const first = await intake(lost);
      first.maxAttempts = 1;
      await readyToSend(first);
      const error = nextEvent(first, 'intake-error');
      button(first, 'submit')!.click();
      expect((await error).detail.reason).to.equal('network');
      const [request] = await recordedRequests(lost.split('?')[0]);
      expect((await storedSubmissions()).length).to.equal(1);

      const el = await reload(first, lost);
      check(el, 'consent-healthDataProcessing-yes');
      await el.updateComplete;
      const success = nextEvent(el, 'intake-success');
      button(el, 'submit')!.click();
      const { reference } = (await success).detail;
      const stored = await storedSubmissions();
      expect(stored.length).to.equal(1);
      expect(stored[0].reference).to.equal(reference);
      expect(stored[0].payload.submissionId).to.equal(request.headers['idempotency-key']);
    });

    it('never stores files, and asks for them again after a reload', async () => {
      const first = await intake();
      await clickContinue(first);
      answer(first, 'second-opinion-eligibility', {
        selected: ['verify-diagnosis'],
        motive: 'Is surgery needed?',
      });
      await clickContinue(first);
      expect(first.step).to.equal('documents');
      const documents = root(first).querySelector('second-opinion-documents')!;
      await documents.addFiles('medical-record-extract', [pdf('form-100-secret-name.pdf')]);
      await first.updateComplete;
      const listed = documents.value.find((entry) => entry.type === 'medical-record-extract')!;
      expect(listed.files?.length).to.equal(1);
      const text = storedDraftText();
      expect(text).to.contain('medical-record-extract');
      expect(text).not.to.contain('form-100-secret-name');
      expect(text).not.to.contain(listed.files![0].sha256);
      expect(text).not.to.contain('"files"');

      const el = await reload(first);
      expect(visibleText(notice(el)!)).to.contain('please add your files again');
      const restored = root(el).querySelector('second-opinion-documents')!;
      expect(
        restored.value.find((entry) => entry.type === 'medical-record-extract'),
      ).to.deep.include({ status: 'attached' });
      expect(restored.value.some((entry) => entry.files?.length)).to.equal(false);
      await expect(el).to.be.accessible();
    });

    it('expires after draft-ttl minutes', async () => {
      const first = await intake();
      await fillToReview(first);
      const [key] = draftKeys();
      const saved = JSON.parse(sessionStorage.getItem(key)!) as { savedAt: number };
      sessionStorage.setItem(key, JSON.stringify({ ...saved, savedAt: Date.now() - 61 * 60_000 }));
      const expired = await reload(first);
      expect(expired.step).to.equal('about');
      expect(draftKeys()).to.deep.equal([]);

      await fillToReview(expired);
      const [next] = draftKeys();
      const fresh = JSON.parse(sessionStorage.getItem(next)!) as { savedAt: number };
      sessionStorage.setItem(next, JSON.stringify({ ...fresh, savedAt: Date.now() - 61 * 60_000 }));
      expired.remove();
      const longer = await fixture<SecondOpinionIntake>(
        html`<second-opinion-intake
          endpoint=${ENDPOINT}
          save-draft
          draft-ttl="120"
        ></second-opinion-intake>`,
      );
      expect(longer.step).to.equal('review');
    });

    it('keeps one draft per endpoint and page, and ignores what it cannot read', async () => {
      const first = await intake();
      await fillToReview(first);
      const [key] = draftKeys();
      expect(key).to.equal(draftKey(new URL(ENDPOINT, location.href).href, location.pathname));
      const other = await reload(first, '/api/other-endpoint');
      expect(other.step).to.equal('about');
      other.remove();

      sessionStorage.setItem(key, '{not json');
      const broken = await intake();
      expect(broken.step).to.equal('about');
      expect(sessionStorage.getItem(key)).to.equal(null);
      broken.remove();

      sessionStorage.setItem(
        key,
        JSON.stringify({
          format: 1,
          savedAt: Date.now(),
          step: 'contact',
          submissionId: 'not-a-uuid',
          draft: {
            eligibility: { selected: ['verify-diagnosis', 'made-up'], motive: 42 },
            patient: { name: 'Restored Name', email: ['x'] },
            consent: true,
            documents: 'nope',
          },
        }),
      );
      const odd = await intake();
      expect(odd.step).to.equal('contact');
      expect(root(odd).querySelector<HTMLInputElement>('#patient-name')!.value).to.equal(
        'Restored Name',
      );
      expect(root(odd).querySelector<HTMLInputElement>('#patient-email')!.value).to.equal('');
    });

    it('forgets the stored draft when the embedder turns save-draft off', async () => {
      const el = await intake();
      await fillToReview(el);
      expect(draftKeys().length).to.equal(1);
      el.saveDraft = false;
      await el.updateComplete;
      expect(draftKeys()).to.deep.equal([]);
      typeInto(el, 'patient-name', 'x');
      await el.updateComplete;
      expect(draftKeys()).to.deep.equal([]);
    });

    it('keeps working where sessionStorage throws (a sandboxed frame)', async () => {
      const descriptor = Object.getOwnPropertyDescriptor(window, 'sessionStorage');
      expect(descriptor?.configurable).to.equal(true);
      Object.defineProperty(window, 'sessionStorage', {
        configurable: true,
        get() {
          throw new DOMException('blocked', 'SecurityError');
        },
      });
      try {
        const el = await intake();
        await readyToSend(el);
        const success = nextEvent(el, 'intake-success');
        button(el, 'submit')!.click();
        await success;
      } finally {
        Object.defineProperty(window, 'sessionStorage', descriptor!);
      }
      expect((await storedSubmissions()).length).to.equal(1);
    });
  });

  describe('Draft store (no DOM)', () => {
    it('stores answers without files or consent', () => {
      const draft = draftWith({
        documents: [
          {
            type: 'imaging',
            status: 'attached',
            language: 'en',
            translationNeeded: false,
            files: [{ name: 'ct.dcm', size: 3, type: 'application/dicom', sha256: 'a'.repeat(64) }],
          },
        ],
        consent: true,
      });
      expect(storableDraft(draft)).to.deep.equal({
        ...draft,
        documents: [
          { type: 'imaging', status: 'attached', language: 'en', translationNeeded: false },
        ],
        consent: false,
      });
    });

    it('saves with a timestamp and loads until the time to live has passed', () => {
      let now = 1_000_000;
      const store = createDraftStore(pageSessionStorage, 'test-key', isStep, () => now);
      store.save({
        draft: draftWith({ consent: true }),
        step: 'insurance',
        submissionId: undefined,
      });
      const raw = JSON.parse(sessionStorage.getItem('test-key')!) as Record<string, unknown>;
      expect(raw.savedAt).to.equal(1_000_000);
      expect(store.load(60_000)).to.deep.include({ step: 'insurance', hadFiles: false });
      now += 60_001;
      expect(store.load(60_000)).to.equal(undefined);
      expect(sessionStorage.getItem('test-key')).to.equal(null);
    });

    it('reads only what it knows from stored values', () => {
      expect(
        readDraft({ eligibility: { selected: 'x' }, insurance: { coverageConfirmed: 'maybe' } }),
      ).to.deep.equal(emptyDraft());
      expect(readDraft(null)).to.deep.equal(emptyDraft());
    });

    it('reads a date of birth as its three fields, or as the ISO date an earlier version kept', () => {
      const parts = { day: '27', month: '3', year: '1980' };
      expect(readDraft({ patient: { dateOfBirth: parts } }).patient.dateOfBirth).to.deep.equal(
        parts,
      );
      expect(
        readDraft({ patient: { dateOfBirth: '1980-03-27' } }).patient.dateOfBirth,
      ).to.deep.equal(parts);
      expect(
        readDraft({ patient: { dateOfBirth: { day: 1, month: ['x'] } } }).patient.dateOfBirth,
      ).to.deep.equal({ day: '', month: '', year: '' });
    });
  });
});
