import { expect } from '@open-wc/testing';
// The script-tag entry: it sets up localization, so the patient's language can change.
import '../src/bundle.js';
import type { SecondOpinionIntake } from '../src/elements/second-opinion-intake.js';
import type { IntakeErrorDetail } from '../src/events.js';
import { submitPayload } from '../src/submit/client.js';
import { nextEvent, until, visibleText } from './helpers.js';
import {
  answer,
  button,
  clearServer,
  clickContinue,
  ENDPOINT,
  heading,
  intake,
  plainAnswers,
  readyToSend,
  recordedRequests,
  root,
  send,
  statusText,
  storedSubmissions,
  submitError,
} from './intake-flow.js';
import { proxyRequest } from './fixtures/payloads.js';

/**
 * The endpoint's idempotency answers as the patient meets them, against the reference endpoint
 * (test/server/middleware.ts): a key stored with other answers (422 idempotency-key-reused) and a
 * key still being received (409 request-in-flight).
 */

let uniqueKey = 0;
const flakyKey = () => `idem${Date.now()}-${(uniqueKey += 1)}`;
const pathOf = (route: string) => route.split('?')[0];
const CHANGED_MOTIVE = 'Would physiotherapy be enough instead of surgery?';
const payload = () =>
  proxyRequest([{ type: 'blood-tests', status: 'not-available', translationNeeded: false }]);

/** Every intake-error detail the element fires, for checking they carry no answer. */
function errorsOf(el: SecondOpinionIntake): IntakeErrorDetail[] {
  const details: IntakeErrorDetail[] = [];
  el.addEventListener('intake-error', (event) => details.push(event.detail));
  return details;
}

/** No answer the patient typed appears in what a page may log. */
function expectNoFieldValues(details: unknown[]) {
  const text = JSON.stringify(details);
  for (const value of [...(Object.values(plainAnswers) as string[]), CHANGED_MOTIVE]) {
    expect(text).not.to.contain(value);
  }
}

/** The patient goes back from the review to the reasons, changes the question, and returns. */
async function changeMotive(el: SecondOpinionIntake) {
  root(el).querySelector<HTMLButtonElement>('#change-reasons')!.click();
  await el.updateComplete;
  expect(el.step).to.equal('reasons');
  const eligibility = root(el).querySelector('second-opinion-eligibility')!;
  answer(el, 'second-opinion-eligibility', { ...eligibility.value, motive: CHANGED_MOTIVE });
  await clickContinue(el);
  expect(el.step).to.equal('review');
}

beforeEach(clearServer);

