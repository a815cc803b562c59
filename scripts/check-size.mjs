/**
 * `npm run check:size`: fails when the script-tag build in dist/cdn/ is over its budget
 * (scripts/size-budget.mjs): first load with `en` ≤ 25 KB gzip, each further locale ≤ 6 KB gzip,
 * the host loader of `mode="isolated"` ≤ 3 KB gzip.
 * Run after `npm run build`.
 *
 * `SIZE_BUDGET_FIRST_LOAD`, `SIZE_BUDGET_LOCALE` and `SIZE_BUDGET_ISOLATION_HOST` (bytes) override the limits, to see the check
 * fail or to try a stricter goal; CI runs it without them.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUDGET, formatBudget, measureCdn } from './size-budget.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function limit(name, fallback) {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const bytes = Number(value);
  if (!Number.isInteger(bytes) || bytes <= 0) {
    console.error(`✖ ${name} must be a positive number of bytes, not "${value}"`);
    process.exit(2);
  }
  return bytes;
}

const budget = {
  firstLoad: limit('SIZE_BUDGET_FIRST_LOAD', BUDGET.firstLoad),
  locale: limit('SIZE_BUDGET_LOCALE', BUDGET.locale),
  isolationHost: limit('SIZE_BUDGET_ISOLATION_HOST', BUDGET.isolationHost),
};

let sizes;
try {
  sizes = measureCdn(join(root, 'dist/cdn'));
} catch (error) {
  console.error(`✖ ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
const { lines, ok } = formatBudget(sizes, budget);
console.log(lines.join('\n'));
if (!ok) {
  console.error('\n✖ the script-tag build is over its size budget (gzip bytes, 1 KB = 1000 bytes)');
  process.exit(1);
}
console.log('\n✔ the script-tag build is within its size budget');
