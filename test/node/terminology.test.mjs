/**
 * The terminology base (locales/terminology.json) holds: wherever the English source uses a
 * term, the locale's target uses the chosen translation and none of its forbidden variants.
 * How terms are chosen and reviewed: CONTRIBUTING.md, "Reviewing translations".
 *
 * Run: `node --import tsx --test test/node/terminology.test.mjs`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readUnits, TARGET_LOCALES } from './xliff.mjs';

const base = JSON.parse(
  readFileSync(new URL('../../locales/terminology.json', import.meta.url), 'utf8'),
);
const FIELDS = ['term', 'en', 'translation', 'matches', 'forbidden', 'source', 'note'];

describe('Terminology base', () => {
  it('has an entry list for every target locale, each entry complete', () => {
    assert.deepEqual(
      Object.keys(base)
        .filter((key) => !key.startsWith('$'))
        .sort(),
      [...TARGET_LOCALES].sort(),
    );
    for (const locale of TARGET_LOCALES) {
      for (const entry of base[locale]) {
        for (const field of FIELDS) {
          assert.ok(field in entry, `${locale} "${entry.term}": no ${field}`);
        }
        assert.ok(entry.source.trim(), `${locale} "${entry.term}": say where the term comes from`);
        // The chosen translation itself must pass its own check.
        assert.match(entry.translation, new RegExp(entry.matches, 'iu'), entry.term);
      }
    }
  });

  for (const locale of TARGET_LOCALES) {
    describe(locale, () => {
      const units = readUnits(locale);
      for (const entry of base[locale]) {
        it(`"${entry.term}" is "${entry.translation}" in every unit that uses it`, () => {
          const english = new RegExp(entry.en, 'iu');
          const chosen = new RegExp(entry.matches, 'iu');
          const forbidden = entry.forbidden.map((variant) => new RegExp(variant, 'iu'));
          const except = entry.except ?? {};
          for (const id of Object.keys(except)) {
            assert.ok(units.has(id), `${locale} "${entry.term}": exception for unknown unit ${id}`);
          }
          const using = [...units].filter(
            ([id, unit]) => !(id in except) && english.test(unit.source),
          );
          assert.ok(using.length > 0, `${locale} "${entry.term}": no English source uses it`);
          const problems = [];
          for (const [id, { target = '' }] of using) {
            if (!chosen.test(target))
              problems.push(`${id}: lacks "${entry.translation}": ${target}`);
            for (const variant of forbidden) {
              const found = target.match(variant);
              if (found) problems.push(`${id}: forbidden "${found[0]}": ${target}`);
            }
          }
          assert.deepEqual(problems, []);
        });
      }
    });
  }
});
