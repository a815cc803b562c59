import { html, nothing } from 'lit';
import { intakeText } from '../../content/intake.js';
import { canChangeLocale, currentLocale, LOCALE_NAMES, SUPPORTED_LOCALES } from '../../locale.js';

/**
 * The language menu (`show-language-switcher`), for sites without their own; only when the
 * widget set up localization itself, since otherwise the page decides the locale.
 */
export function renderLanguageSwitcher(show: boolean, onChange: (locale: string) => void) {
  if (!show || !canChangeLocale()) return nothing;
  const current = currentLocale();
  return html`<div class="language-switcher" part="language-switcher">
    <label for="language">${intakeText().languageSwitcher}</label>
    <select
      id="language"
      @change=${(event: Event) => onChange((event.target as HTMLSelectElement).value)}
    >
      ${SUPPORTED_LOCALES.map(
        (locale) =>
          html`<option value=${locale} lang=${locale} ?selected=${locale === current}>
            ${LOCALE_NAMES[locale] ?? locale}
          </option>`,
      )}
    </select>
  </div>`;
}
