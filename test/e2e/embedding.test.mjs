/**
 * End-to-end tests of the built package (dist/) in Debian's headless Chromium: every way of
 * embedding the widget that issue #4 names, each completing a real submission to the reference
 * endpoint. `npm run test:e2e` builds dist/ first when it is missing or older than the sources.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { APP_NAMES, buildApp } from './apps.mjs';
import { launchChromium } from './browser.mjs';
import { completeIntake, storedSubmission } from './flow.mjs';
import { startServer } from './server.mjs';

let browser;
let server;
/** The framework test apps, each built with Vite from test/e2e/<name>/ into a temporary directory. */
const apps = {};

before(async () => {
  for (const name of APP_NAMES) {
    apps[name] = mkdtempSync(join(tmpdir(), `second-opinion-${name}-`));
    await buildApp(name, apps[name]);
  }
  server = await startServer({ apps });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  for (const dir of Object.values(apps)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A fresh page that records what must never happen: uncaught errors, console errors (except a
 * missing favicon), and Content-Security-Policy violations, listened for before any page script.
 * `warnings`: the console's warnings, for pages where none is expected. `beforeLoad(page)` runs
 * before the page is opened (e.g. to route requests).
 */
async function openPage(path, { colorScheme = 'light', beforeLoad = async () => {} } = {}) {
  const context = await browser.newContext({ colorScheme });
  const page = await context.newPage();
  const problems = [];
  const warnings = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
      problems.push(`console error: ${message.text()}`);
    }
    if (message.type() === 'warning') warnings.push(message.text());
  });
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.cspViolations.push(`${event.effectiveDirective}: ${event.blockedURI}`);
    });
  });
  await beforeLoad(page);
  await page.goto(`${server.origin}${path}`);
  return { page, problems, warnings, close: () => context.close() };
}

const violations = (page) => page.evaluate(() => window.cspViolations);

/** The widget's first step is on screen and its Continue button can be pressed. */
async function firstStepReady(page, host = 'second-opinion-intake') {
  await page.locator(`${host} [part="continue"]`).first().waitFor({ state: 'visible' });
}

