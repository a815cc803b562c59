/**
 * `mode="isolated"` end to end, on the built files (dist/) in Debian's Chromium, with the host
 * page and the receiving server on two origins: host pages at http://127.0.0.1:<A> (the test
 * pages' server, test/e2e/server.mjs), the receiving server (src/server, embedded store) with
 * its frame at http://localhost:<B>, and a third origin http://127.0.0.1:<C>.
 *
 * - a host page with a hostile tracker (test/e2e/pages/tracker.js) completes a submission, and
 *   the tracker has collected no value the patient typed (while on the same page in-page, it
 *   does: the control that shows it would notice);
 * - the element's events arrive on the host, carrying the reference; the frame follows the
 *   host's size, language, direction and theme;
 * - messages from a third origin are ignored, by the frame and by the host;
 * - the frame refuses to render inside an origin its server does not list;
 * - keyboard-only completion and axe checks pass through the frame.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer as startReceivingServer } from '../../src/server/node.ts';
import { createEmbeddedStore } from '../../src/server/store/embedded.ts';
import { storedRequests } from '../server/fixtures.mjs';
import { launchChromium } from './browser.mjs';
import { completeIntake } from './flow.mjs';
import { root, startServer as startPageServer } from './server.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const BASE_PATH = '/api/second-opinion';
/** What the patient types in the hostile-host test; none may reach the tracker. */
const TYPED = ['Alex Example', 'alex@example.org', '1980-03-27'];

let browser;
let hostServer;
let thirdServer;
let receiving;
let store;
let dataDir;
/** The receiving server's endpoint on its own origin (`http://localhost:<B>/api/second-opinion`). */
let endpoint;

