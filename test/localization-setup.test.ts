import { expect, fixture, html } from '@open-wc/testing';
// The npm way: register the tags first, set localization up later (as a host app may).
import '../src/define.js';
import { currentLocale } from '../src/locale.js';
import { setUpLocalization } from '../src/localization.js';
import { until, visibleText } from './helpers.js';

describe('Localization set up after the elements', () => {
  it('renders in English until localization is set up, then in the locale asked for', async () => {
    const faq = await fixture<HTMLElement>(
      html`<second-opinion-faq locale="de"></second-opinion-faq>`,
    );
    expect(visibleText(faq.shadowRoot!)).to.contain('What is a second opinion?');
    expect(setUpLocalization()).to.equal(true);
    await until(() => currentLocale() === 'de', 'the German locale');
    await (faq as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    expect(visibleText(faq.shadowRoot!)).to.contain('Zweitmeinung');
  });
});
