/**
 * `npm run bench`: loads the built script-tag widget (bench/index.html, the demo's insurer page
 * on dist/cdn/) in Debian's headless Chromium with the CPU throttled 4× through the DevTools
 * protocol, `RUNS` times (default 12), each in a fresh browser context (empty cache), and writes
 * the medians to bench/results.json:
 *
 * - `interactiveMs`: from navigation start to the first form control of the widget (the first
 *   FAQ question, then Continue) being rendered by an upgraded element, so it responds to input;
 * - `longTasks` / `longTaskMs` / `totalBlockingMs`: main-thread tasks over 50 ms until 2 s after
 *   that (so the lazily loaded form controls count too), their summed duration, and the sum of
 *   their time beyond 50 ms;
 * - `jsHeapBytes`: JS heap in use after a garbage collection, once the widget has rendered;
 * - `domNodes`: nodes in the document, shadow roots included;
 * - the bundle sizes (scripts/size-budget.mjs) and the machine.
 *
 * Builds dist/ first when it is stale (scripts/ensure-build.mjs). Loopback only.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { format } from 'prettier';
import { launchChromium } from '../test/e2e/browser.mjs';
import { root, startServer } from '../test/e2e/server.mjs';
import { BUDGET, measureCdn } from './size-budget.mjs';

const RUNS = Number(process.env.RUNS ?? 12);
const CPU_SLOWDOWN = 4;
const SETTLE_MS = 2000;

const built = spawnSync(process.execPath, [join(root, 'scripts/ensure-build.mjs')], {
  stdio: 'inherit',
});
if (built.status !== 0) process.exit(built.status ?? 1);

/** In the page, before any script: long tasks, and when the first control became usable. */
function instrument() {
  window.__bench = { longTasks: [], interactive: undefined };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.__bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
  const firstControl = () => {
    const intake = document.querySelector('second-opinion-intake');
    if (!intake?.hasUpdated) return null;
    const faq = intake.shadowRoot?.querySelector('second-opinion-faq');
    return (
      (faq?.hasUpdated && faq.shadowRoot?.querySelector('button')) ||
      intake.shadowRoot?.querySelector('button, input, select, textarea')
    );
  };
  const poll = () => {
    if (firstControl()) window.__bench.interactive = performance.now();
    else requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

const server = await startServer();
const browser = await launchChromium();
const runs = [];
try {
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await page.addInitScript(instrument);
    await page.goto(`${server.origin}/bench/index.html`);
    await page.waitForFunction(() => window.__bench.interactive !== undefined, null, {
      timeout: 60_000,
    });
    await page.waitForTimeout(SETTLE_MS);
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const result = await page.evaluate((settle) => {
      const { interactive, longTasks } = window.__bench;
      const counted = longTasks.filter((task) => task.start < interactive + settle);
      let domNodes = 0;
      const walk = (node) => {
        domNodes += 1;
        if (node.shadowRoot) walk(node.shadowRoot);
        for (const child of node.childNodes) walk(child);
      };
      walk(document);
      return {
        interactiveMs: interactive,
        longTasks: counted.length,
        longTaskMs: counted.reduce((sum, task) => sum + task.duration, 0),
        totalBlockingMs: counted.reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0),
        domNodes,
      };
    }, SETTLE_MS);
    runs.push({ ...result, jsHeapBytes: usedSize });
    await context.close();
    process.stdout.write(
      `run ${run + 1}/${RUNS}: interactive ${round(result.interactiveMs)} ms, ` +
        `${result.longTasks} long tasks, ${result.domNodes} nodes, heap ${usedSize} B\n`,
    );
  }
  const metrics = [
    'interactiveMs',
    'longTasks',
    'longTaskMs',
    'totalBlockingMs',
    'jsHeapBytes',
    'domNodes',
  ];
  const summary = Object.fromEntries(
    metrics.map((metric) => {
      const values = runs.map((run) => run[metric]);
      return [
        metric,
        {
          median: round(median(values)),
          min: round(Math.min(...values)),
          max: round(Math.max(...values)),
        },
      ];
    }),
  );
  const sizes = measureCdn(join(root, 'dist/cdn'));
  const results = {
    date: new Date().toISOString(),
    page: 'bench/index.html (the insurer demo page on dist/cdn/second-opinion-intake.js)',
    runs: RUNS,
    cpuThrottling: CPU_SLOWDOWN,
    network: 'loopback, cache disabled, no throttling',
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: round(totalmem() / 2 ** 30),
      node: process.version,
      browser: `Chromium ${browser.version()} (headless)`,
    },
    medians: Object.fromEntries(Object.entries(summary).map(([key, value]) => [key, value.median])),
    spread: summary,
    sizes: {
      budget: BUDGET,
      firstLoad: sizes.firstLoad,
      locales: sizes.locales,
      lazilyLoaded: sizes.lazy,
    },
  };
  // Written as `npm run lint` (prettier) wants it.
  writeFileSync(
    join(root, 'bench/results.json'),
    await format(JSON.stringify(results), { parser: 'json' }),
  );
  console.log(`\nmedians of ${RUNS} loads (${CPU_SLOWDOWN}× CPU throttling):`);
  console.table(summary);
  console.log(`first load ${sizes.firstLoad.gzip} B gzip; written to bench/results.json`);
} finally {
  await browser.close();
  await server.close();
}