describe('Idempotency answers', () => {
  describe('The client alone', () => {
    it('reports a key stored with other answers as key-reused, with the first reference', async () => {
      const sent = payload();
      const first = await submitPayload({
        endpoint: new URL(ENDPOINT, location.href),
        payload: sent,
      });
      expect(first.kind).to.equal('accepted');
      const changed = { ...sent, motive: CHANGED_MOTIVE };
      const again = await submitPayload({
        endpoint: new URL(ENDPOINT, location.href),
        payload: changed,
      });
      expect(again).to.deep.equal({
        kind: 'key-reused',
        reference: first.kind === 'accepted' ? first.reference : '',
        attempts: 1,
      });
      expect(await storedSubmissions()).to.have.length(1);
    });

    it('retries a 409 request-in-flight within the attempts, but not any other 409', async () => {
      const waits: number[] = [];
      const instant = {
        sleep: (ms: number) => (waits.push(ms), Promise.resolve(true)),
        random: () => 0.5,
      };
      const body = encodeURIComponent(JSON.stringify({ status: 409, code: 'request-in-flight' }));
      const inFlight = `/test-api/respond/409?type=application/problem%2Bjson&body=${body}&header=Retry-After:%202`;
      const outcome = await submitPayload({
        endpoint: new URL(inFlight, location.href),
        payload: payload(),
        maxAttempts: 3,
        ...instant,
      });
      expect(outcome).to.deep.equal({ kind: 'failed', reason: 'http', status: 409, attempts: 3 });
      expect(waits).to.deep.equal([2000, 2000]);

      const conflict = '/test-api/respond/409?type=application/problem%2Bjson&body=%7B%7D';
      const other = await submitPayload({
        endpoint: new URL(conflict, location.href),
        payload: payload(),
        ...instant,
      });
      expect(other).to.deep.equal({ kind: 'failed', reason: 'http', status: 409, attempts: 1 });
    });
  });

  describe('<second-opinion-intake>', () => {
    it('says in plain words that the first request arrived without the changes, and sends them as new only when asked', async () => {
      // The first send is stored, but its answer is lost (twice: Chromium may send a request
      // again by itself when a reused connection is reset).
      const lost = `/test-api/flaky/${flakyKey()}?fail=2&mode=lose`;
      const el = await intake(lost, (el) => (el.maxAttempts = 1));
      const errors = errorsOf(el);
      await readyToSend(el);
      expect((await send(el))?.reason).to.equal('network');
      const [original] = await storedSubmissions();
      expect(original).to.not.equal(undefined);

      // From here on every request reaches the endpoint, and is recorded on the way.
      const route = `/test-api/flaky/${flakyKey()}?fail=0`;
      el.endpoint = route;
      await changeMotive(el);
      expect(await send(el)).to.deep.equal({ reason: 'idempotency-key-reused' });

      // What the patient sees: the first reference, the changes not added, the answers kept.
      const message = submitError(el);
      expect(message).to.contain('already received your request');
      expect(message).to.contain(original.reference);
      expect(message).to.contain('were not added');
      expect(statusText(el)).to.contain(original.reference);
      expect(visibleText(root(el))).to.contain(CHANGED_MOTIVE);
      expect(button(el, 'submit')!.textContent.trim()).to.equal('Send as a new request');
      await expect(el).to.be.accessible();

      // In the patient's language; the reference kept whole inside right-to-left text.
      el.locale = 'ar';
      await until(() => submitError(el).includes('كطلب جديد'), 'the Arabic message');
      expect(submitError(el)).to.contain(`\u2068${original.reference}\u2069`);
      expect(button(el, 'submit')!.textContent.trim()).to.equal('الإرسال كطلب جديد');
      el.locale = 'en';
      await until(() => submitError(el).includes('were not added'), 'the English message');

      // The retry used the same key; nothing new was stored, nothing sent by itself.
      const requests = await recordedRequests(pathOf(route));
      expect(requests.map((request) => request.headers['idempotency-key'])).to.deep.equal([
        original.payload.submissionId,
      ]);
      const stored = await storedSubmissions();
      expect(stored).to.have.length(1);
      expect(stored[0].payload.motive).to.equal(plainAnswers.motive);

      // "Send as a new request": a new key, a second stored request with the current answers.
      const success = nextEvent(el, 'intake-success');
      button(el, 'submit')!.click();
      const { reference } = (await success).detail;
      await el.updateComplete;
      expect(heading(el)).to.equal('Request sent');
      const after = await storedSubmissions();
      expect(after).to.have.length(2);
      const second = after.find((submission) => submission.reference === reference)!;
      expect(second.payload.motive).to.equal(CHANGED_MOTIVE);
      expect(second.payload.submissionId).not.to.equal(original.payload.submissionId);
      const keys = (await recordedRequests(pathOf(route))).map(
        (request) => request.headers['idempotency-key'],
      );
      expect(keys).to.deep.equal([original.payload.submissionId, second.payload.submissionId]);
      expect(visibleText(root(el))).to.contain(reference);

      expect(errors).to.deep.equal([{ reason: 'network' }, { reason: 'idempotency-key-reused' }]);
      expectNoFieldValues(errors);
    });

    it('sends unchanged answers again under the same key and gets the first reference', async () => {
      const route = `/test-api/flaky/${flakyKey()}?fail=2&mode=lose`;
      const el = await intake(route, (el) => (el.maxAttempts = 1));
      await readyToSend(el);
      expect((await send(el))?.reason).to.equal('network');
      // The patient's own retry, later: the same answers are the same request.
      el.endpoint = ENDPOINT;
      expect(await send(el)).to.equal(undefined);
      const stored = await storedSubmissions();
      expect(stored).to.have.length(1);
      expect(visibleText(root(el))).to.contain(stored[0].reference);
    });

    it('waits while the first attempt is still being received (409), then gets its one stored copy', async () => {
      const key = flakyKey();
      const route = `/test-api/flaky/${key}?fail=1&mode=hold`;
      // The held first attempt times out in the widget while the endpoint still receives it.
      // With a file the request is multipart: the server claims the key once the answers (the
      // first part) are read, and holds it while the file's bytes arrive.
      const el = await intake(route, (el) => (el.timeout = 500));
      const errors = errorsOf(el);
      await readyToSend(el);
      const documents = root(el).querySelector('second-opinion-documents')!;
      await documents.addFiles('medical-record-extract', [
        new File(['%PDF-1.4\n', 'x'.repeat(2000)], 'form-100.pdf', { type: 'application/pdf' }),
      ]);
      await el.updateComplete;
      const success = nextEvent(el, 'intake-success');
      button(el, 'submit')!.click();
      await until(() => statusText(el).includes('still being received'), 'the in-flight notice');
      expect(statusText(el)).to.match(/attempt \d of 4/);
      await expect(el).to.be.accessible();
      expect(await storedSubmissions()).to.have.length(0);

      await fetch(`/test-api/release/${key}`, { method: 'POST' });
      const { reference } = (await success).detail;
      await el.updateComplete;
      expect(heading(el)).to.equal('Request sent');
      const stored = await storedSubmissions();
      expect(stored).to.have.length(1);
      expect(stored[0].reference).to.equal(reference);
      const keys = (await recordedRequests(pathOf(route))).map(
        (request) => request.headers['idempotency-key'],
      );
      expect(keys.length).to.be.within(3, 4);
      expect(new Set(keys)).to.deep.equal(new Set([stored[0].payload.submissionId]));
      expect(errors).to.deep.equal([]);
    });
  });
});
