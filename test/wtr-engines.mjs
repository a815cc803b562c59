/**
 * The web-test-runner launcher for each engine (see test/engines.mjs for where they come from):
 * Chromium and Firefox through puppeteer-core (CDP and WebDriver BiDi), WebKit through
 * webdriverio and WebKitWebDriver.
 */
import { chromeLauncher } from '@web/test-runner-chrome';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as puppeteer from 'puppeteer-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium.mjs';
import { FIREFOX_PATH, FIREFOX_PREFS, startWebKitDriver } from './engines.mjs';

export async function engineLauncher(engine) {
  if (engine === 'chromium') {
    return chromeLauncher({
      launchOptions: { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS },
    });
  }
  if (engine === 'firefox') {
    // puppeteer-core's own launcher for Firefox: @web/test-runner-puppeteer does the same, but
    // depends on the full `puppeteer` package, which downloads a browser when installed.
    return chromeLauncher({
      puppeteer,
      launchOptions: {
        browser: 'firefox',
        executablePath: FIREFOX_PATH,
        headless: true,
        extraPrefsFirefox: FIREFOX_PREFS,
      },
    });
  }
  if (engine === 'webkit') {
    const driver = await startWebKitDriver();
    const launcher = webdriverLauncher({
      hostname: driver.hostname,
      port: driver.port,
      capabilities: driver.capabilities,
      logLevel: 'error',
    });
    const stop = launcher.stop.bind(launcher);
    launcher.stop = async () => {
      await stop();
      await driver.stop();
    };
    return launcher;
  }
  throw new Error(`Unknown engine "${engine}"`);
}

/** WebDriver's codes for the named keys the tests press (W3C WebDriver, "Keyboard actions"). */
const WEBDRIVER_KEYS = {
  Backspace: '\uE003',
  Tab: '\uE004',
  Enter: '\uE007',
  Shift: '\uE008',
  Escape: '\uE00C',
  // WebKitWebDriver drops a typed " " unless it comes as WebDriver's Space key.
  Space: '\uE00D',
  ' ': '\uE00D',
  End: '\uE010',
  Home: '\uE011',
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
  Delete: '\uE017',
};

/** Puppeteer's WebDriver BiDi keyboard knows the space key only as " ". */
const puppeteerKey = (key) => (key === 'Space' ? ' ' : key);

/** The key actions of one `sendKeys` payload, for WebDriver's "Perform Actions". */
function webdriverKeyActions(payload) {
  const code = (key) => WEBDRIVER_KEYS[key] ?? key;
  if ('type' in payload) {
    return [...payload.type].flatMap((char) => [
      { type: 'keyDown', value: code(char) },
      { type: 'keyUp', value: code(char) },
    ]);
  }
  if ('press' in payload) {
    const keys = payload.press.split('+').map(code);
    return [
      ...keys.map((value) => ({ type: 'keyDown', value })),
      ...keys.reverse().map((value) => ({ type: 'keyUp', value })),
    ];
  }
  if ('down' in payload) return [{ type: 'keyDown', value: code(payload.down) }];
  if ('up' in payload) return [{ type: 'keyUp', value: code(payload.up) }];
  throw new Error(`Unknown sendKeys payload ${JSON.stringify(payload)}`);
}

/**
 * Makes `sendKeys` and `emulateMedia` work in every engine: resolves the tests' import of
 * `@web/test-runner-commands` to test/engine-commands.ts, which sends these commands instead of
 * the stock ones (web-test-runner runs its own command plugins before any configured one, so they
 * cannot be overridden under their own names).
 */
