/**
 * Filling in `<second-opinion-intake>` the way a patient does, and reading what the test server
 * received: shared by the submit, draft and security tests.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { SecondOpinionIntake } from '../src/elements/second-opinion-intake.js';
import type { SecondOpinionPayload } from '../src/schema/index.js';
import { nextEvent, visibleText } from './helpers.js';

export const ENDPOINT = '/api/second-opinion';
/** Test-only (test/server/middleware.ts): what the store holds; DELETE empties it. */
const STORED = '/test-api/stored';
const REQUEST_LOG = '/test-api/requests';
/** The test server's own bookkeeping routes, which tests call and the widget never does. */
export const HARNESS_PATHS: readonly string[] = [STORED, REQUEST_LOG];

export interface StoredSubmission {
  reference: string;
  payload: SecondOpinionPayload;
}
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export async function storedSubmissions(): Promise<StoredSubmission[]> {
  return (await (await fetch(STORED)).json()) as StoredSubmission[];
}
export async function recordedRequests(path?: string): Promise<RecordedRequest[]> {
  const all = (await (await fetch(REQUEST_LOG)).json()) as RecordedRequest[];
  return path === undefined ? all : all.filter((request) => request.path === path);
}
export async function clearServer(): Promise<void> {
  await fetch(STORED, { method: 'DELETE' });
  await fetch(REQUEST_LOG, { method: 'DELETE' });
}

export const root = (el: SecondOpinionIntake) => el.shadowRoot!;
export const heading = (el: SecondOpinionIntake) =>
  root(el).querySelector('#step-heading')!.textContent.trim();
export const button = (el: SecondOpinionIntake, part: string) =>
  root(el).querySelector<HTMLButtonElement>(`[part="${part}"]`);
/** The text of the submission's live region (role=status next to the Send button). */
export const statusText = (el: SecondOpinionIntake) =>
  visibleText(root(el).querySelector('.status[role="status"]') ?? root(el));
export const submitError = (el: SecondOpinionIntake) =>
  root(el).querySelector('[part="submit-error"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

export async function clickContinue(el: SecondOpinionIntake) {
  button(el, 'continue')!.click();
  await el.updateComplete;
}

/** Types into one of the intake's own fields the way the browser reports typing. */
export function typeInto(el: SecondOpinionIntake, id: string, value: string) {
  const input = root(el).querySelector<HTMLInputElement>(`#${id}`)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}
/** Types a date of birth into its Day, Month and Year fields. */
export function typeDateOfBirth(el: SecondOpinionIntake, day: string, month: string, year: string) {
  typeInto(el, 'patient-dateOfBirth-day', day);
  typeInto(el, 'patient-dateOfBirth-month', month);
  typeInto(el, 'patient-dateOfBirth-year', year);
}
export function check(el: SecondOpinionIntake, id: string) {
  root(el).querySelector<HTMLInputElement>(`#${id}`)!.click();
}

/** Answers a smaller element as a patient would, through its value and its input event. */
export function answer<K extends keyof HTMLElementTagNameMap>(
  el: SecondOpinionIntake,
  tag: K,
  value: (HTMLElementTagNameMap[K] & { value: unknown })['value'],
) {
  const element = root(el).querySelector(tag) as HTMLElementTagNameMap[K] & { value: unknown };
  element.value = value;
  element.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

export const documentsAnswer = () => [
  {
    type: 'medical-record-extract' as const,
    status: 'attached' as const,
    language: 'ka',
    translationNeeded: true,
  },
  {
    type: 'imaging' as const,
    status: 'will-send-later' as const,
    language: 'en',
    translationNeeded: false,
  },
  { type: 'blood-tests' as const, status: 'not-available' as const, translationNeeded: false },
  { type: 'medications' as const, status: 'not-available' as const, translationNeeded: false },
  { type: 'other' as const, status: 'not-available' as const, translationNeeded: false },
];

export interface Answers {
  motive: string;
  diagnosis: string;
  other: string;
  insurer: string;
  policyNumber: string;
  name: string;
  email: string;
  phone: string;
}

export const plainAnswers: Answers = {
  motive: 'Is surgery really needed?',
  diagnosis: 'Lumbar disc herniation',
  other: 'Conflicting advice',
  insurer: 'Example Insurance',
  policyNumber: 'P-123',
  name: 'Nino Beridze',
  email: 'nino@example.com',
  phone: '+995 555 12 34 56',
};

/** Fills every step with valid answers (those given, else `plainAnswers`) up to the review. */
export async function fillToReview(el: SecondOpinionIntake, given: Partial<Answers> = {}) {
  const answers = { ...plainAnswers, ...given };
  await clickContinue(el);
  answer(el, 'second-opinion-eligibility', {
    selected: ['verify-diagnosis', 'other'],
    other: answers.other,
    motive: answers.motive,
    diagnosis: answers.diagnosis,
  });
  await clickContinue(el);
  answer(el, 'second-opinion-documents', documentsAnswer());
  await clickContinue(el);
  answer(el, 'second-opinion-insurance', {
    hasPrivateInsurance: true,
    insurer: answers.insurer,
    policyNumber: answers.policyNumber,
    coverageConfirmed: 'not-yet',
  });
  await clickContinue(el);
  check(el, 'requester-role-patient');
  typeInto(el, 'patient-name', answers.name);
  typeDateOfBirth(el, '27', '3', '1980');
  typeInto(el, 'patient-email', answers.email);
  typeInto(el, 'patient-phone', answers.phone);
  await el.updateComplete;
  await clickContinue(el);
  expect(el.step, visibleText(root(el))).to.equal('review');
}

/** Fills to the review and ticks the consent: one click on Send away. */
export async function readyToSend(el: SecondOpinionIntake, given: Partial<Answers> = {}) {
  await fillToReview(el, given);
  check(el, 'consent-healthDataProcessing-yes');
  await el.updateComplete;
}

export async function intake(
  endpoint: string | null = ENDPOINT,
  configure: (el: SecondOpinionIntake) => void = () => {},
) {
  const el = await fixture<SecondOpinionIntake>(
    html`<second-opinion-intake
      endpoint=${endpoint ?? ''}
      service-country="DE"
      organization="Example Second Opinion Service"
    ></second-opinion-intake>`,
  );
  configure(el);
  await el.updateComplete;
  return el;
}

/** Overrides `navigator.onLine` (Chromium reads it from the prototype) and fires the event. */
export function setOnline(online: boolean) {
  if (online) {
    delete (navigator as { onLine?: boolean }).onLine;
  } else {
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
  }
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

/** Clicks Send and waits for the outcome's event; resolves with the intake-error detail, if any. */
export async function send(el: SecondOpinionIntake) {
  const error = nextEvent(el, 'intake-error');
  const success = nextEvent(el, 'intake-success');
  button(el, 'submit')!.click();
  const result = await Promise.race([
    error.then((event) => ({ error: event.detail })),
    success.then(() => ({ error: undefined })),
  ]);
  await el.updateComplete;
  return result.error;
}
