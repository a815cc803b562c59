/**
 * Reads the translation units of locales/<locale>.xlf for the node tests: per unit id, the
 * English source and the target, placeholders written as `{expression}` (as translators see them).
 */
import { readFileSync } from 'node:fs';

export const TARGET_LOCALES = ['ka', 'ru', 'de', 'ar'];

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Placeholders as `{expr}`, entities decoded. */
function plain(xml) {
  return xml
    .replace(/<x id="\d+" equiv-text="\$\{([^"]*)\}"\/>/g, '{$1}')
    .replace(/&(amp|lt|gt|quot|apos);/g, (_, name) => ENTITIES[name]);
}

/** @returns {Map<string, { source: string, target: string | undefined }>} */
export function readUnits(locale) {
  const xml = readFileSync(new URL(`../../locales/${locale}.xlf`, import.meta.url), 'utf8');
  const units = new Map();
  const unit =
    /<trans-unit id="([^"]+)">\s*<source>([\s\S]*?)<\/source>\s*(?:<target>([\s\S]*?)<\/target>)?/g;
  for (const [, id, source, target] of xml.matchAll(unit)) {
    units.set(id, {
      source: plain(source),
      target: target === undefined ? undefined : plain(target),
    });
  }
  return units;
}
