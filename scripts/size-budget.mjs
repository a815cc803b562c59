/**
 * The script-tag build's size budget, measured on dist/cdn/ as a browser downloads it: each file
 * gzipped on its own (level 9), since each is its own request.
 *
 * - first load with `en`: dist/cdn/second-opinion-intake.js and every file it imports statically
 *   (JS and CSS: the styles are inside the JS) — all a page waits for before the widget renders;
 * - each further locale: its file in dist/cdn/locales/, loaded when that locale is chosen;
 * - `mode="isolated"`'s host loader (dist/cdn/chunks/host-*.js, src/isolation/host.ts) with any
 *   lazily loaded file it imports statically: all the page adds to the first load in that mode
 *   (the intake itself then runs in the frame; dist/cdn/frame.js is reported, not budgeted);
 * - other lazily loaded files (dist/cdn/chunks/) are reported, not budgeted: nothing on the
 *   first step needs them (the form controls, the intake's checks, later steps and sending,
 *   zod and the schema, the FHIR mapping); the report also gives their total with the first
 *   load.
 *
 * Used by scripts/build.mjs (report), scripts/check-size.mjs (fails past the budget) and
 * scripts/bench.mjs (sizes in bench/results.json).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Bytes, gzip: the goals of issue #4 (1 KB = 1000 bytes). */
export const BUDGET = {
  firstLoad: 25_000,
  locale: 6_000,
  isolationHost: 3_000,
};

/**
 * Locales allowed past `BUDGET.locale`, each with its own limit and why. Russian passed 6 KB
 * (6.19 KB) with the content of issue #12 — the emergency notice, a consent that names who
 * receives the data, the memorable-date errors — the key-reused messages of issue #10, after
 * its wording had been tightened, and the language menu's "could not be loaded". Every message
 * in the file is one the widget shows (the inbox's are left out already).
 *
 * Splitting each locale file in two — the first load's messages, and the later steps' loaded
 * with the code that shows them — was built and measured: the file a locale waits for drops to
 * 2.5 KB, but the two parts together weigh 7.2 KB (gzip compresses two halves worse than one
 * whole), every locale grows by about 1 KB, and the later part costs a round trip after the
 * first render. That passes this check while the patient downloads more, so it was not taken.
 * This exception is the one place that says so; `check:size` holds every other locale to 6 KB.
 */
export const LOCALE_BUDGET_EXCEPTIONS = { ru: 6_200 };

/** The host loader of `mode="isolated"`, as Rolldown names its chunk. */
const ISOLATION_HOST = /^chunks\/host-[\w-]+\.js$/;
export const FRAME_FILE = 'frame.js';

export const MAIN_FILE = 'second-opinion-intake.js';

function sizeOf(file) {
  const content = readFileSync(file);
  return { raw: content.length, gzip: gzipSync(content, { level: 9 }).length };
}

/** Relative specifiers a minified ES module imports statically (`import … from "./x.js"`). */
export function staticImports(code) {
  const specifiers = new Set();
  const pattern =
    /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g;
  for (const match of code.matchAll(pattern)) specifiers.add(match[1]);
  return [...specifiers];
}

/** Sizes of dist/cdn/ (`cdnDir`): the first load, each locale, and the other lazy files. */
export function measureCdn(cdnDir) {
  const main = join(cdnDir, MAIN_FILE);
  if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
  const firstLoadFiles = [];
  const visit = (file) => {
    if (firstLoadFiles.includes(file)) return;
    firstLoadFiles.push(file);
    for (const specifier of staticImports(readFileSync(file, 'utf8'))) {
      visit(resolve(dirname(file), specifier));
    }
  };
  visit(main);
  const files = firstLoadFiles.map((file) => ({ file: relative(cdnDir, file), ...sizeOf(file) }));
  const firstLoad = {
    files,
    raw: files.reduce((sum, file) => sum + file.raw, 0),
    gzip: files.reduce((sum, file) => sum + file.gzip, 0),
  };
  const listed = (dir) =>
    existsSync(join(cdnDir, dir))
      ? readdirSync(join(cdnDir, dir))
          .filter((name) => name.endsWith('.js'))
          .sort()
          .map((name) => `${dir}/${name}`)
      : [];
  const locales = listed('locales').map((file) => ({
    locale: file.slice('locales/'.length).split('-')[0],
    file,
    ...sizeOf(join(cdnDir, file)),
  }));
  const lazy = listed('chunks')
    .filter((file) => !firstLoadFiles.includes(join(cdnDir, file)))
    .map((file) => ({ file, ...sizeOf(join(cdnDir, file)) }));
  const hostFile = lazy.find((file) => ISOLATION_HOST.test(file.file));
  let isolationHost;
  if (hostFile) {
    // The loader and whatever lazily loaded file it needs at once: not the first load's files.
    const needed = new Set([hostFile.file]);
    for (const file of needed) {
      for (const specifier of staticImports(readFileSync(join(cdnDir, file), 'utf8'))) {
        const path = relative(cdnDir, resolve(dirname(join(cdnDir, file)), specifier));
        if (!firstLoadFiles.includes(join(cdnDir, path))) needed.add(path);
      }
    }
    const parts = lazy.filter((file) => needed.has(file.file));
    isolationHost = {
      files: parts,
      raw: parts.reduce((sum, file) => sum + file.raw, 0),
      gzip: parts.reduce((sum, file) => sum + file.gzip, 0),
    };
  }
  const frame = existsSync(join(cdnDir, FRAME_FILE))
    ? { file: FRAME_FILE, ...sizeOf(join(cdnDir, FRAME_FILE)) }
    : undefined;
  return { firstLoad, locales, lazy, isolationHost, frame };
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

/** The report's lines, and whether everything is within `budget`. */
export function formatBudget(sizes, budget = BUDGET) {
  const lines = [];
  let ok = true;
  const row = (label, size, limit) => {
    const within = limit === undefined || size.gzip <= limit;
    ok &&= within;
    const verdict = limit === undefined ? '' : `  ${within ? '✔' : '✖'} budget ${kb(limit)}`;
    lines.push(
      `${label.padEnd(46)} ${String(size.raw).padStart(8)} raw  ${String(size.gzip).padStart(7)} gzip${verdict}`,
    );
  };
  row(
    `first load, en (${sizes.firstLoad.files.map((file) => file.file).join(' + ')})`,
    sizes.firstLoad,
    budget.firstLoad,
  );
  for (const locale of sizes.locales) {
    const limit = LOCALE_BUDGET_EXCEPTIONS[locale.locale] ?? budget.locale;
    row(`+ locale ${locale.locale} (${locale.file})`, locale, limit);
  }
  if (sizes.isolationHost) {
    row(
      `+ mode="isolated" host loader (${sizes.isolationHost.files.map((file) => file.file).join(' + ')})`,
      sizes.isolationHost,
      budget.isolationHost,
    );
  } else {
    ok = false;
    lines.push('✖ the host loader of mode="isolated" (chunks/host-*.js) is missing');
  }
  if (sizes.frame) row(`  in the isolation frame: ${sizes.frame.file}`, sizes.frame);
  for (const file of sizes.lazy) row(`  lazily loaded: ${file.file}`, file);
  // Not budgeted, but said: what a page downloads in all when every lazy file is needed.
  const everything = [sizes.firstLoad, ...sizes.lazy].reduce(
    (sum, size) => ({ raw: sum.raw + size.raw, gzip: sum.gzip + size.gzip }),
    { raw: 0, gzip: 0 },
  );
  row('  first load + every lazily loaded file', everything);
  return { lines, ok };
}
