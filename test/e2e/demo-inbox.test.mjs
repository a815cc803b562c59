/**
 * The demo as `npm start` serves it (vite.config.ts: the receiving server, the staff API and the
 * demo sign-in), in Debian's headless Chromium: a patient sends a request from the insurer page,
 * and a clinician signs in on the received-requests page and opens it in the staff inbox. The
 * store is a temporary folder (SECOND_OPINION_DEMO_DATA_DIR), removed afterwards.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createServer } from 'vite';
import { launchChromium } from './browser.mjs';
import { completeIntake } from './flow.mjs';

let browser;
let server;
let origin;
let dataDir;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'second-opinion-demo-'));
  process.env.SECOND_OPINION_DEMO_DATA_DIR = dataDir;
  server = await createServer({
    server: { port: 0, host: '127.0.0.1', strictPort: false },
    logLevel: 'error',
  });
  await server.listen();
  origin = server.resolvedUrls.local[0].replace(/\/$/, '');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  delete process.env.SECOND_OPINION_DEMO_DATA_DIR;
  rmSync(dataDir, { recursive: true, force: true });
});

async function openPage(context, path) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.cspViolations.push(`${event.effectiveDirective}: ${event.blockedURI}`);
    });
  });
  await page.goto(`${origin}${path}`);
  return { page, problems };
}

describe('Demo: patient page → server → staff inbox', () => {
  it('shows a request sent from the insurer page in the inbox after the demo sign-in', async () => {
    const context = await browser.newContext();
    try {
      const motive = `Is the knee operation needed? ${Date.now()}`;
      const patient = await openPage(context, '/demo/');
      const reference = await completeIntake(patient.page, { motive });
      assert.match(reference, /^SO-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

      const staff = await openPage(context, '/demo/received.html');
      // Nothing is readable before signing in.
      assert.equal(await staff.page.locator('second-opinion-inbox').isVisible(), false);
      await staff.page.getByRole('button', { name: 'Sign in' }).click();
      const open = staff.page.locator(`second-opinion-inbox [id="open-${reference}"]`);
      await open.click();
      const heading = staff.page.locator('second-opinion-inbox #view-heading');
      await staff.page.waitForFunction(
        (expected) =>
          document
            .querySelector('second-opinion-inbox')
            ?.shadowRoot?.querySelector('#view-heading')
            ?.textContent?.includes(expected),
        `Request ${reference}`,
      );
      assert.equal((await heading.textContent()).trim(), `Request ${reference}`);
      const detail = await staff.page
        .locator('second-opinion-inbox')
        .evaluate((element) => element.shadowRoot.textContent);
      assert.ok(detail.includes(motive), 'the inbox shows the motive the patient wrote');

      for (const { page, problems } of [patient, staff]) {
        assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
        assert.deepEqual(problems, []);
      }
    } finally {
      await context.close();
    }
  });
});
