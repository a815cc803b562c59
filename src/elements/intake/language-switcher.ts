import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { intakeText, localeNotLoaded } from '../../content/intake.js';
import { canChangeLocale, currentLocale, LOCALE_NAMES, SUPPORTED_LOCALES } from '../../locale.js';

/**
 * The language menu (`show-language-switcher`), for sites without their own; only when the
 * widget set up localization itself, since otherwise the page decides the locale. `failed`: a
 * choice whose file could not be loaded; the menu shows the language still in use, and choosing
 * the failed one again loads it anew.
 */
export function renderLanguageSwitcher(
  show: boolean,
  failed: string | undefined,
  onChange: (locale: string) => void,
) {
  if (!show || !canChangeLocale()) return nothing;
  const current = currentLocale();
  return html`<div class="language-switcher" part="language-switcher">
    <label for="language">${intakeText().languageSwitcher}</label>
    <select
      id="language"
      aria-describedby=${failed ? 'language-error' : nothing}
      .value=${live(current)}
      @change=${(event: Event) => onChange((event.target as HTMLSelectElement).value)}
    >
      ${SUPPORTED_LOCALES.map(
        (locale) =>
          html`<option value=${locale} lang=${locale} ?selected=${locale === current}>
            ${LOCALE_NAMES[locale] ?? locale}
          </option>`,
      )}
    </select>
    ${
      failed
        ? html`<p id="language-error" class="config-error" part="language-error" role="alert">
            ${localeNotLoaded(LOCALE_NAMES[failed] ?? failed)}
          </p>`
        : nothing
    }
  </div>`;
}
