/**
 * Runs the browser test suite (web-test-runner) in each engine, one after another — WebKitWebDriver
 * drives one session at a time, and the machine has two cores — then prints each engine's
 * version, pass, fail and skip counts and time. Fails when any engine fails a test, reports
 * nothing, or cannot start.
 *
 *   node scripts/test-browsers.mjs                       all three engines
 *   node scripts/test-browsers.mjs --engine firefox      one (repeat, or `ENGINES=firefox,webkit`)
 *   node scripts/test-browsers.mjs --files test/theme.test.ts   other arguments go to wtr
 *
 * WebKit's MiniBrowser needs a display: test/engines.mjs starts a private Xvfb when `DISPLAY`
 * is unset.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineVersion, selectedEngines } from '../test/engines.mjs';

/** The arguments meant for wtr: all but `--engine <name>`. */
function wtrArguments(argv) {
  const rest = [];
  for (let index = 0; index < argv.length; index += 1) {
    if (argv[index] === '--engine') index += 1;
    else if (!argv[index].startsWith('--engine=')) rest.push(argv[index]);
  }
  return rest;
}

function runEngine(engine, args, resultsFile) {
  const started = performance.now();
  const child = spawn(join('node_modules', '.bin', 'wtr'), args, {
    stdio: 'inherit',
    env: {
      ...process.env,
      ENGINE: engine,
      ENGINE_RESULTS: resultsFile,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import tsx`.trim(),
    },
  });
  // A CI timeout or Ctrl-C that stops this script stops wtr too (and with it the browsers,
  // WebKitWebDriver and Xvfb it started).
  const forward = (signal) => {
    child.kill(signal);
    stopForwarding();
    process.kill(process.pid, signal); // and end as the signal would have, no next engine
  };
  const stopForwarding = () => {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
  };
  process.once('SIGINT', forward);
  process.once('SIGTERM', forward);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      stopForwarding();
      let counts;
      try {
        counts = JSON.parse(readFileSync(resultsFile, 'utf8'));
      } catch {
        counts = undefined;
      }
      resolve({ engine, code, counts, seconds: (performance.now() - started) / 1000 });
    });
  });
}

const argv = process.argv.slice(2);
const engines = selectedEngines(argv);
const args = wtrArguments(argv);
const dir = mkdtempSync(join(tmpdir(), 'engine-results-'));
const results = [];
try {
  for (const engine of engines) {
    console.log(`\n=== Browser tests in ${engine} (${engineVersion(engine)}) ===\n`);
    results.push(await runEngine(engine, args, join(dir, `${engine}.json`)));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log('\nBrowser tests per engine');
let ok = true;
for (const { engine, code, counts, seconds } of results) {
  const summary = counts
    ? `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped in ${counts.files} files`
    : 'no results (the run did not finish)';
  console.log(
    `  ${engine.padEnd(9)} ${engineVersion(engine).padEnd(34)} ${summary} (${seconds.toFixed(0)} s)`,
  );
  if (code !== 0 || !counts || counts.failed > 0 || counts.passed === 0) ok = false;
}
process.exitCode = ok ? 0 : 1;
