/**
 * `<second-opinion-inbox>` against the real receiving server (test/server/inbox-server.ts): a
 * request sent through the patient widget is stored by `createReceivingHandler` in the embedded
 * store, and the inbox reads, downloads, changes and deletes it through the staff API with a
 * token of the demo sign-in, checked through the real JWKS path.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/define.js';
import type { SecondOpinionIntake } from '../src/elements/second-opinion-intake.js';
import '../src/inbox/define.js';
import type { SecondOpinionInbox } from '../src/inbox/second-opinion-inbox.js';
import type { AuditEntry } from '../src/inbox/staff-client.js';
import { setUpLocalization } from '../src/localization.js';
import { makeFile } from './attachment-fixtures.js';
import { deepActiveElement, nextEvent, tabTo, until, visibleText } from './helpers.js';
import { button, readyToSend, root } from './intake-flow.js';

const BASE = '/api/inbox/second-opinion';

setUpLocalization();

async function signIn(): Promise<string> {
  const response = await fetch('/demo/auth/token', { method: 'POST' });
  expect(response.status).to.equal(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function sha256(data: BufferSource): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Sends a request through the patient widget, with one PDF; its reference and the file. */
async function sendThroughWidget(): Promise<{ reference: string; file: File }> {
  const intake = await fixture<SecondOpinionIntake>(
    html`<second-opinion-intake
      endpoint=${BASE}
      service-country="DE"
      organization="Example Second Opinion Service"
    ></second-opinion-intake>`,
  );
  await readyToSend(intake, { motive: 'Is the operation really necessary?' });
  const file = makeFile('pdf', 'discharge-summary.pdf', { salt: crypto.randomUUID() });
  const documents = root(intake).querySelector('second-opinion-documents')!;
  const added = await documents.addFiles('medical-record-extract', [file]);
  expect(added.refused).to.deep.equal([]);
  await intake.updateComplete;
  const success = nextEvent(intake, 'intake-success');
  button(intake, 'submit')!.click();
  const { reference } = (await success).detail;
  intake.remove();
  return { reference, file };
}

const shadow = (el: SecondOpinionInbox) => el.shadowRoot!;
const query = <T extends Element = HTMLElement>(el: SecondOpinionInbox, selector: string) =>
  shadow(el).querySelector<T & Element>(selector);
const heading = (el: SecondOpinionInbox) => query(el, '#view-heading')?.textContent?.trim();
const liveRegion = (el: SecondOpinionInbox) => visibleText(query(el, '[role="status"]')!);

async function inbox(token: string | (() => string), locale = 'en') {
  const getToken = typeof token === 'function' ? token : () => token;
  return fixture<SecondOpinionInbox>(
    html`<second-opinion-inbox
      endpoint=${BASE}
      locale=${locale}
      .getToken=${getToken}
    ></second-opinion-inbox>`,
  );
}

/** The inbox showing the list, with `reference` in it. */
async function inboxListing(reference: string, token: string) {
  const el = await inbox(token);
  await until(() => query(el, `[id="open-${reference}"]`) !== null, `${reference} in the list`);
  return el;
}

async function openRequest(el: SecondOpinionInbox, reference: string) {
  query<HTMLButtonElement>(el, `[id="open-${reference}"]`)!.click();
  await until(() => query(el, '#current-status') !== null, 'the request to open');
}

/** Records what the inbox hands to the user as files, instead of saving them to disk. */
function captureDownloads() {
  const blobs = new Map<string, Blob>();
  const saved: { blob: Blob; fileName: string; url: string; connected: boolean }[] = [];
  const createObjectURL = URL.createObjectURL;
  const click = HTMLAnchorElement.prototype.click;
  URL.createObjectURL = (object: Blob | MediaSource) => {
    const url = createObjectURL.call(URL, object);
    if (object instanceof Blob) blobs.set(url, object);
    return url;
  };
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    const blob = blobs.get(this.href);
    if (!blob || !this.download) return click.call(this);
    saved.push({ blob, fileName: this.download, url: this.href, connected: this.isConnected });
  };
  return {
    saved,
    restore() {
      URL.createObjectURL = createObjectURL;
      HTMLAnchorElement.prototype.click = click;
    },
  };
}

