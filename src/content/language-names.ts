import { LOCALE_STATUS_EVENT } from '@lit/localize';
import { loadOnce } from '../once.js';
import { currentLocale } from '../locale.js';

/**
 * Names of document languages for browsers that cannot name them in the current locale.
 *
 * Browsers name languages themselves (`Intl.DisplayNames`), from the same CLDR data these names
 * come from. Some builds lack a locale's data: Debian's Chromium has none for Georgian and
 * answers in English. For those, each locale has a stand-in module (`language-names-<locale>.ts`,
 * written by `node --import tsx scripts/fill-language-names.mjs` from CLDR), loaded only where
 * the browser needs it: the locale files stay free of names most browsers never show.
 *
 * When a locale is requested (@lit/localize's `loading` status), its stand-ins load if needed;
 * the widget's own locale loaders (src/localization.ts) also wait for them, so the locale is
 * ready with its names. Where the host application loads locales itself and the names arrive
 * after its locale is ready, readiness is announced again so the elements render them.
 */

export type LanguageNames = Readonly<Record<string, string>>;

const loaded = new Map<string, LanguageNames>();

/** Keeps a locale's names once loaded, and says so if its locale is already on screen. */
const standIns = (locale: string, load: () => Promise<{ default: LanguageNames }>) =>
  loadOnce(async () => {
    loaded.set(locale, (await load()).default);
    announceLate(locale);
  });

/** Static specifiers, so that every bundler emits one small lazily loaded file per locale. */
const STAND_INS: Readonly<Record<string, () => Promise<void>>> = {
  ar: standIns('ar', () => import('./language-names-ar.js')),
  de: standIns('de', () => import('./language-names-de.js')),
  en: standIns('en', () => import('./language-names-en.js')),
  ka: standIns('ka', () => import('./language-names-ka.js')),
  ru: standIns('ru', () => import('./language-names-ru.js')),
};

/** Locales that have stand-in names (every supported locale). */
export const STAND_IN_LOCALES: readonly string[] = Object.keys(STAND_INS);

const displayNames = (locale: string): Intl.DisplayNames | undefined => {
  try {
    return new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' });
  } catch {
    return undefined;
  }
};

const browserNames = new Map<string, Intl.DisplayNames | undefined>();

/**
 * The browser's language names in `locale`, when it really has them: it claims the locale, and
 * names the locale's own language differently from English (a build without the data claims
 * nothing, or answers in English).
 */
export function browserLanguageNames(locale: string): Intl.DisplayNames | undefined {
  if (!browserNames.has(locale)) {
    let names: Intl.DisplayNames | undefined;
    try {
      if (Intl.DisplayNames.supportedLocalesOf([locale]).length > 0) {
        names = displayNames(locale);
        const language = locale.split('-')[0];
        if (language !== 'en' && names?.of(language) === displayNames('en')?.of(language)) {
          names = undefined;
        }
      }
    } catch {
      names = undefined;
    }
    browserNames.set(locale, names);
  }
  return browserNames.get(locale);
}

/**
 * Loads `locale`'s stand-in names unless the browser names languages in it itself. Resolves
 * when the names are there (at once when none are needed); a failed load may be retried.
 */
export function loadLanguageNames(locale: string): Promise<void> {
  const load = STAND_INS[locale];
  if (!load || loaded.has(locale) || browserLanguageNames(locale)) return Promise.resolve();
  return load();
}

/** The stand-in name of `code` in `locale`, if its names are loaded. */
export function standInLanguageName(locale: string, code: string): string | undefined {
  return loaded.get(locale)?.[code];
}

/** The last locale @lit/localize reported ready since the last request for one. */
let readySinceRequest: string | undefined;

/** Names that arrive after their locale was ready: localized elements render again. */
function announceLate(locale: string): void {
  if (readySinceRequest !== locale || currentLocale() !== locale) return;
  window.dispatchEvent(
    new CustomEvent(LOCALE_STATUS_EVENT, { detail: { status: 'ready', readyLocale: locale } }),
  );
}

if (typeof window !== 'undefined') {
  window.addEventListener(LOCALE_STATUS_EVENT, (event) => {
    const { detail } = event;
    if (detail.status === 'loading') {
      readySinceRequest = undefined;
      // A failure leaves the names to the browser; the next request tries again.
      loadLanguageNames(detail.loadingLocale).catch(() => undefined);
    } else if (detail.status === 'ready') {
      readySinceRequest = detail.readyLocale;
    }
  });
}
