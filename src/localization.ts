import { configureLocalization } from '@lit/localize';
import { sourceLocale, targetLocales } from './generated/locale-codes.ts';
import { loadLanguageNames } from './content/language-names.js';
import { useLocaleAccess } from './locale.js';

/**
 * The only `configureLocalization` call, made by the script-tag entry. A host application that
 * uses @lit/localize itself configures it once for the page instead, including our locales
 * (see docs/localization.md), and may hand the widget its `getLocale`/`setLocale` with `useLocaleAccess`.
 *
 * Each locale is its own lazily loaded file: only the active one is downloaded. The loaders
 * name each file statically so that every bundler emits a chunk for it. A browser that cannot
 * name languages in the locale also downloads the locale's language names, and the locale is
 * ready only once they are there (without them, it would show them in English).
 */
const withLanguageNames = async (locale: string, messages: Promise<unknown>) => {
  // Names that fail to load leave the browser's own (English) names: no reason to fail the locale.
  const [module] = await Promise.all([messages, loadLanguageNames(locale).catch(() => undefined)]);
  return module;
};

const loaders: Record<(typeof targetLocales)[number], () => Promise<unknown>> = {
  ar: () => withLanguageNames('ar', import('./generated/locales/ar.ts')),
  de: () => withLanguageNames('de', import('./generated/locales/de.ts')),
  ka: () => withLanguageNames('ka', import('./generated/locales/ka.ts')),
  ru: () => withLanguageNames('ru', import('./generated/locales/ru.ts')),
};

let configured = false;

/** Configures @lit/localize for the widget; returns false when the page already had it. */
export function setUpLocalization(): boolean {
  if (configured) return true;
  try {
    const access = configureLocalization({
      sourceLocale,
      targetLocales,
      loadLocale: (locale) =>
        loaders[locale as keyof typeof loaders]() as ReturnType<
          Parameters<typeof configureLocalization>[0]['loadLocale']
        >,
    });
    useLocaleAccess(access);
    configured = true;
    return true;
  } catch {
    // The host application configured @lit/localize already: it owns the page's locale.
    return false;
  }
}