describe('Script tag', () => {
  it('works under a strict Content-Security-Policy with Trusted Types, in German', async () => {
    const { page, problems, close } = await openPage('/pages/strict.csp.html');
    try {
      const policy = await page.evaluate(async () => {
        const response = await fetch(location.href);
        return response.headers.get('content-security-policy');
      });
      assert.match(policy, /require-trusted-types-for 'script'/);
      await firstStepReady(page);
      // The German texts are a lazily loaded file: loading it must not break the policy either.
      const heading = page.locator('second-opinion-intake #step-heading');
      await page.waitForFunction(
        () => document.querySelector('second-opinion-intake')?.getAttribute('lang') === 'de',
      );
      assert.notEqual((await heading.textContent()).trim(), 'About second opinions');
      const motive = 'Brauche ich die Operation wirklich? (strict CSP)';
      const reference = await completeIntake(page, { motive });
      assert.match(reference, /^SO-/);
      const stored = await storedSubmission(server.origin, motive);
      assert.equal(stored?.reference, reference);
      assert.equal(stored.payload.locale, 'de');
      assert.deepEqual(await violations(page), []);
      assert.deepEqual(problems, []);
      // The listener does hear a violation: HTML written without Trusted Types.
      await page.evaluate(() => {
        try {
          document.body.insertAdjacentHTML('beforeend', '<b>not trusted</b>');
        } catch {
          // Blocked, as it should be.
        }
      });
      await page.waitForFunction(() => window.cspViolations.length > 0);
    } finally {
      await close();
    }
  });

  it('shows the first step before the rest is loaded, and survives a failed load', async () => {
    let blockRest = true;
    const restRequests = [];
    const { page, problems, close } = await openPage('/pages/plain.html', {
      beforeLoad: (page) =>
        page.route('**/chunks/intake-flow-*.js', (route) => {
          restRequests.push(blockRest ? 'blocked' : 'served');
          return blockRest ? route.abort('internetdisconnected') : route.continue();
        }),
    });
    try {
      // The first step is complete without the rest of the intake, which is asked for at once.
      await firstStepReady(page);
      assert.equal(await page.locator('second-opinion-faq [part="faq-item"]').count(), 6);
      assert.deepEqual(restRequests, ['blocked']);
      const motive = 'Is the operation really needed? (failed load)';
      const loadError = page.locator('second-opinion-intake [part="load-error"]');
      const reference = await completeIntake(page, {
        motive,
        beforeContinue: async (step) => {
          if (step !== 'insurance') return;
          // Continue to the contact step needs the rest: still offline, the patient is told.
          await page.locator('second-opinion-intake [part="continue"]').click();
          await loadError.waitFor({ state: 'visible' });
          assert.match(await loadError.textContent(), /could not be loaded/);
          assert.equal(await page.locator('second-opinion-intake').evaluate((e) => e.step), step);
          assert.equal(
            await page.locator('second-opinion-intake #has-private-insurance-no').isChecked(),
            true,
          );
          // Back online: the next Continue loads it and goes on.
          blockRest = false;
        },
      });
      assert.equal(await loadError.count(), 0);
      assert.deepEqual(restRequests, ['blocked', 'blocked', 'served']);
      const stored = await storedSubmission(server.origin, motive);
      assert.equal(stored?.reference, reference);
      assert.equal(stored.payload.insurance.hasPrivateInsurance, false);
      // The aborted loads are the browser's own console errors; nothing else went wrong.
      assert.deepEqual(
        problems.filter((problem) => !/Failed to load resource|intake-flow/.test(problem)),
        [],
      );
    } finally {
      await close();
    }
  });

  it('says so when the form controls cannot be loaded, and recovers on the next try', async () => {
    let blockControls = true;
    const { page, close } = await openPage('/pages/plain.html', {
      beforeLoad: (page) =>
        page.route('**/chunks/form-controls-*.js', (route) =>
          blockControls ? route.abort('internetdisconnected') : route.continue(),
        ),
    });
    try {
      await firstStepReady(page);
      const intake = page.locator('second-opinion-intake');
      const loadError = page.locator('second-opinion-intake [part="load-error"]');
      await page.locator('second-opinion-intake [part="continue"]').click();
      assert.equal(await intake.evaluate((element) => element.step), 'reasons');
      // Its control is missing: Continue cannot check the step, and says why.
      await page.locator('second-opinion-intake [part="continue"]').click();
      await loadError.waitFor({ state: 'visible' });
      assert.equal(await intake.evaluate((element) => element.step), 'reasons');
      blockControls = false;
      // The click retries the load; once the control is there, the step works as usual.
      await page.locator('second-opinion-intake [part="continue"]').click();
      await page.locator('second-opinion-intake #reasons-verify-diagnosis').check();
      await page.locator('second-opinion-intake #motive').fill('Recovered controls');
      await page.locator('second-opinion-intake [part="continue"]').click();
      await page.waitForFunction(
        () => document.querySelector('second-opinion-intake')?.step === 'documents',
      );
      assert.equal(await loadError.count(), 0);
    } finally {
      await close();
    }
  });

  it('keeps its layout and readability on a hostile page', async () => {
    /** Sizes and colours a patient depends on, on the first and second step. */
    const measure = async (page) => {
      await firstStepReady(page);
      const metrics = await page.evaluate(() => {
        const root = document.querySelector('second-opinion-intake').shadowRoot;
        const box = (element) => {
          const style = getComputedStyle(element);
          const rect = element.getBoundingClientRect();
          return {
            width: Math.round(rect.width),
            height: Math.round(rect.height),
            fontSize: style.fontSize,
            fontFamily: style.fontFamily,
            lineHeight: style.lineHeight,
            color: style.color,
            background: style.backgroundColor,
            textTransform: style.textTransform,
            letterSpacing: style.letterSpacing,
          };
        };
        const faq = root.querySelector('second-opinion-faq').shadowRoot;
        return {
          heading: box(root.querySelector('#step-heading')),
          continue: box(root.querySelector('[part="continue"]')),
          question: box(faq.querySelector('[part="faq-question"]')),
        };
      });
      await page.locator('second-opinion-intake [part="continue"]').click();
      const field = page.locator('second-opinion-intake #motive');
      await field.waitFor({ state: 'visible' });
      metrics.motive = await field.evaluate((element) => {
        const rect = element.getBoundingClientRect();
        const style = getComputedStyle(element);
        return {
          width: Math.round(rect.width),
          height: Math.round(rect.height),
          fontSize: style.fontSize,
          display: style.display,
          opacity: style.opacity,
        };
      });
      const checkbox = page.locator('second-opinion-intake #reasons-verify-diagnosis');
      metrics.checkbox = await checkbox.evaluate((element) => {
        const rect = element.getBoundingClientRect();
        return { width: Math.round(rect.width), height: Math.round(rect.height) };
      });
      return metrics;
    };

    const plain = await openPage('/pages/plain.html');
    const hostile = await openPage('/pages/hostile.html');
    try {
      const expected = await measure(plain.page);
      const actual = await measure(hostile.page);
      // The hostile CSS did apply to the page itself.
      assert.equal(
        await hostile.page.evaluate(() => getComputedStyle(document.querySelector('h2')).fontSize),
        '48px',
      );
      assert.deepEqual(actual, expected);
      assert.ok(parseFloat(actual.question.fontSize) >= 16, 'text is at least 16px');
      assert.ok(actual.continue.height >= 44, 'the button keeps a 44px target');
      assert.ok(actual.motive.height >= 44, 'the text field is visible');
      await hostile.page.reload();
      const motive = 'Is surgery really needed? (hostile page)';
      const reference = await completeIntake(hostile.page, { motive });
      assert.equal((await storedSubmission(server.origin, motive))?.reference, reference);
      assert.deepEqual(hostile.problems, []);
    } finally {
      await plain.close();
      await hostile.close();
    }
  });

  it('included twice, and from a second copy, defines each tag once and works', async () => {
    // Under the strict policy too, with 'allow-duplicates' for the second copy's Lit.
    const { page, problems, close } = await openPage('/pages/double.csp.html');
    try {
      await firstStepReady(page);
      const state = await page.evaluate(async () => {
        await Promise.all(
          ['eligibility', 'documents', 'insurance'].map((name) =>
            customElements.whenDefined(`second-opinion-${name}`),
          ),
        );
        const intake = document.querySelector('second-opinion-intake');
        return {
          upgraded: intake.constructor === customElements.get('second-opinion-intake'),
          version: window.SecondOpinionIntake?.version,
          copies: performance
            .getEntriesByType('resource')
            .filter((entry) => entry.name.endsWith('/second-opinion-intake.js'))
            .map((entry) => new URL(entry.name).pathname)
            .sort(),
        };
      });
      assert.equal(state.upgraded, true);
      assert.match(state.version, /^\d+\.\d+\.\d+/);
      assert.deepEqual(state.copies, [
        '/copy/second-opinion-intake.js',
        '/dist/cdn/second-opinion-intake.js',
      ]);
      const motive = 'Is surgery really needed? (double include)';
      const reference = await completeIntake(page, { motive });
      assert.equal((await storedSubmission(server.origin, motive))?.reference, reference);
      assert.deepEqual(await violations(page), []);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it('mount() creates a configured intake; setLocale() switches it', async () => {
    const { page, problems, close } = await openPage('/pages/mount.html');
    try {
      await page.waitForFunction(() => window.mounted);
      const mounted = await page.evaluate(() => {
        const element = window.mounted;
        return {
          tag: element.localName,
          parent: element.parentElement.id,
          endpoint: element.endpoint,
          serviceCountry: element.serviceCountry,
          privacyUrl: element.privacyUrl,
          switcher: element.showLanguageSwitcher,
          partners: element.partners,
          theme: element.getAttribute('theme'),
          locales: [...window.SecondOpinionIntake.locales].sort(),
        };
      });
      assert.deepEqual(mounted, {
        tag: 'second-opinion-intake',
        parent: 'intake-container',
        endpoint: '/api/second-opinion',
        serviceCountry: 'DE',
        privacyUrl: '/pages/privacy.html',
        switcher: true,
        partners: ['University Hospital Example', 'Example Heart Centre'],
        theme: 'dark',
        locales: ['ar', 'de', 'en', 'ka', 'ru'],
      });
      await firstStepReady(page);
      const partnersShown = await page
        .locator('second-opinion-intake')
        .evaluate((element) => element.shadowRoot.textContent.includes('Example Heart Centre'));
      assert.equal(partnersShown, true);

      const heading = page.locator('second-opinion-intake #step-heading');
      const english = (await heading.textContent()).trim();
      await page.evaluate(() => window.SecondOpinionIntake.setLocale('ru'));
      await page.waitForFunction(
        () => document.querySelector('second-opinion-intake').getAttribute('lang') === 'ru',
      );
      assert.notEqual((await heading.textContent()).trim(), english);
      const rejected = await page.evaluate(() =>
        window.SecondOpinionIntake.setLocale('xx').then(
          () => 'resolved',
          (error) => error.name,
        ),
      );
      assert.equal(rejected, 'RangeError');
      await page.evaluate(() => window.SecondOpinionIntake.setLocale('en-GB'));
      await page.waitForFunction(
        () => document.querySelector('second-opinion-intake').getAttribute('lang') === 'en',
      );

      const motive = 'Is surgery really needed? (mount)';
      const reference = await completeIntake(page, { motive });
      assert.equal((await storedSubmission(server.origin, motive))?.reference, reference);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it('says so when a chosen language cannot be loaded, and loads it when chosen again', async () => {
    let blockRussian = true;
    const { page, problems, close } = await openPage('/pages/mount.html', {
      beforeLoad: (page) =>
        page.route('**/locales/ru-*.js', (route) =>
          blockRussian ? route.abort('internetdisconnected') : route.continue(),
        ),
    });
    try {
      await firstStepReady(page);
      const intake = page.locator('second-opinion-intake');
      const menu = page.locator('second-opinion-intake #language');
      const error = page.locator('second-opinion-intake [part="language-error"]');
      const heading = page.locator('second-opinion-intake #step-heading');
      const english = (await heading.textContent()).trim();

      await menu.selectOption('ru');
      await error.waitFor({ state: 'visible' });
      assert.match(await error.textContent(), /could not be loaded: \u2068Русский\u2069/);
      assert.equal(await error.getAttribute('role'), 'alert');
      // The page keeps a language it has whole, and the menu says which.
      assert.equal((await heading.textContent()).trim(), english);
      assert.equal(await intake.getAttribute('lang'), 'en');
      assert.equal(await menu.inputValue(), 'en');
      assert.equal(await menu.getAttribute('aria-describedby'), 'language-error');

      // Back online: the same choice again loads the file anew (@lit/localize alone would
      // answer it with the first failure).
      blockRussian = false;
      await menu.selectOption('ru');
      await page.waitForFunction(
        () => document.querySelector('second-opinion-intake').getAttribute('lang') === 'ru',
      );
      assert.notEqual((await heading.textContent()).trim(), english);
      assert.equal(await error.count(), 0);
      assert.equal(await menu.inputValue(), 'ru');
      // The blocked download shows on the console as a network error; nothing was left unhandled.
      assert.deepEqual(
        problems.filter((problem) => !problem.includes('ERR_INTERNET_DISCONNECTED')),
        [],
      );
    } finally {
      await close();
    }
  });

  it('mounts from the script tag’s data-* attributes', async () => {
    const { page, problems, close } = await openPage('/pages/data.html');
    try {
      await firstStepReady(page);
      const mounted = await page.evaluate(() => {
        const elements = document.querySelectorAll('second-opinion-intake');
        const element = elements[0];
        return {
          count: elements.length,
          parent: element.parentElement.id,
          endpoint: element.endpoint,
          serviceCountry: element.serviceCountry,
          organization: element.organization,
          insurer: element.insurer,
          privacyUrl: element.privacyUrl,
          partners: element.partners,
          switcher: element.showLanguageSwitcher,
          theme: element.getAttribute('theme'),
          colorScheme: getComputedStyle(element).colorScheme,
          headingColor: getComputedStyle(element.shadowRoot.querySelector('#step-heading')).color,
        };
      });
      assert.deepEqual(mounted, {
        count: 1,
        parent: 'second-opinion',
        endpoint: '/api/second-opinion',
        serviceCountry: 'DE',
        organization: 'Example Second Opinion Service',
        insurer: 'Example Insurance',
        privacyUrl: '/pages/privacy.html',
        partners: ['University Hospital Example', 'Example Heart Centre, Berlin'],
        switcher: true,
        theme: 'dark',
        colorScheme: 'dark',
        // The dark theme's text colour, as built into the script.
        headingColor: 'rgb(230, 233, 237)',
      });
      const motive = 'Is surgery really needed? (data attributes)';
      const reference = await completeIntake(page, { motive });
      const stored = await storedSubmission(server.origin, motive);
      assert.equal(stored?.reference, reference);
      assert.equal(stored.payload.serviceCountry, 'DE');
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
});

describe('npm package', () => {
  it('a React 19 app sets properties and hears events, with the script tag beside it', async () => {
    const { page, problems, close } = await openPage('/react/');
    try {
      await firstStepReady(page);
      // The insurer's script tag on the same page: it must leave the npm build's tags alone.
      await page.addScriptTag({ url: '/dist/cdn/second-opinion-intake.js', type: 'module' });
      await page.waitForFunction(() => window.SecondOpinionIntake);
      const state = await page.evaluate(() => {
        const element = document.querySelector('second-opinion-intake');
        return {
          sameClass: element.constructor === customElements.get('second-opinion-intake'),
          partners: element.partners,
          serviceCountry: element.serviceCountry,
        };
      });
      assert.deepEqual(state, {
        sameClass: true,
        partners: ['University Hospital Example', 'Example Heart Centre'],
        serviceCountry: 'DE',
      });
      const motive = 'Is surgery really needed? (React)';
      const reference = await completeIntake(page, { motive });
      // React heard `intake-success` and rendered the reference itself.
      const shown = page.locator('#portal-reference');
      await shown.waitFor({ state: 'visible' });
      assert.equal((await shown.textContent()).trim(), `Your reference: ${reference}`);
      assert.equal((await storedSubmission(server.origin, motive))?.reference, reference);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  /**
   * The embedding guide's Vue 3 and Angular examples (test/e2e/vue/SecondOpinion.vue and
   * test/e2e/angular/second-opinion.component.ts), in an app like a patient portal: the app sets
   * `partners` and `headers` as properties, renders what it heard from `intake-step-change` and
   * `intake-success`, and the endpoint receives the app's header with the request.
   */
  async function frameworkAppSubmits(path, { framework, csrfToken }) {
    const { page, problems, warnings, close } = await openPage(path);
    try {
      const sentHeaders = [];
      page.on('request', (request) => {
        if (
          request.method() === 'POST' &&
          new URL(request.url()).pathname === '/api/second-opinion'
        ) {
          sentHeaders.push(request.allHeaders());
        }
      });
      await firstStepReady(page);
      const state = await page.evaluate(() => {
        const element = document.querySelector('second-opinion-intake');
        return {
          sameClass: element.constructor === customElements.get('second-opinion-intake'),
          partners: element.partners,
          headers: element.headers,
          serviceCountry: element.serviceCountry,
          partnersShown: element.shadowRoot.textContent.includes('Example Heart Centre'),
        };
      });
      assert.deepEqual(state, {
        sameClass: true,
        partners: ['University Hospital Example', 'Example Heart Centre'],
        headers: { 'X-CSRF-Token': csrfToken },
        serviceCountry: 'DE',
        partnersShown: true,
      });

      // The app hears every step change, forward and back.
      const portalStep = page.locator('#portal-step');
      const portalShows = async (text) => {
        await page.waitForFunction(
          (expected) => document.querySelector('#portal-step')?.textContent.trim() === expected,
          text,
          { timeout: 5000 },
        );
        assert.equal((await portalStep.textContent()).trim(), text);
      };
      await portalShows('Current step: about');
      await page.locator('second-opinion-intake [part="continue"]').click();
      await portalShows('Current step: reasons');
      await page.locator('second-opinion-intake [part="back"]').click();
      await portalShows('Current step: about');

      const motive = `Is surgery really needed? (${framework})`;
      const reference = await completeIntake(page, { motive });
      // The app heard `intake-success` and rendered the reference itself.
      const shown = page.locator('#portal-reference');
      await shown.waitFor({ state: 'visible' });
      assert.equal((await shown.textContent()).trim(), `Your reference: ${reference}`);
      assert.equal(await portalStep.count(), 0);
      assert.equal((await storedSubmission(server.origin, motive))?.reference, reference);
      const sent = await Promise.all(sentHeaders);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]['x-csrf-token'], csrfToken);
      assert.deepEqual(problems, []);
      return warnings;
    } finally {
      await close();
    }
  }

  it('a Vue 3 app sets properties and hears events', async () => {
    const warnings = await frameworkAppSubmits('/vue/', {
      framework: 'Vue',
      csrfToken: 'vue-portal-csrf-token',
    });
    // Vue's development build warns, e.g., when it tried to resolve the tag as a component
    // (`isCustomElement` in vite.config.js not naming it).
    assert.deepEqual(
      warnings.filter((text) => text.includes('[Vue warn]')),
      [],
    );
  });

  it('an Angular app (standalone component, JIT) sets properties and hears events', async () => {
    const warnings = await frameworkAppSubmits('/angular/', {
      framework: 'Angular',
      csrfToken: 'angular-portal-csrf-token',
    });
    assert.deepEqual(warnings, []);
  });
});
