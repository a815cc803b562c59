/**
 * `npm run check:structure`: the rules that keep the code easy to walk, checked on `src/`.
 *
 * - No source file over 400 lines: a longer one does more than one job.
 * - No import cycle, type-only imports included: a cycle means two units that are really one, or
 *   a piece in the wrong one.
 *
 * The layering rules (which folder may import which) are eslint's `no-restricted-imports`, so an
 * editor shows them as you type; see eslint.config.js.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const MAX_LINES = 400;
/** Written by tools, not people. */
const GENERATED = /^src\/generated\//;

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const files = sourceFiles(src).filter((file) => !GENERATED.test(relative(root, file)));
const problems = [];

for (const file of files) {
  const lines = readFileSync(file, 'utf8').split('\n').length;
  if (lines > MAX_LINES)
    problems.push(`${relative(root, file)} has ${lines} lines (> ${MAX_LINES})`);
}

/** Relative imports and re-exports, static and type-only (dynamic `import()` is a load boundary). */
const IMPORT =
  /^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"](\.[^'"]+)['"]|^\s*import\s*['"](\.[^'"]+)['"]/gm;

function resolveImport(from, specifier) {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [
    base.replace(/\.js$/, '.ts'),
    base,
    `${base}.ts`,
    join(base, 'index.ts'),
  ]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

const graph = new Map(
  files.map((file) => {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)]
      .map((match) => resolveImport(file, match[1] ?? match[2]))
      .filter((target) => target && !GENERATED.test(relative(root, target)));
    return [file, [...new Set(targets)]];
  }),
);

// Depth-first search; each cycle is reported once, by its smallest member first.
const seen = new Set();
const cycles = new Set();
function visit(file, stack) {
  const at = stack.indexOf(file);
  if (at >= 0) {
    const cycle = stack.slice(at).map((path) => relative(root, path));
    const start = cycle.indexOf([...cycle].sort()[0]);
    cycles.add([...cycle.slice(start), ...cycle.slice(0, start)].join(' → '));
    return;
  }
  if (seen.has(file)) return;
  stack.push(file);
  for (const target of graph.get(file) ?? []) visit(target, stack);
  stack.pop();
  seen.add(file);
}
for (const file of files) visit(file, []);
for (const cycle of cycles) problems.push(`import cycle: ${cycle}`);

if (problems.length > 0) {
  console.error(`✖ structure:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  process.exit(1);
}
console.log(
  `✔ structure: ${files.length} source files, none over ${MAX_LINES} lines, no import cycle`,
);
