// Writes the stand-in names of document languages, src/content/language-names-<locale>.ts, one
// module per locale of lit-localize.json, from CLDR through Node's built-in ICU: the data browsers
// name languages from themselves. src/content/language-names.ts loads a locale's module only in
// a browser that lacks the locale's names (Debian's Chromium has none for Georgian).
//
//   node --import tsx scripts/fill-language-names.mjs          writes the modules
//   node --import tsx scripts/fill-language-names.mjs --check  fails if one is missing or stale
//
// Run it after adding a locale, or a language to src/schema/languages.ts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { knownDocumentLanguages } from '../src/schema/languages.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const config = JSON.parse(readFileSync(join(root, 'lit-localize.json'), 'utf8'));
const locales = [config.sourceLocale, ...config.targetLocales].sort();
const check = process.argv.includes('--check');

/** The module's source: each language named in `locale`, in code order. */
export function standInModule(locale) {
  const names = new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' });
  if (Intl.DisplayNames.supportedLocalesOf([locale]).length === 0) {
    throw new Error(`Node's ICU has no data for ${locale}: use a Node built with full ICU`);
  }
  const lines = knownDocumentLanguages().map((code) => {
    const name = names.of(code);
    if (!name) throw new Error(`CLDR has no ${locale} name for ${code}`);
    return `  ${code}: ${JSON.stringify(name).replace(/'/g, "\\'").replace(/^"|"$/g, "'")},`;
  });
  return [
    `// Written by scripts/fill-language-names.mjs from CLDR ${process.versions.cldr}: do not edit.`,
    `import type { LanguageNames } from './language-names.js';`,
    '',
    `/** Document languages named in ${locale}, for browsers without these names. */`,
    'const names: LanguageNames = {',
    ...lines,
    '};',
    'export default names;',
    '',
  ].join('\n');
}

let stale = 0;
for (const locale of locales) {
  const file = join(root, `src/content/language-names-${locale}.ts`);
  const source = standInModule(locale);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  // The CLDR version in the header alone does not make a module stale.
  const body = (text) => text?.replace(/^\/\/.*\n/, '');
  if (body(current) === body(source)) continue;
  if (check) {
    console.error(`${relative(root, file)} is ${current ? 'stale' : 'missing'}`);
    stale += 1;
  } else {
    writeFileSync(file, source);
    console.log(`${relative(root, file)}: ${knownDocumentLanguages().length} language names`);
  }
}
if (stale) process.exit(1);
