/**
 * The embedding guide's (docs/embedding.md) Vue 3 and Angular examples are the files the end-to-end tests build and run and
 * `npm run typecheck:examples` checks, character for character.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const guide = readFileSync(join(root, 'docs/embedding.md'), 'utf8');

/** `file` (relative to test/e2e/), as a fenced code block in `language`, after `firstLine`. */
const EXAMPLES = [
  { file: 'vue/vite.config.js', language: 'js', firstLine: '// vite.config.js\n' },
  { file: 'vue/SecondOpinion.vue', language: 'vue', firstLine: '<!-- SecondOpinion.vue -->\n' },
  { file: 'angular/second-opinion.component.ts', language: 'ts', firstLine: '' },
];

for (const { file, language, firstLine } of EXAMPLES) {
  it(`docs/embedding.md quotes test/e2e/${file} unchanged`, () => {
    const source = readFileSync(join(root, 'test/e2e', file), 'utf8');
    const block = `\`\`\`${language}\n${firstLine}${source}\`\`\`\n`;
    assert.ok(
      guide.includes(block),
      `docs/embedding.md has no code block equal to test/e2e/${file}`,
    );
  });
}
