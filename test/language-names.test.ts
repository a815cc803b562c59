import { expect, fixture, html } from '@open-wc/testing';
// The widget sets localization up itself, as the script tag and `setUpLocalization()` do.
import '../src/define.js';
import { languageName } from '../src/content/intl.js';
import {
  browserLanguageNames,
  STAND_IN_LOCALES,
  standInLanguageName,
  type LanguageNames,
} from '../src/content/language-names.js';
import type { SecondOpinionDocuments } from '../src/elements/second-opinion-documents.js';
import { allLocales } from '../src/generated/locale-codes.js';
import { currentLocale, requestLocale } from '../src/locale.js';
import { setUpLocalization } from '../src/localization.js';
import { knownDocumentLanguages } from '../src/schema/languages.js';

/** The stand-in modules, imported only once the widget has loaded what it needs itself. */
const standIns = async (): Promise<Record<string, LanguageNames>> => {
  const modules = await Promise.all(
    allLocales.map((locale) => import(`../src/content/language-names-${locale}.ts`)),
  );
  return Object.fromEntries(
    allLocales.map((locale, index) => [
      locale,
      (modules[index] as { default: LanguageNames }).default,
    ]),
  );
};

/** Letters of each locale's script (names may also hold spaces, hyphens, brackets). */
const SCRIPT: Record<string, RegExp> = {
  ar: /^[\u0600-\u06FF\s()-]+$/,
  ka: /^[\u10A0-\u10FF\s()-]+$/,
  ru: /^[\u0400-\u04FF\s()-]+$/,
  de: /^[\p{Script=Latin}\s()-]+$/u,
  en: /^[\p{Script=Latin}\s()-]+$/u,
};

const GEORGIAN = /^[\u10A0-\u10FF\s]+$/;

async function documentsIn(locale: string): Promise<SecondOpinionDocuments> {
  const el = await fixture<SecondOpinionDocuments>(
    html`<second-opinion-documents locale=${locale}></second-opinion-documents>`,
  );
  el.shadowRoot!.querySelector<HTMLInputElement>('#imaging-status-attached')!.click();
  await el.updateComplete;
  return el;
}

const optionLabel = (el: SecondOpinionDocuments, code: string) =>
  el.shadowRoot!.querySelector(`#imaging-language option[value="${code}"]`)?.textContent?.trim();

describe('Language names', () => {
  before(() => {
    expect(setUpLocalization()).to.equal(true);
  });
  after(async () => {
    await requestLocale('en');
  });

  // First, before this file imports any stand-in module itself.
  describe('In the widget', () => {
    it('shows Georgian names in Georgian script as soon as the locale is ready', async () => {
      await requestLocale('ka');
      expect(currentLocale()).to.equal('ka');
      // Nothing awaited after readiness: the locale's loading waited for the names.
      expect(languageName('de')).to.match(GEORGIAN);
      expect(languageName('ka')).to.equal('ქართული');
      const el = await documentsIn('ka');
      expect(optionLabel(el, 'de')).to.match(GEORGIAN);
      expect(optionLabel(el, 'en')).to.match(GEORGIAN);
      if (!browserLanguageNames('ka')) {
        // Debian's Chromium: no Georgian data, so the stand-ins were loaded, and they are used.
        const { ka } = await standIns();
        expect(standInLanguageName('ka', 'ja')).to.equal(ka.ja);
        expect(optionLabel(el, 'ja')).to.equal(ka.ja);
      }
    });

    for (const locale of ['ru', 'de', 'ar']) {
      it(`${locale}: takes the browser's names when it has them, without loading stand-ins`, async () => {
        await requestLocale(locale);
        expect(currentLocale()).to.equal(locale);
        const el = await documentsIn(locale);
        const browser = browserLanguageNames(locale);
        if (browser) {
          expect(optionLabel(el, 'ka')).to.equal(browser.of('ka'));
          expect(standInLanguageName(locale, 'ka'), 'stand-ins loaded').to.equal(undefined);
        } else {
          expect(optionLabel(el, 'ka')).to.equal((await standIns())[locale].ka);
        }
        expect(optionLabel(el, 'ka')).to.match(SCRIPT[locale]);
      });
    }

    it('names English documents in English, and shows an unknown code as it is', async () => {
      await requestLocale('en');
      expect(languageName('ka')).to.equal('Georgian');
      expect(languageName('other')).to.equal('Another language');
      expect(languageName('not a code!')).to.equal('not a code!');
    });
  });

  describe('Stand-ins (scripts/fill-language-names.mjs, from CLDR)', () => {
    it('exist for every locale the widget speaks', () => {
      expect([...STAND_IN_LOCALES].sort()).to.deep.equal([...allLocales].sort());
    });

    for (const locale of allLocales) {
      it(`${locale}: name every language the widget offers, in the locale's script`, async () => {
        const all = await standIns();
        const names = all[locale];
        expect(Object.keys(names).sort()).to.deep.equal(knownDocumentLanguages());
        const wrong = Object.entries(names).filter(([, name]) => !SCRIPT[locale].test(name));
        expect(wrong, JSON.stringify(wrong)).to.deep.equal([]);
        if (locale !== 'en') {
          // A few names are the same in German and English (Hindi, Māori, Tamil).
          const english = Object.keys(names).filter((code) => names[code] === all.en[code]);
          expect(english.length, `${locale} names like English: ${english.join(' ')}`).to.be.below(
            5,
          );
        }
      });
    }
  });
});
