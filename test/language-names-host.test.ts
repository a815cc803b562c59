import { configureLocalization, LOCALE_STATUS_EVENT } from '@lit/localize';
import { expect, fixture, html } from '@open-wc/testing';
// A host application that configures @lit/localize itself, with our locale modules (docs/localization.md).
import '../src/define.js';
import { browserLanguageNames } from '../src/content/language-names.js';
import ka from '../src/content/language-names-ka.js';
import type { SecondOpinionDocuments } from '../src/elements/second-opinion-documents.js';
import { sourceLocale, targetLocales } from '../src/generated/locale-codes.js';
import * as kaMessages from '../src/generated/locales/ka.js';
import { until } from './helpers.js';

describe('Language names when the host application loads the locales', () => {
  it('renders Georgian names even when the locale is ready before they arrive', async () => {
    const ready: string[] = [];
    window.addEventListener(LOCALE_STATUS_EVENT, (event) => {
      if (event.detail.status === 'ready') ready.push(event.detail.readyLocale);
    });
    // The host's messages are at hand at once: the locale is ready before any stand-in can be.
    const { setLocale } = configureLocalization({
      sourceLocale,
      targetLocales,
      loadLocale: () => Promise.resolve(kaMessages),
    });
    const el = await fixture<SecondOpinionDocuments>(
      html`<second-opinion-documents></second-opinion-documents>`,
    );
    el.shadowRoot!.querySelector<HTMLInputElement>('#imaging-status-attached')!.click();
    await el.updateComplete;
    const label = (code: string) =>
      el.shadowRoot!.querySelector(`#imaging-language option[value="${code}"]`)?.textContent;

    await setLocale('ka');
    await until(
      () => label('de')?.trim() === (browserLanguageNames('ka')?.of('de') ?? ka.de),
      'the Georgian name of German',
    );
    expect(label('ka')?.trim()).to.equal('ქართული');
    // Announced again only when the names came late, which needs a browser without them.
    expect(ready.filter((locale) => locale === 'ka').length).to.equal(
      browserLanguageNames('ka') ? 1 : 2,
    );
    await setLocale('en');
  });
});
