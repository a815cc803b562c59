import { msg, str } from '@lit/localize';
import { currentLocale } from '../locale.js';
import { OTHER_LANGUAGE } from '../schema/languages.js';
import { browserLanguageNames, standInLanguageName } from './language-names.js';

/**
 * Names, lists and dates through `Intl`, in the current locale. A browser may lack a locale's
 * data altogether (Debian's Chromium has none for Georgian) and would then answer in English,
 * so where `Intl` does not support the locale, translated messages (lists, dates) or CLDR's
 * names loaded with the locale (languages: ./language-names.ts) stand in.
 */

/** Whether the browser has `api`'s data for `locale` (else it would answer in another language). */
export function intlSupports(
  api: { supportedLocalesOf(locales: string[]): string[] },
  locale: string = currentLocale(),
): boolean {
  try {
    return api.supportedLocalesOf([locale]).length > 0;
  } catch {
    return false;
  }
}

/** A document language's name; `other` is "Another language". */
export function languageName(code: string): string {
  if (code === OTHER_LANGUAGE) return msg('Another language', { id: 'documents.otherLanguage' });
  const locale = currentLocale();
  const browser = (names: Intl.DisplayNames | undefined) => {
    try {
      return names?.of(code);
    } catch {
      return undefined; // not a language code
    }
  };
  return (
    browser(browserLanguageNames(locale)) ??
    standInLanguageName(locale, code) ??
    // Only until the stand-ins have arrived: the locale's loading waits for them.
    browser(browserLanguageNames('en')) ??
    code
  );
}

/** "English or German": alternatives joined the way the locale joins them. */
export function formatAlternatives(items: readonly string[]): string {
  const locale = currentLocale();
  if (intlSupports(Intl.ListFormat, locale)) {
    return new Intl.ListFormat([locale], { type: 'disjunction' }).format(items);
  }
  if (items.length < 2) return items.join('');
  const first = items.slice(0, -1).join(', ');
  const last = items[items.length - 1];
  return msg(str`${first} or ${last}`, {
    id: 'intl.alternatives',
    desc: 'Joins alternatives: the first placeholder is one item or a comma-separated list, the second the last item.',
  });
}

/** A calendar date (YYYY-MM-DD) written out for reading, e.g. "27 March 1980". */
export function formatDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  if (!year || !month || !day) return isoDate;
  const locale = currentLocale();
  if (intlSupports(Intl.DateTimeFormat, locale)) {
    return new Intl.DateTimeFormat([locale], { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(year, month - 1, day)),
    );
  }
  const two = (value: number) => String(value).padStart(2, '0');
  return msg(str`${two(day)}.${two(month)}.${year}`, {
    id: 'intl.numericDate',
    desc: 'A date in numbers: day, month, year. Reorder and change the separators to the local convention.',
  });
}
