/**
 * The locale the widget is rendering in. @lit/localize hands out `getLocale` only to whoever
 * calls `configureLocalization` (the script-tag entry or the host app); until then the widget
 * renders its source locale.
 */
export const SOURCE_LOCALE = 'en';

let readLocale: () => string = () => SOURCE_LOCALE;

export function currentLocale(): string {
  return readLocale();
}

/** Called by whoever configured @lit/localize, with the `getLocale` it received. */
export function useLocaleReader(reader: () => string): void {
  readLocale = reader;
}
