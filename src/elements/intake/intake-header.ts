import { html, nothing } from 'lit';
import { configurationProblem } from '../../content/intake.js';
import { checkEndpoint } from '../../submit/endpoint.js';
import { renderLanguageSwitcher } from './language-switcher.js';

/** Above every step: the organisation's name, the language menu, a wrong `endpoint`. */
export interface IntakeHeaderOptions {
  readonly organization?: string;
  readonly showLanguageSwitcher: boolean;
  readonly endpoint?: string;
  /** A locale chosen in the menu whose file could not be loaded. */
  readonly failedLocale?: string | undefined;
  onLocale(locale: string): void;
}

export function renderIntakeHeader(options: IntakeHeaderOptions) {
  const endpoint = checkEndpoint(options.endpoint, document.baseURI);
  // A missing endpoint may be on purpose (the page sends through its own API); a wrong one never is.
  const misconfigured =
    !endpoint.ok && endpoint.problem !== 'missing' ? endpoint.problem : undefined;
  return html`${
    options.organization?.trim()
      ? html`<p class="organization" part="header">${options.organization}</p>`
      : nothing
  }
  ${renderLanguageSwitcher(options.showLanguageSwitcher, options.failedLocale, options.onLocale)}
  ${
    misconfigured
      ? html`<p class="config-error" part="config-error" role="alert">
          ${configurationProblem(misconfigured)}
        </p>`
      : nothing
  }`;
}
