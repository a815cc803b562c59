/**
 * The three browser engines every test runs in, all from Debian's packages (nothing downloads a
 * browser): Chromium, Firefox ESR (driven over WebDriver BiDi by puppeteer-core) and WebKitGTK's
 * MiniBrowser (driven by WebKitWebDriver). `ENGINES=firefox,webkit` (or the test scripts'
 * `--engine firefox`) picks some of them; see docs/browsers.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

export const ENGINES = ['chromium', 'firefox', 'webkit'];

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER_PATH = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER_PATH =
  process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/**
 * Firefox preferences for tests: no first-run pages, no updates or telemetry calls, no network
 * beyond the test server.
 */
export const FIREFOX_PREFS = {
  'app.update.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
};

/** Firefox's preferences that make `(pointer: coarse)` and `(hover: none)` match, as on a phone. */
export const FIREFOX_TOUCH_PREFS = {
  'ui.primaryPointerCapabilities': 1, // coarse, no hover
  'ui.allPointerCapabilities': 1,
  'dom.w3c_touch_events.enabled': 1,
};

/**
 * The engines named by `--engine <name>` arguments (repeatable, or comma-separated) or else by
 * the `ENGINES` variable; all three when neither is given. Throws on an unknown name.
 */
export function selectedEngines(argv = process.argv.slice(2), env = process.env) {
  const named = [];
  argv.forEach((arg, index) => {
    if (arg === '--engine') named.push(argv[index + 1] ?? '');
    else if (arg.startsWith('--engine=')) named.push(arg.slice('--engine='.length));
  });
  const list = (named.length > 0 ? named.join(',') : (env.ENGINES ?? ''))
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  for (const name of list) {
    if (!ENGINES.includes(name)) {
      throw new Error(`Unknown engine "${name}"; choose from ${ENGINES.join(', ')}`);
    }
  }
  return list.length > 0 ? ENGINES.filter((name) => list.includes(name)) : [...ENGINES];
}

/** The version string an engine's binary reports, for the result tables. */
export function engineVersion(engine) {
  const output = (file, args) =>
    execFileSync(file, args, { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  try {
    if (engine === 'firefox') return output(FIREFOX_PATH, ['--version']).replace(/^Mozilla /, '');
    if (engine === 'webkit') {
      return `WebKitGTK ${output('dpkg-query', ['-W', '-f=${Version}', 'libwebkit2gtk-4.1-0'])}`;
    }
    // "Chromium 156.0.8078.129 built on Debian …": the name and version.
    const chromium = output(process.env.CHROME_PATH ?? '/usr/bin/chromium', ['--version']);
    return chromium.split(' ').slice(0, 2).join(' ');
  } catch {
    return `${engine} (version unknown)`;
  }
}

async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A virtual X display for MiniBrowser, which cannot run without one: the display already set in
 * `DISPLAY` (e.g. under `xvfb-run`), else a private Xvfb on a free display number.
 */
async function ensureDisplay() {
  if (process.env.DISPLAY) return { display: process.env.DISPLAY, stop: async () => {} };
  const xvfb = spawn(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'],
    {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    },
  );
  const number = await new Promise((resolve, reject) => {
    let text = '';
    xvfb.stdio[3].on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.trim());
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
    xvfb.once('error', reject);
  });
  return { display: `:${number}`, stop: () => stopProcess(xvfb), kill: () => xvfb.kill() };
}

async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

/**
 * Starts WebKitWebDriver on a free loopback port (with a virtual display when none is set) and
 * waits until it answers. `capabilities` opens MiniBrowser in automation mode.
 */
export async function startWebKitDriver() {
  const screen = await ensureDisplay();
  const port = await freePort();
  const driver = spawn(WEBKIT_DRIVER_PATH, [`--port=${port}`], {
    env: { ...process.env, DISPLAY: screen.display },
    stdio: 'ignore',
  });
  // Should the runner die without stopping them, the driver and the display go with it (the
  // display's end also closes MiniBrowser).
  const killOnExit = () => {
    driver.kill();
    screen.kill?.();
  };
  process.once('exit', killOnExit);
  const origin = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const response = await fetch(`${origin}/status`);
      if (response.ok) break;
    } catch (error) {
      if (attempt > 100 || driver.exitCode !== null) {
        driver.kill();
        process.off('exit', killOnExit);
        await screen.stop();
        throw new Error(`WebKitWebDriver did not start: ${error.message}`);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    hostname: '127.0.0.1',
    port,
    capabilities: webkitCapabilities(),
    stop: async () => {
      process.off('exit', killOnExit);
      await stopProcess(driver);
      await screen.stop();
    },
  };
}

export function webkitCapabilities() {
  return {
    browserName: 'MiniBrowser',
    // WebKitWebDriver speaks classic WebDriver only; webdriverio 9 asks for BiDi unless told.
    'wdio:enforceWebDriverClassic': true,
    // Navigation returns once the document is parsed: waiting for every subresource's load
    // event made a navigation hang now and then on a busy machine, stopping the whole run.
    pageLoadStrategy: 'eager',
    'webkitgtk:browserOptions': { binary: MINIBROWSER_PATH, args: ['--automation'] },
  };
}
