import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import '../src/define.js';
import type { SecondOpinionIntake } from '../src/elements/second-opinion-intake.js';
import type { FaqItem } from '../src/content/faq.js';
import { nextEvent, visibleText } from './helpers.js';
import {
  button,
  check,
  clearServer,
  clickContinue,
  ENDPOINT,
  HARNESS_PATHS,
  fillToReview,
  readyToSend,
  root,
  storedSubmissions,
  typeDateOfBirth,
  typeInto,
} from './intake-flow.js';

/**
 * Script injection, every way text reaches the widget: typed by the patient, set by the
 * embedder, sent by the server. Each payload sets `window.__pwned` if it ever runs.
 */
const INJECTIONS = [
  `<img src=x onerror="window.__pwned='img'">`,
  `<script>window.__pwned='script'</script>`,
  `javascript:window.__pwned='js'`,
  `"><svg onload="window.__pwned='svg'">`,
] as const;
const [IMG, SCRIPT, JS_URL, SVG] = INJECTIONS;

declare global {
  interface Window {
    __pwned?: string;
  }
}

/** Every element under `start`, through open shadow roots. */
function allElements(start: ParentNode): Element[] {
  const found: Element[] = [];
  for (const element of start.querySelectorAll('*')) {
    found.push(element);
    if (element.shadowRoot) found.push(...allElements(element.shadowRoot));
  }
  return found;
}

const RISKY = ['img', 'script', 'iframe', 'object', 'embed', 'svg'];
/** The page's own elements of the risky kinds (the test runner's scripts), before the test. */
let pageBaseline = 0;
const riskyInPage = () =>
  allElements(document).filter((element) => RISKY.includes(element.localName)).length;

/** Anything a payload could have smuggled into the widget: elements that run or load, handlers, links. */
function injected(widget: Element): string[] {
  const problems: string[] = [];
  for (const element of [widget, ...allElements(widget), ...allElements(widget.shadowRoot!)]) {
    const tag = element.localName;
    // The FAQ's own chevron is the only SVG the widget draws.
    const ownChevron = tag === 'svg' && element.classList.contains('chevron');
    if (RISKY.includes(tag) && !ownChevron && !element.closest('svg.chevron')) {
      problems.push(`<${tag}>`);
    }
    for (const attribute of element.getAttributeNames()) {
      if (attribute.startsWith('on')) problems.push(`${tag}[${attribute}]`);
    }
    const href = element.getAttribute('href');
    if (href && /^\s*javascript:/i.test(href)) problems.push(`${tag}[href=javascript:]`);
  }
  return problems;
}

async function expectNothingRan(widget: Element) {
  // Long enough for an image error or an svg load to have fired.
  await aTimeout(300);
  expect(window.__pwned, 'an injected script ran').to.equal(undefined);
  expect(injected(widget)).to.deep.equal([]);
  const chevrons = allElements(widget.shadowRoot!).filter((e) => e.matches('svg.chevron')).length;
  expect(riskyInPage() - chevrons).to.equal(pageBaseline);
}

/** The real inner control of a smaller element, typed into like a patient does. */
function typeInside(host: Element, id: string, value: string) {
  const field = host.shadowRoot!.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${id}`)!;
  field.value = value;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  field.dispatchEvent(new Event('change', { bubbles: true }));
}
function clickInside(host: Element, id: string) {
  host.shadowRoot!.querySelector<HTMLInputElement>(`#${id}`)!.click();
}

const pdf = (name: string) =>
  new File([new TextEncoder().encode('%PDF-1.4\n%%EOF\n')], name, { type: 'application/pdf' });

beforeEach(async () => {
  delete window.__pwned;
  pageBaseline = riskyInPage();
  await clearServer();
});

