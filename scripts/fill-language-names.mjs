// Fills the translations of the `language.*` messages (document-language names) in
// locales/*.xlf from CLDR, through Node's built-in ICU. Browsers usually name languages
// themselves (Intl.DisplayNames); these messages stand in where a browser lacks a locale's data.
// Run after `npm run localize:extract` when adding a locale or a language.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

for (const file of readdirSync('locales').filter((name) => name.endsWith('.xlf'))) {
  const path = `locales/${file}`;
  const xml = readFileSync(path, 'utf8');
  const locale = /target-language="([^"]+)"/.exec(xml)[1];
  const names = new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' });
  let filled = 0;
  const updated = xml.replace(
    /(<trans-unit id="language\.([a-z]+)">\s*<source>[^<]*<\/source>)(?!\s*<target>)/g,
    (unit, head, code) => {
      const name = names.of(code);
      if (!name) return unit;
      filled += 1;
      return `${head}\n  <target>${escape(name)}</target>`;
    },
  );
  writeFileSync(path, updated);
  console.log(`${path}: ${filled} language names filled`);
}
