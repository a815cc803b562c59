/**
 * One small page API over the drivers that reach each engine from Debian's packages (see
 * test/engines.mjs): puppeteer-core for Chromium (Chrome DevTools protocol) and Firefox
 * (WebDriver BiDi), webdriverio for WebKit (WebKitWebDriver). It offers the part of Playwright's
 * page that test/e2e/flow.mjs uses — `locator(selector).first()` with `click`, `check`, `fill`,
 * `evaluate`, `waitFor`, `textContent`, `count` — so the same journey runs in every engine.
 *
 * Selectors are CSS compound selectors separated by spaces, and, like Playwright's, each step
 * looks into open shadow roots (`second-opinion-intake #patient-name`).
 *
 * Clicks are real input at the element's centre, as a mouse or (with `touch`) a finger: the
 * element is scrolled into view first and must be the one hit there.
 */
import * as puppeteer from 'puppeteer-core';
import { remote } from 'webdriverio';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../chromium.mjs';
import {
  FIREFOX_PATH,
  FIREFOX_PREFS,
  FIREFOX_TOUCH_PREFS,
  startWebKitDriver,
} from '../engines.mjs';

/** Runs in the page: every element matching `selector`, looking through open shadow roots. */
function deepQueryAll(selector) {
  const steps = selector.trim().split(/\s+(?![^[]*\])/);
  const descendants = (node) => {
    const found = [];
    const walk = (parent) => {
      for (const child of parent.children) {
        found.push(child);
        if (child.shadowRoot) walk(child.shadowRoot);
        walk(child);
      }
    };
    if (node.shadowRoot) walk(node.shadowRoot);
    walk(node);
    return found;
  };
  let current = [document];
  for (const step of steps) {
    const next = new Set();
    for (const node of current) {
      for (const element of descendants(node)) if (element.matches(step)) next.add(element);
    }
    current = [...next];
  }
  return current;
}

/**
 * Runs in the page: scrolls the first match into view and says where its centre is, whether
 * it is visible, and whether a pointer there would hit it (or something inside it, or its label).
 */
function targetOf(selector) {
  const [element] = deepQueryAll(selector);
  if (!element) return { found: false };
  element.scrollIntoView({ block: 'center', inline: 'center' });
  const rect = element.getBoundingClientRect();
  const x = rect.left + rect.width / 2;
  const y = rect.top + rect.height / 2;
  let hit = document.elementFromPoint(x, y);
  while (hit?.shadowRoot) {
    const inner = hit.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === hit) break;
    hit = inner;
  }
  const hits =
    hit === element ||
    element.contains(hit) ||
    [...(element.labels ?? [])].some((label) => label === hit || label.contains(hit));
  return { found: true, visible: rect.width > 0 && rect.height > 0, hits, x, y };
}

/**
 * The page API, given the engine's primitives. `evaluate(source)` runs an expression given as
 * source text in the page and resolves with its value: functions and their arguments travel as
 * text anyway, and so the element helpers come along without any eval in the page (which the
 * strict pages' policy forbids).
 */