async function auditOf(reference: string, token: string): Promise<AuditEntry[]> {
  const response = await fetch(`${BASE}/staff/requests/${reference}/audit`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return ((await response.json()) as { entries: AuditEntry[] }).entries;
}

describe('second-opinion-inbox', () => {
  let token: string;
  before(async () => {
    token = await signIn();
  });

  describe('With the real server', () => {
    it('shows a request sent through the widget, laid out for a clinician', async () => {
      const { reference } = await sendThroughWidget();
      let calls = 0;
      const el = await inbox(() => {
        calls += 1;
        return token;
      });
      await until(() => query(el, `[id="open-${reference}"]`) !== null, 'the request listed');
      expect(calls).to.equal(1);
      const row = query(el, `[id="open-${reference}"]`)!.closest('tr')!;
      expect(visibleText(row)).to.contain('New');
      expect(liveRegion(el)).to.match(/Requests shown: \d+/);

      await openRequest(el, reference);
      expect(calls, 'one getToken() call per request').to.equal(2);
      expect(heading(el)).to.equal(`Request ${reference}`);
      const text = visibleText(shadow(el));
      expect(text).to.contain('Is the operation really necessary?');
      expect(text).to.contain('Nino Beridze');
      expect(text).to.contain('To have the existing diagnosis checked');
      const documentRow = [...shadow(el).querySelectorAll('tbody tr')].find((tr) =>
        tr.textContent.includes('Medical record extract'),
      )!;
      // Georgian documents for a German service: a translation is needed.
      expect(visibleText(documentRow)).to.contain('Georgian');
      expect(visibleText(documentRow)).to.contain('Translation needed');
      expect(visibleText(documentRow)).to.contain('discharge-summary.pdf');
      expect(liveRegion(el)).to.equal(`Request ${reference} opened.`);
    });

    it('downloads a file byte-identical to what the patient attached', async () => {
      const { reference, file } = await sendThroughWidget();
      const el = await inboxListing(reference, token);
      await openRequest(el, reference);
      const downloads = captureDownloads();
      try {
        const download = query<HTMLButtonElement>(
          el,
          'button[aria-label="Download discharge-summary.pdf"]',
        )!;
        download.click();
        await until(() => downloads.saved.length === 1, 'the download');
      } finally {
        downloads.restore();
      }
      const [saved] = downloads.saved;
      expect(saved.fileName).to.equal('discharge-summary.pdf');
      expect(saved.connected, 'the link was in the document when clicked').to.equal(true);
      const bytes = await (await fetch(saved.url)).arrayBuffer();
      expect(await sha256(bytes)).to.equal(await sha256(await file.arrayBuffer()));
      expect(liveRegion(el)).to.equal('Downloaded discharge-summary.pdf.');
      const entries = await auditOf(reference, token);
      expect(entries.map((entry) => entry.action)).to.include('download');
    });

    it('changes the status with a note; the history and the audit trail show it', async () => {
      const { reference } = await sendThroughWidget();
      const el = await inboxListing(reference, token);
      await openRequest(el, reference);
      query<HTMLInputElement>(el, '#status-in-review')!.click();
      query<HTMLTextAreaElement>(el, '#status-note')!.value = 'Asked the radiologist';
      query<HTMLButtonElement>(el, '#save-status')!.click();
      await until(() => query(el, '#current-status')!.textContent.includes('In review'), 'status');
      expect(liveRegion(el)).to.equal('Status changed to “In review”.');
      expect(visibleText(query(el, '.history')!)).to.contain('Asked the radiologist');
      expect(visibleText(query(el, '.history')!)).to.contain('by demo-clinician');
      // The next moves: on to answered, or back to new.
      expect(query(el, '#status-answered')).to.exist;
      expect(query(el, '#status-new')).to.exist;

      query<HTMLButtonElement>(el, '#audit')!.click();
      await until(() => query(el, 'table.audit') !== null, 'the audit trail');
      expect(heading(el)).to.equal(`Audit trail of ${reference}`);
      const rows = [...shadow(el).querySelectorAll('table.audit tbody tr')].map(visibleText);
      expect(rows.some((row) => /demo-clinician Opened the request/.test(row))).to.equal(true);
      expect(rows.some((row) => /demo-clinician Changed the status in-review/.test(row))).to.equal(
        true,
      );
      expect(deepActiveElement()?.id).to.equal('view-heading');

      query<HTMLButtonElement>(el, '#back')!.click();
      await el.updateComplete;
      expect(deepActiveElement()?.id, 'focus returns to the audit button').to.equal('audit');
      await expect(el).to.be.accessible();
    });

    it('says when the status was changed meanwhile, and shows the current one', async () => {
      const { reference } = await sendThroughWidget();
      const el = await inboxListing(reference, token);
      await openRequest(el, reference);
      // Colleagues answer it while this page still shows it new and offers "In review": from
      // "answered" that is one step back, a move the server would allow, but not the one chosen.
      for (const status of ['in-review', 'answered']) {
        const moved = await fetch(`${BASE}/staff/requests/${reference}/status`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ status }),
        });
        expect(moved.status).to.equal(200);
      }
      query<HTMLInputElement>(el, '#status-in-review')!.click();
      query<HTMLButtonElement>(el, '#save-status')!.click();
      await until(() => query(el, '#error-summary') !== null, 'the refusal');
      expect(visibleText(query(el, '#error-summary')!)).to.contain('it was changed meanwhile');
      await until(() => query(el, '#current-status')!.textContent.includes('Answered'), 'status');
      const stored = await fetch(`${BASE}/staff/requests/${reference}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(((await stored.json()) as { status: string }).status).to.equal('answered');
      expect(deepActiveElement()?.id).to.equal('error-summary');
      await expect(el).to.be.accessible();
    });

    it('exports the request as a FHIR transaction Bundle file', async () => {
      const { reference } = await sendThroughWidget();
      const el = await inboxListing(reference, token);
      await openRequest(el, reference);
      const downloads = captureDownloads();
      try {
        query<HTMLButtonElement>(el, '#export')!.click();
        await until(() => downloads.saved.length === 1, 'the export');
      } finally {
        downloads.restore();
      }
      const bundle = JSON.parse(await downloads.saved[0].blob.text()) as {
        resourceType: string;
        type: string;
        entry: { resource: { resourceType: string } }[];
      };
      expect(downloads.saved[0].fileName).to.match(/\.json$/);
      expect(bundle.resourceType).to.equal('Bundle');
      expect(bundle.type).to.equal('transaction');
      const types = bundle.entry.map((entry) => entry.resource.resourceType);
      expect(types).to.include('QuestionnaireResponse');
      expect(types).to.include('DocumentReference');
    });

    it('deletes a request only after the confirmation step', async () => {
      const { reference } = await sendThroughWidget();
      const el = await inboxListing(reference, token);
      await openRequest(el, reference);
      query<HTMLButtonElement>(el, '#delete')!.click();
      await el.updateComplete;
      expect(heading(el)).to.equal(`Delete request ${reference}?`);
      expect(deepActiveElement()?.id).to.equal('view-heading');
      await expect(el).to.be.accessible();

      query<HTMLButtonElement>(el, '#cancel-delete')!.click();
      await el.updateComplete;
      expect(deepActiveElement()?.id, 'focus back on Delete').to.equal('delete');
      const stillThere = await fetch(`${BASE}/staff/requests/${reference}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(stillThere.status).to.equal(200);

      query<HTMLButtonElement>(el, '#delete')!.click();
      await el.updateComplete;
      query<HTMLButtonElement>(el, '#confirm-delete')!.click();
      await until(() => liveRegion(el) === `Request ${reference} was deleted.`, 'the deletion');
      expect(heading(el)).to.equal('Second-opinion requests');
      expect(query(el, `[id="open-${reference}"]`)).to.equal(null);
      expect(deepActiveElement()?.id).to.equal('view-heading');
      const gone = await fetch(`${BASE}/staff/requests/${reference}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(gone.status).to.equal(404);
      const entries = await auditOf(reference, token);
      expect(entries.at(-1)).to.include({ action: 'delete', actor: 'demo-clinician' });
    });

    it('filters by status and finds a request by its reference', async () => {
      const closed = (await sendThroughWidget()).reference;
      for (const status of ['in-review', 'answered', 'closed']) {
        const moved = await fetch(`${BASE}/staff/requests/${closed}/status`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ status }),
        });
        expect(moved.status).to.equal(200);
      }
      const { reference } = await sendThroughWidget();
      const el = await inboxListing(reference, token);
      query<HTMLInputElement>(el, '#filter-reference')!.value = reference.toLowerCase();
      query<HTMLButtonElement>(el, 'form.filter button[type="submit"]')!.click();
      await until(() => liveRegion(el) === 'Requests shown: 1', 'one request');
      expect(shadow(el).querySelectorAll('table.requests tbody tr').length).to.equal(1);

      query<HTMLInputElement>(el, '#filter-reference')!.value = '';
      query<HTMLSelectElement>(el, '#filter-status')!.value = 'closed';
      query<HTMLButtonElement>(el, 'form.filter button[type="submit"]')!.click();
      await until(() => query(el, `[id="open-${reference}"]`) === null, 'the new one filtered out');
      expect(query(el, `[id="open-${closed}"]`)).to.exist;
      const statuses = [
        ...shadow(el).querySelectorAll('table.requests tbody tr td:nth-of-type(2)'),
      ];
      expect(statuses.every((cell) => visibleText(cell) === 'Closed')).to.equal(true);
    });
  });

  describe('Paging', () => {
    it('shows older requests page by page', async () => {
      const older = (await sendThroughWidget()).reference;
      const newer = (await sendThroughWidget()).reference;
      const el = await fixture<SecondOpinionInbox>(
        html`<second-opinion-inbox
          endpoint=${BASE}
          locale="en"
          page-size="1"
          .getToken=${() => token}
        ></second-opinion-inbox>`,
      );
      await until(() => query(el, `[id="open-${newer}"]`) !== null, 'the newest request');
      expect(shadow(el).querySelectorAll('table.requests tbody tr').length).to.equal(1);
      const more = () =>
        [...shadow(el).querySelectorAll('button')].find((b) => b.textContent.includes('older'));
      more()!.click();
      await until(() => liveRegion(el) === 'Requests shown: 2', 'the second page');
      const references = [...shadow(el).querySelectorAll('table.requests tbody th')].map((cell) =>
        cell.textContent.trim(),
      );
      expect(references).to.deep.equal([newer, older]);
    });
  });

  describe('Accessibility', () => {
    it('passes axe in the list and the detail view', async () => {
      const { reference } = await sendThroughWidget();
      const el = await inboxListing(reference, token);
      await expect(el).to.be.accessible();
      await openRequest(el, reference);
      await expect(el).to.be.accessible();
    });

    it('announces a refused token in an error summary that takes focus, and tells the host', async () => {
      // Not a JWT: the server tries it as a static API token, and knows none by that hash.
      const el = await inbox('not-a-token');
      const refused = await nextEvent(el, 'inbox-unauthorized');
      expect(refused.detail.code).to.equal('unknown-token');
      await until(() => query(el, '#error-summary') !== null, 'the error summary');
      await el.updateComplete;
      const summary = query(el, '[role="alert"]')!;
      expect(visibleText(summary)).to.contain('There is a problem');
      expect(visibleText(summary)).to.contain('Sign in again');
      expect(deepActiveElement()?.id).to.equal('error-summary');
      await expect(el).to.be.accessible();
    });

    it('works with the keyboard alone: open a request, change its status, go back', async () => {
      const { reference } = await sendThroughWidget();
      const el = await inboxListing(reference, token);
      await tabTo((element) => element.id === `open-${reference}`);
      await sendKeys({ press: 'Enter' });
      await until(() => query(el, '#current-status') !== null, 'the request to open');
      expect(deepActiveElement()?.id, 'focus on the request heading').to.equal('view-heading');

      await tabTo((element) => element.id === 'status-in-review');
      await sendKeys({ press: 'Space' });
      await sendKeys({ press: 'Tab' });
      expect(deepActiveElement()?.id).to.equal('status-note');
      await sendKeys({ type: 'Seen by Dr Kapanadze' });
      await sendKeys({ press: 'Tab' });
      expect(deepActiveElement()?.id).to.equal('save-status');
      await sendKeys({ press: 'Enter' });
      await until(() => query(el, '#current-status')!.textContent.includes('In review'), 'status');
      expect(visibleText(query(el, '.history')!)).to.contain('Seen by Dr Kapanadze');

      await sendKeys({ down: 'Shift' });
      for (let press = 0; press < 80 && deepActiveElement()?.id !== 'back'; press += 1) {
        await sendKeys({ press: 'Tab' });
      }
      await sendKeys({ up: 'Shift' });
      expect(deepActiveElement()?.id).to.equal('back');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(deepActiveElement()?.id, 'focus back on the request').to.equal(`open-${reference}`);
      const row = query(el, `[id="open-${reference}"]`)!.closest('tr')!;
      expect(visibleText(row)).to.contain('In review');
    });

    it('asks for a status before changing it, next to the choices', async () => {
      const { reference } = await sendThroughWidget();
      const el = await inboxListing(reference, token);
      await openRequest(el, reference);
      query<HTMLButtonElement>(el, '#save-status')!.click();
      await el.updateComplete;
      expect(visibleText(query(el, '#status-choice-error')!)).to.contain('Choose the new status.');
      expect(deepActiveElement()?.id).to.equal('status-in-review');
      await expect(el).to.be.accessible();
    });
  });

  describe('Localization', () => {
    afterEach(async () => {
      // Back to English for the next tests: the page has one locale.
      const el = await inbox(token, 'en');
      await until(() => heading(el) === 'Second-opinion requests', 'English again');
    });

    it('renders right to left in Arabic', async () => {
      const { reference } = await sendThroughWidget();
      const el = await inbox(token, 'ar');
      await until(() => heading(el) === 'طلبات الرأي الثاني', 'the Arabic list');
      await until(() => query(el, `[id="open-${reference}"]`) !== null, 'the request listed');
      expect(el.getAttribute('dir')).to.equal('rtl');
      await openRequest(el, reference);
      expect(heading(el)).to.equal(`الطلب ${reference}`);
      await expect(el).to.be.accessible();
    });

    it('renders in Georgian', async () => {
      const { reference } = await sendThroughWidget();
      const el = await inbox(token, 'ka');
      await until(() => heading(el) === 'მეორე აზრის მოთხოვნები', 'the Georgian list');
      await until(() => query(el, `[id="open-${reference}"]`) !== null, 'the request listed');
      const row = query(el, `[id="open-${reference}"]`)!.closest('tr')!;
      expect(visibleText(row)).to.contain('ახალი');
      expect(el.getAttribute('lang')).to.equal('ka');
      await openRequest(el, reference);
      expect(heading(el)).to.equal(`მოთხოვნა ${reference}`);
      const text = visibleText(shadow(el));
      expect(text).to.contain('პაციენტის პასუხი');
      expect(text).to.contain('საჭიროა თარგმანი');
      expect(text).to.contain('სტატუსის შეცვლა');
      await expect(el).to.be.accessible();
    });
  });
});
