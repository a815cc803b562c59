// Writes src/generated/questionnaire-texts.ts: the texts of the intake's FHIR Questionnaire in
// every locale, for servers, which have no msg() of their own (src/fhir/texts.ts). They come
// from the widget's own text builder (src/content/questionnaire-texts.ts) run under each locale
// with @lit/localize's runtime and the locale modules `lit-localize build` has just written, so
// a server's texts are the widget's, word for word.
//
//   node --import tsx scripts/questionnaire-texts.mjs   (the second half of `npm run localize:build`)
//
// What depends on the settings is generated too: the texts that name the organisation or the
// insurer, with a marker where the name goes (filled in by `fillTexts`), and the language rule
// once for each set of languages a service country accepts (every country code is tried).
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// @lit/localize announces locale changes on `window`, which Node lacks; nothing listens here
// but the widget's own locale module.
globalThis.window ??= new EventTarget();

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { configureLocalization } = await import('@lit/localize');
const { allLocales, sourceLocale, targetLocales } =
  await import('../src/generated/locale-codes.ts');
const { useLocaleAccess } = await import('../src/locale.ts');
const { loadLanguageNames } = await import('../src/content/language-names.ts');
const { questionnaireTexts } = await import('../src/content/questionnaire-texts.ts');
const { LANGUAGE_RULE, SETTING_MARKERS, languageRuleKey } = await import('../src/fhir/texts.ts');

const access = configureLocalization({
  sourceLocale,
  targetLocales,
  loadLocale: (locale) => import(`../src/generated/locales/${locale}.ts`),
});
useLocaleAccess(access);

/**
 * The widget's own `questionnaireTexts(settings)` in `locale`, as a page in that locale builds
 * them: for this script, and for the tests that hold the generated texts to it.
 */
export async function widgetTextsIn(locale, settings) {
  await access.setLocale(locale);
  // Node names languages itself when its ICU has the locale; otherwise the widget's stand-ins.
  await loadLanguageNames(locale);
  return questionnaireTexts(settings);
}

/** One country code for each language rule: AA … ZZ, the first that gives each key. */
export function countryPerLanguageRule() {
  const countries = new Map([['', undefined]]);
  for (const first of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
    for (const second of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
      const key = languageRuleKey(first + second);
      if (!countries.has(key)) countries.set(key, first + second);
    }
  }
  return countries;
}

async function localeTexts(locale) {
  const texts = await widgetTextsIn(locale);
  const marked = (await widgetTextsIn(locale, SETTING_MARKERS)).items;
  const withSettings = {};
  for (const [linkId, text] of Object.entries(marked)) {
    if (text === texts.items[linkId]) continue;
    if (!Object.values(SETTING_MARKERS).some((marker) => text.includes(marker))) {
      throw new Error(`${locale}: ${linkId} changes with a setting but does not name it`);
    }
    withSettings[linkId] = text;
  }
  const languageRules = {};
  for (const [key, country] of countryPerLanguageRule()) {
    languageRules[key] = (await widgetTextsIn(locale, { serviceCountry: country })).items[
      LANGUAGE_RULE
    ];
  }
  return { texts, withSettings, languageRules };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const generated = {};
  for (const locale of allLocales) generated[locale] = await localeTexts(locale);
  await access.setLocale(sourceLocale);

  const file = join(root, 'src/generated/questionnaire-texts.ts');
  writeFileSync(
    file,
    [
      "// Written by scripts/questionnaire-texts.mjs (npm run localize:build) from the widget's texts",
      '// and locales/*.xlf: do not edit.',
      "import type { LocaleQuestionnaireTexts } from '../fhir/texts.js';",
      '',
      `export const QUESTIONNAIRE_TEXTS: Readonly<Record<string, LocaleQuestionnaireTexts>> = ${JSON.stringify(generated, null, 2)};`,
      '',
    ].join('\n'),
  );
  console.log(`questionnaire texts (${allLocales.join(', ')}) → ${file.slice(root.length + 1)}`);
}