function pageOver(engine, primitives) {
  const { evaluate, pointerAt, typeText, close, messages } = primitives;
  const call = (fn, args) => `(${fn.toString()})(...${JSON.stringify(args)})`;
  const run = (body, ...args) =>
    evaluate(`(() => {
      ${deepQueryAll.toString()}
      ${targetOf.toString()}
      return ${call(body, args)};
    })()`);

  async function waitUntil(check, what, timeoutMs = 10000) {
    const start = Date.now();
    for (;;) {
      const result = await check();
      if (result) return result;
      if (Date.now() - start > timeoutMs)
        throw new Error(`Timed out after ${timeoutMs} ms: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  function locator(selector) {
    const target = () => run('(selector) => targetOf(selector)', selector);
    const self = {
      first: () => self,
      async count() {
        return run('(selector) => deepQueryAll(selector).length', selector);
      },
      async waitFor({ state = 'visible', timeout = 10000 } = {}) {
        await waitUntil(
          async () => {
            const found = await target();
            return state === 'attached' ? found.found : found.visible;
          },
          `${selector} to be ${state}`,
          timeout,
        );
      },
      async click() {
        const at = await waitUntil(async () => {
          const found = await target();
          return found.visible && found.hits ? found : undefined;
        }, `${selector} to be visible and not covered`);
        await pointerAt(at.x, at.y);
      },
      async check() {
        const checked = () => run('(selector) => deepQueryAll(selector)[0]?.checked', selector);
        if (!(await checked())) await self.click();
        await waitUntil(checked, `${selector} to be checked`);
      },
      async isChecked() {
        return run('(selector) => deepQueryAll(selector)[0]?.checked === true', selector);
      },
      async fill(text) {
        const type = await run('(selector) => deepQueryAll(selector)[0]?.type', selector);
        if (type === 'date') {
          // As Playwright's fill does for a date field: its segments' order differs per engine
          // (test/second-opinion-intake.test.ts types into it).
          await run(
            `(selector, value) => {
              const input = deepQueryAll(selector)[0];
              input.value = value;
              input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
              input.dispatchEvent(new Event('change', { bubbles: true }));
            }`,
            selector,
            text,
          );
          return;
        }
        await self.click();
        await run('(selector) => deepQueryAll(selector)[0]?.select?.()', selector);
        await typeText(text);
        await waitUntil(
          () =>
            run('(selector, text) => deepQueryAll(selector)[0]?.value === text', selector, text),
          `${selector} to hold the typed text`,
        );
      },
      async textContent() {
        return run('(selector) => deepQueryAll(selector)[0]?.textContent ?? null', selector);
      },
      async evaluate(fn, arg) {
        // Source text, not eval in the page: the strict pages' policy forbids eval.
        return run(
          `(selector, arg) => (${fn.toString()})(deepQueryAll(selector)[0], arg)`,
          selector,
          arg,
        );
      },
    };
    return self;
  }

  return {
    engine,
    /** The page's console messages, where the driver hears them (not over classic WebDriver). */
    messages,
    locator,
    evaluate: (fn, arg) => evaluate(call(fn, [arg])),
    waitForFunction: (fn, arg) =>
      waitUntil(
        () => evaluate(call(fn, [arg])),
        `the page condition ${fn.toString().slice(0, 60)}`,
      ),
    close,
  };
}

/**
 * Starts `engine` and returns `{ open(url, options), close() }`. `open` resolves with a page for
 * `url`; with `{ phone: true }` the viewport is 375 × 667 CSS pixels and taps are touches where
 * the driver can emulate a touch screen (see docs/browsers.md for where it cannot).
 */
export async function launchEngine(engine, { phone = false } = {}) {
  if (engine === 'chromium' || engine === 'firefox') return launchPuppeteer(engine, phone);
  if (engine === 'webkit') return launchWebKit(phone);
  throw new Error(`Unknown engine ${engine}`);
}

async function launchPuppeteer(engine, phone) {
  const browser = await puppeteer.launch(
    engine === 'chromium'
      ? { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS }
      : {
          browser: 'firefox',
          executablePath: FIREFOX_PATH,
          headless: true,
          // Firefox offers no protocol command for a coarse pointer: its preferences do it.
          extraPrefsFirefox: { ...FIREFOX_PREFS, ...(phone ? FIREFOX_TOUCH_PREFS : {}) },
        },
  );
  return {
    async open(url) {
      const page = await browser.newPage();
      const messages = [];
      page.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`));
      if (phone) {
        await page.setViewport({ width: 375, height: 667, hasTouch: true, isMobile: true });
      }
      await page.goto(url);
      return pageOver(engine, {
        evaluate: (source) => page.evaluate(source),
        pointerAt: (x, y) => (phone ? page.touchscreen.tap(x, y) : page.mouse.click(x, y)),
        typeText: (text) => page.keyboard.type(text),
        close: () => page.close(),
        messages,
      });
    },
    close: () => browser.close(),
  };
}

/** WebKitWebDriver drops a typed " " unless it comes as WebDriver's Space key. */
const webdriverChar = (char) => (char === ' ' ? '\uE00D' : char);

async function launchWebKit(phone) {
  const driver = await startWebKitDriver();
  let browser;
  try {
    browser = await remote({
      hostname: driver.hostname,
      port: driver.port,
      capabilities: driver.capabilities,
      logLevel: 'error',
    });
  } catch (error) {
    await driver.stop();
    throw error;
  }
  return {
    async open(url) {
      if (phone) {
        // No device emulation over WebDriver: the window is sized so the viewport is 375 × 667,
        // as far as MiniBrowser's toolbar lets it shrink (about 450px wide).
        await browser.setWindowSize(375, 667);
        const inner = await browser.execute(() => [innerWidth, innerHeight]);
        await browser.setWindowSize(375 + (375 - inner[0]), 667 + (667 - inner[1]));
      }
      await browser.navigateTo(url);
      const pointer = phone ? 'touch' : 'mouse';
      return pageOver('webkit', {
        evaluate: (source) => browser.execute(`return ${source};`),
        pointerAt: (x, y) =>
          browser.performActions([
            {
              type: 'pointer',
              id: pointer,
              parameters: { pointerType: pointer },
              actions: [
                { type: 'pointerMove', duration: 0, x: Math.round(x), y: Math.round(y) },
                { type: 'pointerDown', button: 0 },
                { type: 'pointerUp', button: 0 },
              ],
            },
          ]),
        typeText: (text) =>
          browser.performActions([
            {
              type: 'key',
              id: 'keyboard',
              actions: [...text].flatMap((char) => {
                const value = webdriverChar(char);
                return [
                  { type: 'keyDown', value },
                  { type: 'keyUp', value },
                ];
              }),
            },
          ]),
        close: async () => {
          await browser.navigateTo('about:blank');
        },
      });
    },
    async close() {
      await browser.deleteSession().catch(() => {});
      await driver.stop();
    },
  };
}