before(async () => {
  hostServer = await startPageServer();
  thirdServer = await startPageServer();
  dataDir = mkdtempSync(join(tmpdir(), 'second-opinion-isolation-'));
  store = createEmbeddedStore({ dataDir });
  receiving = await startReceivingServer({
    store,
    log: () => {},
    // In-page (the control test), the host page posts across origins.
    allowedOrigins: [hostServer.origin],
    frame: { ancestors: [hostServer.origin], assetsDir: join(root, 'dist/cdn') },
  });
  endpoint = `${receiving.url.replace('127.0.0.1', 'localhost')}${BASE_PATH}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await receiving?.close();
  await hostServer?.close();
  await thirdServer?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A fresh page recording errors (any frame) and warnings; `options` go to the context. */
async function openPage(url, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems = [];
  const warnings = [];
  /** Every URL the page and its frames asked for. */
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
      problems.push(`console error: ${message.text()}`);
    }
    if (message.type() === 'warning') warnings.push(message.text());
  });
  await page.goto(url);
  return { page, problems, warnings, requests, close: () => context.close() };
}

const hostPage = (query = {}) =>
  `${hostServer.origin}/pages/isolated.html?${new URLSearchParams({ endpoint, ...query })}`;

/** The frame's document, once its first step is on screen. */
async function frameReady(page, selector = 'second-opinion-intake iframe') {
  const frame = page.frameLocator(selector);
  await frame.locator('second-opinion-intake [part="continue"]').waitFor({ state: 'visible' });
  return frame;
}

/** The Frame object of the element's iframe (for evaluate). */
async function frameOf(page) {
  const handle = await page.locator('second-opinion-intake iframe').elementHandle();
  return handle.contentFrame();
}

async function until(check, what, timeoutMs = 5000) {
  const started = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() - started > timeoutMs) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('Isolation mode: a hostile host page', () => {
  it('completes a submission without the tracker seeing a field value', async () => {
    const { page, problems, requests, close } = await openPage(hostPage());
    try {
      const frame = await frameReady(page);
      const motive = 'Is the operation really needed? (isolated)';
      const reference = await completeIntake(page, { motive, within: frame });
      assert.match(reference, /^SO-/);

      const stored = (await storedRequests(store)).find((r) => r.payload.motive === motive);
      assert.equal(stored?.reference, reference);
      assert.equal(stored.payload.patient.email, 'alex@example.org');

      const seen = (await page.evaluate(() => window.trackerLog())).join('\n');
      for (const value of [motive, ...TYPED]) {
        assert.ok(!seen.includes(value), `the tracker saw "${value}"`);
      }
      // It did watch: the frame's messages, the reference among them, and a frame it could not open.
      assert.ok(seen.includes(reference), 'the tracker heard the events');
      assert.match(seen, /frame-(refused|closed)/);
      assert.match(seen, /fetch|mutation/);

      const events = await page.evaluate(() => window.hostEvents);
      const steps = events.filter((event) => event.type === 'intake-step-change');
      assert.deepEqual(
        steps.map((event) => event.detail.step),
        ['reasons', 'documents', 'insurance', 'contact', 'review', 'done'],
      );
      assert.deepEqual(steps.at(-1).detail, { step: 'done', index: 7, count: 6 });
      const success = events.filter((event) => event.type === 'intake-success');
      assert.deepEqual(success, [
        {
          type: 'intake-success',
          subclass: true,
          bubbles: true,
          composed: true,
          detail: { reference },
        },
      ]);
      assert.ok(steps.every((event) => event.subclass && event.bubbles && event.composed));
      assert.ok(!events.some((event) => event.type === 'intake-submit'));
      // The page loaded the host loader, none of the intake's own code: that ran in the frame.
      const fromHost = requests.filter((url) => url.startsWith(hostServer.origin));
      assert.ok(fromHost.some((url) => /\/chunks\/host-[\w-]+\.js$/.test(url)));
      assert.deepEqual(
        fromHost.filter((url) => /form-controls|intake-flow|shared-/.test(url)),
        [],
      );
      assert.ok(requests.some((url) => url.startsWith(`${endpoint}/frame/assets/`)));
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it('the same tracker does read an in-page intake (the check above can fail)', async () => {
    const { page, close } = await openPage(hostPage({ mode: 'in-page' }));
    try {
      await page.locator('second-opinion-intake [part="continue"]').click();
      const motive = 'Typed in the page itself';
      await page.locator('second-opinion-intake #motive').fill(motive);
      await page.waitForFunction(
        (value) => window.trackerLog().some((line) => line.includes(value)),
        motive,
      );
    } finally {
      await close();
    }
  });
});

describe('Isolation mode: the frame follows the host', () => {
  it('sizes itself to its content, and takes the language, direction and theme', async () => {
    const { page, problems, close } = await openPage(hostPage({ accent: 'rgb(1, 2, 3)' }), {
      colorScheme: 'dark',
    });
    try {
      await frameReady(page);
      const frame = await frameOf(page);
      const fits = async () => {
        const inner = await frame.evaluate(() => ({
          content: document.documentElement.scrollHeight,
          viewport: innerHeight,
        }));
        return inner.content === inner.viewport;
      };
      await until(fits, 'the frame to take its content’s height');
      const first = await page
        .locator('second-opinion-intake iframe')
        .evaluate((e) => e.offsetHeight);
      // The next step is shorter or longer: the frame follows without an inner scrollbar.
      await page
        .frameLocator('second-opinion-intake iframe')
        .locator('second-opinion-intake [part="continue"]')
        .click();
      await until(
        async () =>
          (await page.locator('second-opinion-intake iframe').evaluate((e) => e.offsetHeight)) !==
            first && (await fits()),
        'the frame to resize after a step change',
      );
      assert.equal(
        await frame.evaluate(() =>
          getComputedStyle(document.querySelector('second-opinion-intake'))
            .getPropertyValue('--second-opinion-accent')
            .trim(),
        ),
        'rgb(1, 2, 3)',
      );
      assert.equal(
        await frame.evaluate(() =>
          document.querySelector('second-opinion-intake').getAttribute('theme'),
        ),
        'dark',
      );
      assert.equal(
        await page.locator('second-opinion-intake iframe').getAttribute('title'),
        'Request a medical second opinion',
      );

      // The page switches to Arabic: the frame speaks it, right to left.
      await page.evaluate(() => window.SecondOpinionIntake.setLocale('ar'));
      await until(
        async () =>
          (
            await frame.evaluate(() => {
              const intake = document.querySelector('second-opinion-intake');
              return [document.documentElement.lang, intake.getAttribute('dir')];
            })
          ).join() === 'ar,rtl',
        'the frame to follow the host’s language',
      );
      const heading = await frame.evaluate(
        () =>
          document.querySelector('second-opinion-intake').shadowRoot.querySelector('#step-heading')
            .textContent,
      );
      assert.match(heading, /[\u0600-\u06FF]/);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
});

describe('Isolation mode: from the script tag', () => {
  it('mounts an isolated intake from data-mode="isolated", in the page’s language', async () => {
    const url = `${hostServer.origin}/pages/isolated-data.html?${new URLSearchParams({ endpoint })}`;
    const { page, problems, close } = await openPage(url);
    try {
      const frame = await frameReady(page);
      assert.equal(await page.locator('second-opinion-intake').getAttribute('mode'), 'isolated');
      await until(
        async () => (await frame.locator('second-opinion-intake').getAttribute('lang')) === 'de',
        'the frame to speak the page’s language',
      );
      assert.equal(
        (await frame.locator('second-opinion-intake [part="header"]').textContent()).trim(),
        'Example Second Opinion Service',
      );
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
});

describe('Isolation mode: other origins', () => {
  it('ignores a third origin’s messages, in the frame and on the host, and says so once', async () => {
    const url = `${hostServer.origin}/pages/forgery.html?${new URLSearchParams({
      endpoint,
      third: thirdServer.origin,
    })}`;
    const { page, warnings, close } = await openPage(url);
    try {
      await frameReady(page);
      await page.waitForFunction(() => window.bareMessages.some((m) => m?.kind === 'ready'));
      const forger = page.frames().find((frame) => frame.url().includes('/pages/forger.html'));
      await forger.waitForFunction(() => typeof window.forge === 'function');
      await forger.evaluate(() => window.forge());
      await forger.evaluate(() => window.forge());
      const frameWarning = /frame: ignored a message from a window or origin/;
      const hostWarning = /ignored a message that is not from the frame/;
      await until(
        () =>
          warnings.some((w) => frameWarning.test(w)) && warnings.some((w) => hostWarning.test(w)),
        'both warnings',
      );
      const bare = page.frameLocator('#bare');
      assert.equal(await bare.locator('second-opinion-intake').count(), 0);
      const events = await page.evaluate(() => window.hostEvents);
      assert.ok(!events.some((event) => event.type === 'intake-success'));

      // Its host configures it: now it renders, with the host's organisation.
      await page.evaluate(() => window.configureBare('The real organisation'));
      await bare.locator('second-opinion-intake [part="header"]').waitFor({ state: 'visible' });
      assert.equal(
        (await bare.locator('second-opinion-intake [part="header"]').textContent()).trim(),
        'The real organisation',
      );
      assert.equal(warnings.filter((w) => frameWarning.test(w)).length, 1);
      assert.equal(warnings.filter((w) => hostWarning.test(w)).length, 1);
      // No field value, nor anything the forger sent, in a warning.
      assert.ok(!warnings.some((w) => /Forged|SO-FAKE/.test(w)));
    } finally {
      await close();
    }
  });

  it('refuses to render inside an origin its server does not list', async () => {
    const url = `${thirdServer.origin}/pages/elsewhere.html?${new URLSearchParams({
      frame: `${endpoint}/frame`,
    })}`;
    const { page, close } = await openPage(url);
    try {
      await page.waitForFunction(() => window.frameLoaded);
      const child = page.frames().find((frame) => frame !== page.mainFrame());
      // Blocked by frame-ancestors, the frame holds Chromium's error page, not the frame page.
      assert.equal(child.url(), 'chrome-error://chromewebdata/');
      assert.deepEqual(await page.evaluate(() => window.received), []);
    } finally {
      await close();
    }
  });
});

describe('Isolation mode: accessibility through the frame', () => {
  /** The focused element inside the frame, through its shadow roots. */
  const focusedId = (frame) =>
    frame.evaluate(() => {
      let active = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return document.hasFocus() ? (active?.id ?? '') : '';
    });

  it('can be completed with the keyboard alone', async () => {
    const { page, problems, close } = await openPage(hostPage());
    try {
      await frameReady(page);
      const frame = await frameOf(page);
      await page.locator('#before').focus();
      // Tab moves from the page into the frame, onto its first control.
      await page.keyboard.press('Tab');
      await until(async () => (await focusedId(frame)) !== '', 'focus to enter the frame');
      const tabTo = async (id) => {
        for (let presses = 0; presses < 80; presses += 1) {
          if ((await focusedId(frame)) === id) return;
          await page.keyboard.press('Tab');
        }
        assert.fail(`Tab never reached #${id}`);
      };
      const step = () => page.locator('second-opinion-intake').evaluate((e) => e.step);
      const next = async (expected) => {
        await tabTo('continue');
        await page.keyboard.press('Enter');
        await until(async () => (await step()) === expected, `step ${expected}`);
        // The step change keeps focus inside the frame, on the new step's heading.
        await until(
          async () => (await focusedId(frame)) === 'step-heading',
          'focus on the heading',
        );
      };
      await next('reasons');
      await tabTo('reasons-verify-diagnosis');
      await page.keyboard.press('Space');
      await tabTo('motive');
      await page.keyboard.type('Keyboard only: is surgery needed?');
      await next('documents');
      for (const type of [
        'medical-record-extract',
        'imaging',
        'blood-tests',
        'medications',
        'other',
      ]) {
        await tabTo(`${type}-status-attached`);
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('ArrowDown');
      }
      await next('insurance');
      await tabTo('has-private-insurance-yes');
      await page.keyboard.press('ArrowDown');
      await next('contact');
      await tabTo('requester-role-patient');
      await page.keyboard.press('Space');
      await tabTo('patient-name');
      await page.keyboard.type('Nino Beridze');
      // Date of birth: Day, Month, Year (GOV.UK memorable date).
      await tabTo('patient-dateOfBirth-day');
      await page.keyboard.type('27');
      await page.keyboard.press('Tab');
      await page.keyboard.type('3');
      await page.keyboard.press('Tab');
      await page.keyboard.type('1980');
      await tabTo('patient-email');
      await page.keyboard.type('nino@example.com');
      await next('review');
      await tabTo('consent-healthDataProcessing-yes');
      await page.keyboard.press('Space');
      await tabTo('submit');
      await page.keyboard.press('Enter');
      await until(async () => (await step()) === 'done', 'the receipt', 10_000);
      const stored = (await storedRequests(store)).find(
        (r) => r.payload.motive === 'Keyboard only: is surgery needed?',
      );
      assert.equal(stored?.payload.patient.dateOfBirth, '1980-03-27');
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it('passes axe on the host page and inside the frame', async () => {
    // axe is injected as a script: only this context lets it past the frame's policy.
    const { page, close } = await openPage(hostPage(), { bypassCSP: true });
    try {
      const frameLocator = await frameReady(page);
      const frame = await frameOf(page);
      await page.addScriptTag({ path: AXE });
      await frame.addScriptTag({ path: AXE });
      // The host page as a page; in the frame, the intake (the frame's document is part of the
      // host's page: it has no `main` or `h1` of its own, as the in-page element has none).
      const run = (target, context) =>
        target.evaluate(async (include) => {
          const result = await window.axe.run(include ? { include: [include] } : document, {
            iframes: false,
          });
          return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`);
        }, context);
      assert.deepEqual(await run(page), []);
      assert.deepEqual(await run(frame, 'second-opinion-intake'), []);
      await frameLocator.locator('second-opinion-intake [part="continue"]').click();
      await frameLocator.locator('second-opinion-intake #motive').waitFor({ state: 'visible' });
      assert.deepEqual(await run(frame, 'second-opinion-intake'), []);
    } finally {
      await close();
    }
  });
});
