/**
 * What the server entry loads (CONTRIBUTING.md, "Layering"): the lint checks each import; this
 * follows them all, from src/server/index.ts, through every static and dynamic import of our own
 * modules, and names the packages the graph reaches.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SPECIFIERS =
  /(?:^|[\s;])(?:import|export)\s(?:type\s)?[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[\s;])import\s*['"]([^'"]+)['"]/gm;

/** Our modules reached from `entry` (paths relative to the repo) and, for each, what it imports. */
function moduleGraph(entry) {
  const graph = new Map();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop();
    if (graph.has(file)) continue;
    const source = readFileSync(join(root, file), 'utf8');
    const imports = [];
    for (const match of source.matchAll(SPECIFIERS)) {
      // `import type` and `export type` are erased: they load nothing.
      if (/^\s*;?\s*(import|export)\s+type\s/.test(match[0])) continue;
      const specifier = match[1] ?? match[2] ?? match[3];
      if (specifier.startsWith('.')) {
        const target = relative(root, join(root, dirname(file), specifier)).replace(/\.js$/, '.ts');
        imports.push(target);
        pending.push(target);
      } else {
        imports.push(specifier);
      }
    }
    graph.set(file, imports);
  }
  return graph;
}

/** Who imports `predicate`-matching specifiers: `importer → specifier` lines. */
const importsOf = (graph, predicate) =>
  [...graph].flatMap(([file, imports]) =>
    imports.filter(predicate).map((specifier) => `${file} → ${specifier}`),
  );

describe('the server entry (src/server/index.ts)', () => {
  const graph = moduleGraph('src/server/index.ts');

  it('reaches the server, schema, submit and FHIR modules, and the generated FHIR texts', () => {
    // A walker that found nothing would pass everything below.
    for (const file of [
      'src/server/handler.ts',
      'src/schema/payload.ts',
      'src/fhir/response.ts',
      'src/fhir/questionnaire.ts',
      'src/fhir/from-response.ts',
      'src/fhir/locale-texts.ts',
      'src/generated/questionnaire-texts.ts',
    ]) {
      assert.ok(graph.has(file), `${file} is in the graph`);
    }
  });

  it('never loads the elements, the inbox, the isolation frame or Lit', () => {
    const ui = importsOf(
      graph,
      (specifier) =>
        /^src\/(elements|inbox|isolation)\//.test(specifier) ||
        specifier === 'lit' ||
        specifier.startsWith('lit/'),
    );
    assert.deepEqual(ui, []);
  });

  it('never loads @lit/localize, the page-wide locale or the msg() texts (src/content)', () => {
    // The FHIR mapping takes its texts as input; the server's are generated at build time
    // (src/generated/questionnaire-texts.ts), so no msg() answers in the wrong locale here.
    const localized = importsOf(
      graph,
      (specifier) =>
        specifier === '@lit/localize' ||
        specifier.startsWith('@lit/') ||
        specifier === 'src/locale.ts' ||
        specifier === 'src/localization.ts' ||
        specifier.startsWith('src/content/'),
    );
    assert.deepEqual(localized, []);
  });
});