describe('Security', () => {
  it('shows injection payloads typed into every text field as text, and sends them as data', async () => {
    const el = await fixture<SecondOpinionIntake>(
      html`<second-opinion-intake
        endpoint=${ENDPOINT}
        service-country="DE"
      ></second-opinion-intake>`,
    );
    await clickContinue(el);
    const eligibility = root(el).querySelector('second-opinion-eligibility')!;
    clickInside(eligibility, 'reasons-other');
    await el.updateComplete;
    typeInside(eligibility, 'other', IMG);
    typeInside(eligibility, 'motive', SCRIPT);
    typeInside(eligibility, 'diagnosis', SVG);
    await clickContinue(el);

    const documents = root(el).querySelector('second-opinion-documents')!;
    // A file name is text the patient chose too.
    await documents.addFiles('medical-record-extract', [pdf(`${SVG}.pdf`)]);
    await documents.updateComplete;
    expect(visibleText(documents.shadowRoot!)).to.contain(`${SVG}.pdf`);
    await expectNothingRan(el);
    documents.removeFile('medical-record-extract', 0);
    documents.value = [
      {
        type: 'medical-record-extract',
        status: 'will-send-later',
        language: 'ka',
        translationNeeded: true,
      },
      { type: 'imaging', status: 'not-available', translationNeeded: false },
      { type: 'blood-tests', status: 'not-available', translationNeeded: false },
      { type: 'medications', status: 'not-available', translationNeeded: false },
      { type: 'other', status: 'not-available', translationNeeded: false },
    ];
    documents.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await clickContinue(el);

    const insurance = root(el).querySelector('second-opinion-insurance')!;
    clickInside(insurance, 'has-private-insurance-yes');
    await insurance.updateComplete;
    typeInside(insurance, 'insurer', JS_URL);
    typeInside(insurance, 'policy-number', IMG);
    clickInside(insurance, 'coverage-confirmed-not-yet');
    await clickContinue(el);

    check(el, 'requester-role-proxy');
    await el.updateComplete;
    const relationship = root(el).querySelector<HTMLSelectElement>('#requester-relationship')!;
    relationship.value = 'relative';
    relationship.dispatchEvent(new Event('change', { bubbles: true }));
    typeInto(el, 'requester-name', SCRIPT);
    typeInto(el, 'patient-name', SVG);
    typeDateOfBirth(el, '27', '3', '1980');
    // Fields with a format refuse the payload: the error says so without running it.
    typeInto(el, 'patient-email', IMG);
    typeInto(el, 'patient-phone', SVG);
    await el.updateComplete;
    await clickContinue(el);
    expect(el.step).to.equal('contact');
    expect(root(el).querySelector<HTMLInputElement>('#patient-email')!.value).to.equal(IMG);
    await expectNothingRan(el);
    typeInto(el, 'patient-email', 'relative@example.com');
    typeInto(el, 'patient-phone', '+995 555 12 34 56');
    await el.updateComplete;
    await clickContinue(el);
    expect(el.step).to.equal('review');

    const review = visibleText(root(el));
    for (const payload of INJECTIONS) expect(review).to.contain(payload);
    await expectNothingRan(el);

    check(el, 'consent-healthDataProcessing-yes');
    const success = nextEvent(el, 'intake-success');
    button(el, 'submit')!.click();
    await success;
    const [stored] = await storedSubmissions();
    expect(stored.payload.reasons.other).to.equal(IMG);
    expect(stored.payload.motive).to.equal(SCRIPT);
    expect(stored.payload.diagnosis).to.equal(SVG);
    expect(stored.payload.insurance.insurer).to.equal(JS_URL);
    expect(stored.payload.insurance.policyNumber).to.equal(IMG);
    expect(stored.payload.requester.name).to.equal(SCRIPT);
    expect(stored.payload.patient.name).to.equal(SVG);
    await expectNothingRan(el);
  });

  it('renders embedder configuration as text: FAQ items, organization, insurer, partners, privacy-url', async () => {
    const items: FaqItem[] = [
      { question: IMG, answer: [SCRIPT, [SVG, JS_URL]] },
      { question: SVG, answer: [IMG] },
    ];
    for (const privacyUrl of [JS_URL, SVG, ` ${JS_URL}`, 'JaVaScRiPt:window.__pwned=1']) {
      const el = await fixture<SecondOpinionIntake>(
        html`<second-opinion-intake
          endpoint=${ENDPOINT}
          organization=${IMG}
          insurer=${SVG}
          privacy-url=${privacyUrl}
        ></second-opinion-intake>`,
      );
      el.partners = [SCRIPT, JS_URL];
      await el.updateComplete;
      const faq = root(el).querySelector('second-opinion-faq')!;
      faq.items = items;
      await faq.updateComplete;
      faq.expand(0);
      faq.expand(1);
      await faq.updateComplete;
      const first = visibleText(root(el));
      for (const payload of INJECTIONS) expect(first).to.contain(payload);
      await expectNothingRan(el);

      // The insurer is named in the insurance step, the organization in the consent.
      await fillToReview(el);
      const insurance = root(el).querySelector('second-opinion-insurance')!;
      expect(visibleText(insurance.shadowRoot!)).to.contain(SVG);
      const consent = visibleText(root(el).querySelector('.consent')!);
      expect(consent).to.contain(IMG);
      const links = [...root(el).querySelectorAll<HTMLAnchorElement>('a[href]')];
      for (const link of links) expect(link.protocol, link.href).to.match(/^https?:$/);
      await expectNothingRan(el);
      el.remove();
    }
  });

  it('shows server answers as text: problem details, field errors and a reference with markup', async () => {
    const el = await fixture<SecondOpinionIntake>(
      html`<second-opinion-intake
        endpoint=${ENDPOINT}
        service-country="DE"
      ></second-opinion-intake>`,
    );
    await readyToSend(el);
    el.maxAttempts = 1;
    const problem = { type: JS_URL, title: IMG, detail: SCRIPT, status: 500, instance: SVG };
    const respond = (status: number, body: object) =>
      `/test-api/respond/${status}?type=application/problem%2Bjson&body=${encodeURIComponent(JSON.stringify(body))}`;

    el.endpoint = respond(500, problem);
    let error = nextEvent(el, 'intake-error');
    button(el, 'submit')!.click();
    await error;
    await el.updateComplete;
    await expectNothingRan(el);

    el.endpoint = respond(422, {
      ...problem,
      status: 422,
      errors: [
        { path: 'patient.email', code: IMG },
        { path: SVG, code: SCRIPT },
      ],
    });
    error = nextEvent(el, 'intake-error');
    button(el, 'submit')!.click();
    await error;
    await el.updateComplete;
    expect(el.step).to.equal('contact');
    await expectNothingRan(el);
    // The widget never shows the server's prose, only its own messages for the codes.
    expect(visibleText(root(el))).not.to.contain(SCRIPT);

    // The patient fixes the field and sends again; the path no field shows does not block it.
    typeInto(el, 'patient-email', 'nino.b@example.com');
    await el.updateComplete;
    await clickContinue(el);
    expect(el.step).to.equal('review');
    expect(visibleText(root(el))).to.contain(SVG);
    await expectNothingRan(el);
    const reference = `SO-${IMG}`;
    el.endpoint = `/test-api/respond/201?body=${encodeURIComponent(JSON.stringify({ reference }))}`;
    const success = nextEvent(el, 'intake-success');
    button(el, 'submit')!.click();
    await success;
    await el.updateComplete;
    expect(visibleText(root(el))).to.contain(reference);
    await expectNothingRan(el);
  });

  describe('Network and console', () => {
    const answers = {
      motive: 'Unique-motive: can physiotherapy replace the operation?',
      diagnosis: 'Unique-diagnosis: spondylolisthesis',
      other: 'Unique-other: my surgeon retired',
      insurer: 'Unique Insurer Ltd',
      policyNumber: 'POL-UNIQUE-777',
      name: 'Zurab Uniquadze',
      email: 'zurab.uniquadze@example.org',
      phone: '+995 599 00 11 22',
    };
    const values = Object.values(answers);
    const containsValue = (text: string) =>
      values.find((value) => text.includes(value) || text.includes(encodeURIComponent(value)));

    for (const format of ['json', 'fhir'] as const) {
      it(`talks only to the endpoint and the page's own files, and logs no answer (${format})`, async () => {
        const seen: PerformanceResourceTiming[] = [];
        const observer = new PerformanceObserver((list) => {
          seen.push(...(list.getEntries() as PerformanceResourceTiming[]));
        });
        // Entries of requests made before the flow (the test's own clean-up) may arrive late.
        const flowStart = performance.now();
        observer.observe({ type: 'resource' });
        const sockets: string[] = [];
        const OriginalWebSocket = window.WebSocket;
        const OriginalEventSource = window.EventSource;
        const beacon = navigator.sendBeacon;
        window.WebSocket = class extends OriginalWebSocket {
          constructor(url: string | URL, protocols?: string | string[]) {
            sockets.push(String(url));
            super(url, protocols);
          }
        };
        window.EventSource = class extends OriginalEventSource {
          constructor(url: string | URL, init?: EventSourceInit) {
            sockets.push(String(url));
            super(url, init);
          }
        };
        navigator.sendBeacon = (url: string | URL, data?: BodyInit | null) => {
          sockets.push(String(url));
          return beacon.call(navigator, url, data);
        };
        const logged: string[] = [];
        const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'table', 'dir'] as const;
        const originals = methods.map((method) => console[method]);
        for (const method of methods) {
          console[method] = (...args: unknown[]) => {
            logged.push(
              args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '),
            );
          };
        }
        const errors: string[] = [];
        const onError = (event: ErrorEvent) => errors.push(String(event.message));
        window.addEventListener('error', onError);
        const events: string[] = [];
        const pageUrl = location.href;
        const route = `/test-api/flaky/security-${format}-${Date.now()}`;
        try {
          const el = await fixture<SecondOpinionIntake>(
            html`<second-opinion-intake
              endpoint=${`${route}?fail=1&status=503&retryAfter=0`}
              service-country="DE"
              format=${format}
            ></second-opinion-intake>`,
          );
          for (const type of ['intake-step-change', 'intake-error', 'intake-success']) {
            el.addEventListener(type, (event) =>
              events.push(JSON.stringify((event as CustomEvent).detail)),
            );
          }
          await readyToSend(el, answers);
          // A locale the widget does not know: it says so on the console, naming no answer.
          el.locale = 'xx-YY';
          await el.updateComplete;
          const success = nextEvent(el, 'intake-success');
          button(el, 'submit')!.click();
          await success;
          await aTimeout(200);
        } finally {
          observer.disconnect();
          window.WebSocket = OriginalWebSocket;
          window.EventSource = OriginalEventSource;
          navigator.sendBeacon = beacon;
          methods.forEach((method, index) => (console[method] = originals[index] as never));
          window.removeEventListener('error', onError);
        }
        seen.push(...(observer.takeRecords() as PerformanceResourceTiming[]));
        // WebKit may stamp the clean-up's last request (beforeEach) after flowStart: the harness's
        // own routes are the test's traffic, not the widget's, whatever their time stamp.
        const during = seen.filter(
          (entry) =>
            entry.startTime >= flowStart && !HARNESS_PATHS.includes(new URL(entry.name).pathname),
        );
        expect(during.length).to.be.at.least(2);

        const foreign = during.filter((entry) => new URL(entry.name).origin !== location.origin);
        expect(foreign.map((entry) => entry.name)).to.deep.equal([]);
        const calls = during.filter((entry) =>
          ['fetch', 'xmlhttprequest', 'beacon'].includes(entry.initiatorType),
        );
        // The endpoint, twice (a 503, then the stored request), and nothing else.
        expect(calls.map((entry) => new URL(entry.name).pathname)).to.deep.equal([route, route]);
        for (const entry of during.filter((item) => !calls.includes(item))) {
          // Lazily loaded code (the FHIR mapping), served by the page's own server.
          expect(entry.initiatorType, entry.name).to.be.oneOf(['script', 'link', 'other']);
          expect(new URL(entry.name).pathname, entry.name).to.match(/^\/(src|node_modules)\//);
        }
        expect(sockets).to.deep.equal([]);
        for (const entry of during) {
          expect(containsValue(entry.name), entry.name).to.equal(undefined);
        }
        expect(location.href).to.equal(pageUrl);
        expect(logged.length, 'the unknown locale is reported').to.be.greaterThan(0);
        for (const line of logged) expect(containsValue(line), line).to.equal(undefined);
        for (const detail of events) expect(containsValue(detail), detail).to.equal(undefined);
        expect(events.length).to.be.greaterThan(5);
        expect(errors).to.deep.equal([]);
        const [stored] = await storedSubmissions();
        expect(stored.payload.patient.name).to.equal(answers.name);
      });
    }
  });
});
