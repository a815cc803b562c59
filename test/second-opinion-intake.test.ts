import { aTimeout, expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/define.js';
import type { SecondOpinionIntake } from '../src/elements/second-opinion-intake.js';
import { fromQuestionnaireResponse } from '../src/fhir/index.js';
import { payloadSchema } from '../src/schema/index.js';
import { deepActiveElement, nextEvent, tabToId, until, visibleText } from './helpers.js';
import {
  answer,
  button,
  check,
  clearServer,
  clickContinue,
  documentsAnswer,
  ENDPOINT,
  fillToReview,
  heading,
  intake as sharedIntake,
  plainAnswers,
  readyToSend,
  recordedRequests,
  root,
  storedSubmissions,
  typeDateOfBirth,
  typeInto,
} from './intake-flow.js';

const child = <K extends keyof HTMLElementTagNameMap>(el: SecondOpinionIntake, tag: K) =>
  root(el).querySelector(tag)!;

/** The shared test intake, with a privacy notice linked from the consent. */
const intake = (endpoint: string | null = ENDPOINT) =>
  sharedIntake(endpoint, (el) => {
    el.privacyUrl = 'https://example.com/privacy';
  });

beforeEach(clearServer);

describe('second-opinion-intake', () => {
  describe('Steps', () => {
    it('starts with the FAQ, the organisation and its partners', async () => {
      const el = await intake();
      el.partners = ['University Hospital Example', '<img src=x onerror=alert(1)>'];
      await el.updateComplete;
      expect(heading(el)).to.equal('About second opinions');
      expect(root(el).querySelector('[part="progress"]')!.textContent).to.contain('Step 1 of 6');
      expect(root(el).querySelector('second-opinion-faq')).to.exist;
      const text = visibleText(root(el));
      expect(text).to.contain('Example Second Opinion Service');
      expect(text).to.contain('University Hospital Example');
      expect(text).to.contain('<img src=x onerror=alert(1)>');
      expect(root(el).querySelector('img') === null).to.equal(true);
    });

    it('promises a confirmation email only when the server sends one (confirmation-email)', async () => {
      const el = await intake();
      await fillToReview(el);
      button(el, 'back')!.click();
      await el.updateComplete;
      expect(el.step).to.equal('contact');
      const described = () => {
        const email = root(el).querySelector('#patient-email')!;
        const ids = email.getAttribute('aria-describedby')!.split(' ');
        return ids.map((id) => visibleText(root(el).getElementById(id)!)).join(' ');
      };
      expect(described()).to.contain('We use it to contact you about your request.');
      expect(visibleText(root(el))).not.to.contain('confirmation');
      el.setAttribute('confirmation-email', '');
      await el.updateComplete;
      expect(described()).to.contain('We send the confirmation and our questions here.');
    });

    it('renders a step when first reached, and keeps it (and its answers) afterwards', async () => {
      const el = await intake();
      const controls = () =>
        ['second-opinion-eligibility', 'second-opinion-documents', 'second-opinion-insurance']
          .filter((tag) => root(el).querySelector(tag))
          .join(',');
      // The first render holds only the first step: nothing of the steps not reached yet.
      expect(controls()).to.equal('');
      expect(root(el).querySelector('#patient-name') === null).to.equal(true);
      await clickContinue(el);
      expect(controls()).to.equal('second-opinion-eligibility');
      const eligibility = root(el).querySelector('second-opinion-eligibility')!;
      answer(el, 'second-opinion-eligibility', {
        selected: ['verify-diagnosis'],
        motive: 'Kept while away',
      });
      button(el, 'back')!.click();
      await el.updateComplete;
      expect(el.step).to.equal('about');
      await clickContinue(el);
      expect(root(el).querySelector('second-opinion-eligibility') === eligibility).to.equal(true);
      expect(eligibility.value.motive).to.equal('Kept while away');
      await clickContinue(el);
      expect(controls()).to.equal('second-opinion-eligibility,second-opinion-documents');
    });

    it('moves focus to the new step heading and announces the step', async () => {
      const el = await intake();
      const change = nextEvent(el, 'intake-step-change');
      await clickContinue(el);
      const event = await change;
      expect(event.detail).to.deep.equal({ step: 'reasons', index: 2, count: 6 });
      expect(heading(el)).to.equal('Your reasons');
      expect(deepActiveElement()?.id).to.equal('step-heading');
      expect(root(el).querySelector('[aria-live="polite"]')!.textContent.trim()).to.equal(
        'Step 2 of 6: Your reasons',
      );
    });

    it('blocks Continue with an error summary that takes focus and links to the field', async () => {
      const el = await intake();
      await clickContinue(el);
      await clickContinue(el);
      expect(el.step).to.equal('reasons');
      const summary = root(el).querySelector<HTMLElement>('#error-summary')!;
      expect(summary).to.exist;
      expect(deepActiveElement()?.id).to.equal('error-summary');
      const links = [...summary.querySelectorAll('a')];
      expect(links.length).to.equal(2);
      expect(links.map((link) => link.textContent.trim()).join(' ')).to.contain('at least one');
      links[1].click();
      expect(deepActiveElement()?.id).to.equal('motive');
      await expect(el).to.be.accessible();
    });

    it('keeps answers when going back, and returns to the summary after a change', async () => {
      const el = await intake();
      await fillToReview(el);
      const text = visibleText(root(el));
      expect(text).to.contain('Is surgery really needed?');
      expect(text).to.contain('Nino Beridze');
      expect(text).to.contain('March 27, 1980');
      expect(text).to.contain('translation needed');
      const change = root(el).querySelector<HTMLButtonElement>('#change-contact')!;
      change.click();
      await el.updateComplete;
      expect(el.step).to.equal('contact');
      expect(root(el).querySelector<HTMLInputElement>('#patient-name')!.value).to.equal(
        'Nino Beridze',
      );
      typeInto(el, 'patient-name', 'Nino Beridze-Kapanadze');
      await clickContinue(el);
      expect(el.step).to.equal('review');
      expect(visibleText(root(el))).to.contain('Nino Beridze-Kapanadze');
      button(el, 'back')!.click();
      await el.updateComplete;
      expect(el.step).to.equal('contact');
    });

    it('asks a proxy for their relationship and name', async () => {
      const el = await intake();
      await fillToReview(el);
      root(el).querySelector<HTMLButtonElement>('#change-contact')!.click();
      await el.updateComplete;
      check(el, 'requester-role-proxy');
      await el.updateComplete;
      expect(root(el).querySelector('#patient-name')!.getAttribute('autocomplete')).to.equal('off');
      await clickContinue(el);
      expect(el.step).to.equal('contact');
      const summary = visibleText(root(el).querySelector('#error-summary')!);
      expect(summary).to.contain('Your relationship to the patient');
      expect(summary).to.contain('Your full name');
      await expect(el).to.be.accessible();
    });
  });

  describe('Submitting', () => {
    it('sends the validated payload once, with an Idempotency-Key, and shows the receipt', async () => {
      const el = await intake();
      await readyToSend(el);
      const success = nextEvent(el, 'intake-success');
      button(el, 'submit')!.click();
      button(el, 'submit')!.click(); // a double click must not send twice
      const { detail } = await success;
      await el.updateComplete;
      const stored = await storedSubmissions();
      expect(stored.length).to.equal(1);
      expect(detail.reference).to.equal(stored[0].reference);
      expect(heading(el)).to.equal('Request sent');
      expect(visibleText(root(el))).to.contain(stored[0].reference);
      const payload = stored[0].payload;
      expect(payloadSchema.safeParse(payload).success).to.equal(true);
      const { submissionId, submittedAt, ...rest } = payload;
      expect(submissionId).to.match(/^[0-9a-f-]{36}$/);
      expect(Date.parse(submittedAt)).to.be.closeTo(Date.now(), 60_000);
      expect(rest).to.deep.equal({
        schemaVersion: 1,
        locale: 'en',
        serviceCountry: 'DE',
        requester: { role: 'patient' },
        patient: {
          name: plainAnswers.name,
          dateOfBirth: '1980-03-27',
          email: plainAnswers.email,
          phone: plainAnswers.phone,
        },
        reasons: { selected: ['verify-diagnosis', 'other'], other: plainAnswers.other },
        motive: plainAnswers.motive,
        diagnosis: plainAnswers.diagnosis,
        documents: documentsAnswer(),
        insurance: {
          hasPrivateInsurance: true,
          insurer: plainAnswers.insurer,
          policyNumber: plainAnswers.policyNumber,
          coverageConfirmed: 'not-yet',
        },
        consent: { healthDataProcessing: true },
      });
    });

    it('does not send without consent', async () => {
      const el = await intake();
      await fillToReview(el);
      button(el, 'submit')!.click();
      await el.updateComplete;
      expect(el.step).to.equal('review');
      expect(visibleText(root(el).querySelector('#error-summary')!)).to.contain(
        'tick the box to agree',
      );
      await expect(el).to.be.accessible();
      expect(await storedSubmissions()).to.deep.equal([]);
    });

    it('puts the errors of a 422 answer on their fields and focuses the summary', async () => {
      const problem = JSON.stringify({
        type: 'about:blank',
        title: 'Invalid',
        status: 422,
        errors: [
          { path: 'patient.email', code: 'invalid-email' },
          { path: 'motive', code: 'too-long' },
        ],
      });
      const el = await intake(
        `/test-api/respond/422?type=application/problem%2Bjson&body=${encodeURIComponent(problem)}`,
      );
      await readyToSend(el);
      const error = nextEvent(el, 'intake-error');
      button(el, 'submit')!.click();
      expect((await error).detail).to.deep.equal({ reason: 'invalid', status: 422 });
      await el.updateComplete;
      // The first step concerned is the reasons step (motive).
      expect(el.step).to.equal('reasons');
      const summary = root(el).querySelector('#error-summary')!;
      expect(deepActiveElement()?.id).to.equal('error-summary');
      expect(visibleText(summary)).to.contain('too long');
      await clickContinue(el);
      expect(el.step).to.equal('reasons'); // the server's error stands until the field is edited
      const eligibility = child(el, 'second-opinion-eligibility');
      const motive = eligibility.shadowRoot!.querySelector<HTMLTextAreaElement>('#motive')!;
      motive.value = 'Shorter question';
      motive.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      await clickContinue(el);
      expect(el.step).to.equal('review');
      // Fixed and back on the summary; the email error waits on the contact step.
      button(el, 'submit')!.click();
      await el.updateComplete;
      expect(el.step).to.equal('contact');
      expect(root(el).querySelector('#patient-email')!.getAttribute('aria-invalid')).to.equal(
        'true',
      );
      expect(visibleText(root(el))).to.contain('name@example.com');
      expect(root(el).querySelector<HTMLInputElement>('#patient-email')!.value).to.equal(
        'nino@example.com',
      );
      await expect(el).to.be.accessible();
    });

    it('keeps every answer when the endpoint fails, and retries with the same key', async () => {
      const el = await intake('/test-api/respond/500');
      el.maxAttempts = 1; // the widget's own retries: test/submit.test.ts
      await readyToSend(el);
      let error = nextEvent(el, 'intake-error');
      button(el, 'submit')!.click();
      expect((await error).detail).to.deep.equal({ reason: 'http', status: 500 });
      await el.updateComplete;
      expect(el.step).to.equal('review');
      const failure = root(el).querySelector('[part="submit-error"]')!;
      expect(failure.textContent).to.contain('temporary problem (error 500)');
      expect(button(el, 'submit')!.textContent.trim()).to.equal('Try again');
      expect(visibleText(root(el))).to.contain('Is surgery really needed?');
      await expect(el).to.be.accessible();
      error = nextEvent(el, 'intake-error');
      button(el, 'submit')!.click();
      await error;
      const requests = (await recordedRequests()).filter((request) => request.method === 'POST');
      expect(requests.length).to.equal(2);
      const keys = requests.map((request) => request.headers['idempotency-key']);
      expect(keys[0]).to.match(/^[0-9a-f-]{36}$/);
      expect(keys[1]).to.equal(keys[0]);
      expect((JSON.parse(requests[0].body) as { submissionId: string }).submissionId).to.equal(
        keys[0],
      );
      expect(requests[0].headers['content-type']).to.equal('application/json');
    });

    it('reports a network drop and a malformed success answer without losing answers', async () => {
      const el = await intake('/test-api/reset');
      el.maxAttempts = 1;
      await readyToSend(el);
      let error = nextEvent(el, 'intake-error');
      button(el, 'submit')!.click();
      expect((await error).detail.reason).to.equal('network');
      await el.updateComplete;
      expect(root(el).querySelector('[part="submit-error"]')!.textContent).to.contain(
        'could not reach the service',
      );
      el.endpoint = '/test-api/respond/200?body=not-json';
      error = nextEvent(el, 'intake-error');
      button(el, 'submit')!.click();
      expect((await error).detail.reason).to.equal('malformed-response');
      expect(el.step).to.equal('review');
    });

    it('lets the page send the payload itself by cancelling intake-submit', async () => {
      const el = await intake(null);
      await readyToSend(el);
      el.addEventListener('intake-submit', (event) => event.preventDefault(), { once: true });
      const submit = nextEvent(el, 'intake-submit');
      button(el, 'submit')!.click();
      const { detail } = await submit;
      expect(detail.payload.patient.email).to.equal('nino@example.com');
      el.showReceipt('PORTAL-42');
      await el.updateComplete;
      expect(visibleText(root(el))).to.contain('PORTAL-42');
      expect(await recordedRequests()).to.deep.equal([]);
    });
  });

  describe('Configuration errors', () => {
    it('shows a missing endpoint at send time and sends nothing', async () => {
      const el = await intake(null);
      await readyToSend(el);
      const error = nextEvent(el, 'intake-error');
      button(el, 'submit')!.click();
      expect((await error).detail).to.deep.equal({ reason: 'configuration' });
      await el.updateComplete;
      expect(root(el).querySelector('[part="submit-error"]')!.textContent).to.contain(
        'not set up correctly',
      );
      expect(visibleText(root(el))).to.contain('Nino Beridze');
      expect(await storedSubmissions()).to.deep.equal([]);
    });

    for (const [endpoint, words] of [
      ['http://example.com/api', 'not secure'],
      ['javascript:alert(1)', 'not valid'],
    ] as const) {
      it(`shows "${endpoint}" as a configuration error at once and never sends to it`, async () => {
        const el = await intake(endpoint);
        const banner = root(el).querySelector('[part="config-error"]')!;
        expect(banner.textContent).to.contain(words);
        await expect(el).to.be.accessible();
        await readyToSend(el);
        const error = nextEvent(el, 'intake-error');
        button(el, 'submit')!.click();
        expect((await error).detail.reason).to.equal('configuration');
      });
    }
  });

  describe('Accessibility', () => {
    it('is accessible in every step, with errors shown and hidden', async () => {
      const el = await intake();
      el.partners = ['University Hospital Example'];
      await expect(el).to.be.accessible();
      for (const step of ['reasons', 'documents', 'insurance', 'contact']) {
        await clickContinue(el);
        expect(el.step).to.equal(step);
        await expect(el).to.be.accessible();
        await clickContinue(el); // shows the errors
        expect(root(el).querySelector('#error-summary')).to.exist;
        await expect(el).to.be.accessible();
        if (step === 'reasons') {
          answer(el, 'second-opinion-eligibility', {
            selected: ['other'],
            other: 'x',
            motive: 'Why?',
          });
        }
        if (step === 'documents') {
          answer(el, 'second-opinion-documents', documentsAnswer());
        }
        if (step === 'insurance')
          answer(el, 'second-opinion-insurance', { hasPrivateInsurance: false });
        if (step === 'contact') {
          check(el, 'requester-role-patient');
          typeInto(el, 'patient-name', 'A B');
          typeDateOfBirth(el, '1', '1', '1990');
          typeInto(el, 'patient-email', 'a@example.com');
        }
        await el.updateComplete;
      }
      await clickContinue(el);
      expect(el.step).to.equal('review');
      await expect(el).to.be.accessible();
      check(el, 'consent-healthDataProcessing-yes');
      const success = nextEvent(el, 'intake-success');
      button(el, 'submit')!.click();
      await success;
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });

    it('can be completed with the keyboard alone', async () => {
      const el = await intake();
      const next = async () => {
        await tabToId('continue');
        await sendKeys({ press: 'Enter' });
        await el.updateComplete;
      };
      await next();
      expect(el.step).to.equal('reasons');
      await tabToId('reasons-verify-diagnosis');
      await sendKeys({ press: 'Space' });
      await tabToId('motive');
      await sendKeys({ type: 'Is surgery needed?' });
      await next();
      expect(el.step).to.equal('documents');
      for (const type of [
        'medical-record-extract',
        'imaging',
        'blood-tests',
        'medications',
        'other',
      ]) {
        await tabToId(`${type}-status-attached`);
        // Arrow keys move through a radio group and select: the second arrow is "I don't have it".
        await sendKeys({ press: 'ArrowDown' });
        await sendKeys({ press: 'ArrowDown' });
      }
      await next();
      expect(el.step).to.equal('insurance');
      await tabToId('has-private-insurance-yes');
      await sendKeys({ press: 'ArrowDown' });
      await next();
      expect(el.step).to.equal('contact');
      await tabToId('requester-role-patient');
      await sendKeys({ press: 'Space' });
      // In the order on screen: name, date of birth (Day, Month, Year, whatever the browser's
      // locale), email.
      await tabToId('patient-name');
      await sendKeys({ type: 'Nino Beridze' });
      await tabToId('patient-dateOfBirth-day');
      await sendKeys({ type: '27' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: '3' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: '1980' });
      await tabToId('patient-email');
      await sendKeys({ type: 'nino@example.com' });
      await el.updateComplete;
      await next();
      expect(el.step, visibleText(root(el))).to.equal('review');
      await tabToId('consent-healthDataProcessing-yes');
      await sendKeys({ press: 'Space' });
      await tabToId('submit');
      const success = nextEvent(el, 'intake-success');
      await sendKeys({ press: 'Enter' });
      await success;
      const [stored] = await storedSubmissions();
      expect(stored.payload.patient.dateOfBirth).to.equal('1980-03-27');
      expect(stored.payload.insurance).to.deep.equal({ hasPrivateInsurance: false });
      expect(stored.payload.documents.map((entry) => entry.status)).to.deep.equal(
        Array(5).fill('not-available'),
      );
      await until(() => heading(el) === 'Request sent', 'the receipt');
      expect(deepActiveElement()?.id).to.equal('step-heading');
    });
  });

  it('works at 320 px wide without horizontal scrolling', async () => {
    const el = await intake();
    el.style.width = '320px';
    await fillToReview(el);
    await aTimeout(0);
    const section = root(el).querySelector<HTMLElement>('.intake')!;
    expect(section.scrollWidth).to.be.at.most(section.clientWidth + 1);
  });

  describe('FHIR format', () => {
    const answerWith = (reference: string) =>
      `/test-api/respond/201?body=${encodeURIComponent(JSON.stringify({ reference }))}`;

    it('posts the payload as a QuestionnaireResponse in application/fhir+json', async () => {
      const el = await intake(answerWith('SO-2345-6789'));
      el.format = 'fhir';
      await readyToSend(el);
      const submitted = nextEvent(el, 'intake-submit');
      const success = nextEvent(el, 'intake-success');
      button(el, 'submit')!.click();
      const { payload } = (await submitted).detail;
      await success;

      const requests = await recordedRequests();
      expect(requests).to.have.length(1);
      expect(requests[0].headers['content-type']).to.equal('application/fhir+json');
      expect(requests[0].headers['idempotency-key']).to.equal(payload.submissionId);
      const resource = JSON.parse(requests[0].body) as Record<string, unknown>;
      expect(resource).to.include({ resourceType: 'QuestionnaireResponse', status: 'completed' });
      expect(fromQuestionnaireResponse(resource)).to.deep.equal(payload);
    });

    it('is stored once by the reference endpoint, as the native payload', async () => {
      const el = await intake();
      el.format = 'fhir';
      await readyToSend(el);
      const submitted = nextEvent(el, 'intake-submit');
      const success = nextEvent(el, 'intake-success');
      button(el, 'submit')!.click();
      const { payload } = (await submitted).detail;
      const { reference } = (await success).detail;

      const stored = await storedSubmissions();
      expect(stored).to.have.length(1);
      expect(stored[0].reference).to.equal(reference);
      expect(stored[0].payload).to.deep.equal(payload);
    });
  });
});