export function engineCommandsPlugin() {
  const shim = '/test/engine-commands.ts';
  /** Files chosen through `chooseFiles`, removed when the run ends. */
  let filesDir;
  return {
    name: 'engine-commands',
    async serverStop() {
      if (filesDir) await rm(filesDir, { recursive: true, force: true });
    },
    resolveImport({ source, context }) {
      if (source === '@web/test-runner-commands' && context.path !== shim) return shim;
      return undefined;
    },
    async executeCommand({ command, payload, session }) {
      const launcher = session.browser;
      const cdp = launcher.type === 'puppeteer' && launcher.name !== 'Firefox';
      if (command === 'engine-can-emulate-media') return cdp;
      if (command === 'engine-emulate-media') {
        if (!cdp) throw new Error(`${launcher.name} cannot emulate media features`);
        const page = launcher.getPage(session.id);
        const features = Object.entries({
          'prefers-color-scheme': payload.colorScheme,
          'prefers-reduced-motion': payload.reducedMotion,
          'forced-colors': payload.forcedColors,
        }).flatMap(([name, value]) => (value == null ? [] : [{ name, value }]));
        if (payload.media != null) await page.emulateMediaType(payload.media);
        await page.emulateMediaFeatures(features);
        return true;
      }
      if (command === 'engine-choose-files') {
        filesDir ??= await mkdtemp(join(tmpdir(), 'engine-files-'));
        return chooseFiles(launcher, session.id, payload, filesDir);
      }
      if (command !== 'engine-send-keys') return undefined;
      if (launcher.type === 'puppeteer') {
        const keyboard = launcher.getPage(session.id).keyboard;
        if ('type' in payload) await keyboard.type(payload.type);
        else if ('press' in payload) await keyboard.press(puppeteerKey(payload.press));
        else if ('down' in payload) await keyboard.down(puppeteerKey(payload.down));
        else if ('up' in payload) await keyboard.up(puppeteerKey(payload.up));
        return true;
      }
      if (launcher.type === 'webdriver') {
        await launcher.driverManager.performActions(session.id, [
          { type: 'key', id: 'keyboard', actions: webdriverKeyActions(payload) },
        ]);
        return true;
      }
      throw new Error(`sendKeys: unsupported launcher ${launcher.type}`);
    },
  };
}

/** Counts a session's tests, through nested suites. */
function countTests(suite, counts) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) counts.skipped += 1;
    else if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite?.suites ?? []) countTests(child, counts);
}

/**
 * A reporter that writes the run's pass, fail and skip counts to `file` as JSON, for
 * scripts/test-browsers.mjs to print per engine. A test file that failed to load counts as
 * failed.
 */
export function countReporter(file) {
  return {
    async onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0, files: sessions.length };
      for (const session of sessions) {
        countTests(session.testResults, counts);
        if (!session.passed && (session.errors?.length ?? 0) > 0) counts.failed += 1;
      }
      await writeFile(file, JSON.stringify(counts));
    },
  };
}

/** The file input `id` in the shadow root of the first `host` element on the page. */
function fileInputIn(host, id) {
  return document.querySelector(host)?.shadowRoot?.getElementById(id) ?? null;
}

/**
 * Chooses files in a file input the way the engine's own file picker does (Chrome DevTools
 * protocol, WebDriver BiDi `input.setFiles`, WebDriver "Element Send Keys"): the files are
 * written to `dir` first, which must outlive the test: the engine reads a chosen file only when
 * the page does. `payload`: `{ host, id, files: [{ name, base64 }] }`.
 */
async function chooseFiles(launcher, sessionId, { host, id, files }, dir) {
  const paths = [];
  for (const file of files) {
    const path = join(dir, `${paths.length}-${Date.now()}`, file.name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, Buffer.from(file.base64, 'base64'));
    paths.push(path);
  }
  if (launcher.type === 'puppeteer') {
    const handle = await launcher.getPage(sessionId).evaluateHandle(fileInputIn, host, id);
    const input = handle.asElement();
    if (!input) throw new Error(`No file input #${id} in ${host}`);
    await input.uploadFile(...paths);
    return true;
  }
  if (launcher.type === 'webdriver') {
    const driver = launcher.driver;
    const reference = await driver.execute(fileInputIn, host, id);
    const elementId = reference?.['element-6066-11e4-a52e-4f735466cecf'] ?? reference?.ELEMENT;
    if (!elementId) throw new Error(`No file input #${id} in ${host}`);
    await driver.elementSendKeys(elementId, paths.join('\n'));
    return true;
  }
  throw new Error(`chooseFiles: unsupported launcher ${launcher.type}`);
}
