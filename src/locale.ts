import { LOCALE_STATUS_EVENT } from '@lit/localize';
import { allLocales, sourceLocale } from './generated/locale-codes.ts';

/**
 * Which locale the widget renders in, and how an element asks for one.
 *
 * @lit/localize keeps one locale per page, and hands `getLocale`/`setLocale` only to whoever
 * calls `configureLocalization` (the script-tag entry, or the host application). So this module
 * only *asks*: when the widget configured localization itself, a request changes the page's
 * locale; when the host application did, the host decides and the widget follows.
 */
export const SOURCE_LOCALE: string = sourceLocale;
export const SUPPORTED_LOCALES: readonly string[] = allLocales;

const RIGHT_TO_LEFT = new Set(['ar', 'he', 'fa', 'ur']);

interface LocaleAccess {
  getLocale: () => string;
  setLocale: (locale: string) => Promise<void>;
}

let access: LocaleAccess | undefined;
/** The last locale @lit/localize reported ready, for a host that configured it itself. */
let readyLocale: string | undefined;
/**
 * The locale whose file failed to load (offline for a moment), until a locale is ready:
 * @lit/localize answers every later request for it with that same failure, unless another
 * locale is requested in between.
 */
let failedLocale: string | undefined;

if (typeof window !== 'undefined') {
  window.addEventListener(LOCALE_STATUS_EVENT, (event) => {
    if (event.detail.status === 'ready') {
      readyLocale = event.detail.readyLocale;
      failedLocale = undefined;
    }
    if (event.detail.status === 'error') failedLocale = event.detail.errorLocale;
  });
}

export function currentLocale(): string {
  return access?.getLocale() ?? readyLocale ?? SOURCE_LOCALE;
}

/** Elements on the page that ask for a locale, so they can ask again once they may. */
const askers = new Set<() => void>();

/** Called by whoever configured @lit/localize, so the widget can switch the page's locale. */
export function useLocaleAccess(granted: LocaleAccess): void {
  access = granted;
  // Elements connected before localization was set up asked in vain: let them ask again.
  for (const ask of askers) ask();
}

/** Registers an element's "ask for my locale"; returns the unregistration. */
export function onLocaleAccess(ask: () => void): () => void {
  askers.add(ask);
  return () => askers.delete(ask);
}

/** Whether the widget may change the locale (it configured localization itself). */
export function canChangeLocale(): boolean {
  return access !== undefined;
}

/**
 * Asks for a locale; a no-op unless the widget configured localization. Rejects when its file
 * cannot be loaded: the page keeps its locale, and asking again loads the file anew.
 */
export async function requestLocale(locale: string): Promise<void> {
  if (!access) return;
  if (locale === failedLocale) {
    failedLocale = undefined;
    // The current locale in between, so that @lit/localize loads the failed one anew.
    await access.setLocale(access.getLocale());
  }
  if (access.getLocale() === locale) return;
  return access.setLocale(locale);
}

/**
 * Each supported language named in itself, for the language menu. Written out because browsers
 * do not all carry the data to name every language in itself (Chromium builds without Georgian).
 */
export const LOCALE_NAMES: Readonly<Record<string, string>> = {
  ar: 'العربية',
  de: 'Deutsch',
  en: 'English',
  ka: 'ქართული',
  ru: 'Русский',
};

export function isRightToLeft(locale: string): boolean {
  return RIGHT_TO_LEFT.has(locale.split('-')[0].toLowerCase());
}

/** The supported locale for a BCP 47 tag: exact, then by language (`de-AT` → `de`). */
export function matchLocale(tag: string | null | undefined): string | undefined {
  const wanted = tag?.trim().toLowerCase();
  if (!wanted || !/^[a-z]{2,3}([-_][a-z0-9]{1,8})*$/.test(wanted)) return undefined;
  const exact = SUPPORTED_LOCALES.find((locale) => locale.toLowerCase() === wanted);
  return exact ?? SUPPORTED_LOCALES.find((locale) => locale === wanted.split(/[-_]/)[0]);
}

/** The nearest `lang` attribute above `element`, crossing shadow roots. */
function inheritedLang(element: Element, skipOwn: boolean): string | null {
  let node: Element | null = skipOwn ? parentAcrossShadow(element) : element;
  while (node) {
    const lang = node.getAttribute('lang');
    if (lang) return lang;
    node = parentAcrossShadow(node);
  }
  return null;
}

function parentAcrossShadow(element: Element): Element | null {
  if (element.parentElement) return element.parentElement;
  const root = element.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

function warnUnsupported(source: string, value: string): void {
  console.warn(
    `second-opinion-intake: ${source} "${value}" is not a supported locale (${SUPPORTED_LOCALES.join(', ')}); trying the next source.`,
  );
}

/**
 * The locale an element should render in: its `locale` attribute, else the nearest `lang`
 * above it, else the browser's languages, else English. An unknown value is skipped with a
 * warning, never a broken widget.
 */
export function resolveLocale(
  element: Element,
  options: {
    /** The element's `locale` when it is newer than its attribute (set as a property). */
    locale?: string | null | undefined;
    ownLangIsOurs?: boolean;
    languages?: readonly string[];
  } = {},
): string {
  const attribute = 'locale' in options ? options.locale : element.getAttribute('locale');
  if (attribute) {
    const match = matchLocale(attribute);
    if (match) return match;
    warnUnsupported('locale', attribute);
  }
  const lang = inheritedLang(element, options.ownLangIsOurs ?? false);
  if (lang) {
    const match = matchLocale(lang);
    if (match) return match;
    warnUnsupported('lang', lang);
  }
  for (const language of options.languages ?? navigator.languages ?? []) {
    const match = matchLocale(language);
    if (match) return match;
  }
  return SOURCE_LOCALE;
}
