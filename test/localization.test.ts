import { LOCALE_STATUS_EVENT } from '@lit/localize';
import { expect, fixture, html } from '@open-wc/testing';
import '../src/bundle.js';
import type { SecondOpinionIntake } from '../src/elements/second-opinion-intake.js';
import { allLocales, targetLocales } from '../src/generated/locale-codes.js';
import { currentLocale, resolveLocale } from '../src/locale.js';
import { until, visibleText } from './helpers.js';

const ENDPOINT = '/api/second-opinion';

/** Waits until the page renders in `locale` and every element has re-rendered. */
async function settle(el: Element, locale: string) {
  await until(() => currentLocale() === locale, `locale ${locale}`);
  const pending = [el, ...deepElements(el)].flatMap((element) => {
    const update = (element as { updateComplete?: Promise<boolean> }).updateComplete;
    return update ? [update] : [];
  });
  await Promise.all(pending);
  await new Promise((resolve) => requestAnimationFrame(resolve));
}

function deepElements(root: Element): Element[] {
  const found: Element[] = [];
  const walk = (node: Element | ShadowRoot) => {
    for (const child of node.querySelectorAll('*')) {
      if (child.localName.startsWith('second-opinion-')) found.push(child);
      if (child.shadowRoot) walk(child.shadowRoot);
    }
  };
  if (root.shadowRoot) walk(root.shadowRoot);
  return found;
}

/** The visible text nodes, one string each, for comparing locales string by string. */
function textNodes(root: Element): string[] {
  const texts: string[] = [];
  const walk = (node: Node) => {
    if (node instanceof HTMLElement && node.hidden) return;
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node.textContent!.replace(/\s+/g, ' ').trim();
      if (text) texts.push(text);
    }
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
    node.childNodes.forEach(walk);
  };
  walk(root);
  return texts;
}

describe('Localization', () => {
  describe('Translations (locales/*.xlf)', () => {
    for (const locale of targetLocales) {
      it(`${locale}: every message has a translation with the same placeholders`, async () => {
        const xml = await (await fetch(`/locales/${locale}.xlf`)).text();
        const units = [
          ...new DOMParser().parseFromString(xml, 'application/xml').querySelectorAll('trans-unit'),
        ];
        expect(units.length).to.be.greaterThan(100);
        const problems: string[] = [];
        const placeholders = (element: Element | null) =>
          [...(element?.querySelectorAll('x') ?? [])]
            .map((x) => x.getAttribute('id'))
            .sort()
            .join(',');
        for (const unit of units) {
          const id = unit.getAttribute('id');
          const target = unit.querySelector('target');
          if (!target || !target.textContent.trim()) problems.push(`${id}: no translation`);
          else if (placeholders(target) !== placeholders(unit.querySelector('source'))) {
            problems.push(
              `${id}: placeholders ${placeholders(target)} ≠ ${placeholders(unit.querySelector('source'))}`,
            );
          }
        }
        expect(problems, problems.join('\n')).to.deep.equal([]);
      });
    }
  });

  describe('Locale selection', () => {
    const languages = Object.getOwnPropertyDescriptor(Navigator.prototype, 'languages')!;
    let warnings: string[] = [];
    const warn = console.warn;
    beforeEach(() => {
      warnings = [];
      console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    });
    afterEach(() => {
      console.warn = warn;
      Object.defineProperty(Navigator.prototype, 'languages', languages);
    });

    it('takes the locale attribute first, then the nearest lang, then the browser, then English', async () => {
      const wrapper = await fixture(
        html`<div lang="de">
          <span lang="ru"><i></i></span>
        </div>`,
      );
      const inner = wrapper.querySelector('i')!;
      inner.setAttribute('locale', 'ka');
      expect(resolveLocale(inner)).to.equal('ka');
      inner.removeAttribute('locale');
      expect(resolveLocale(inner)).to.equal('ru');
      wrapper.querySelector('span')!.removeAttribute('lang');
      expect(resolveLocale(inner)).to.equal('de');
      const orphan = document.createElement('i');
      expect(resolveLocale(orphan, { languages: ['fr-FR', 'ar-EG', 'en'] })).to.equal('ar');
      expect(resolveLocale(orphan, { languages: ['fr-FR'] })).to.equal('en');
      expect(resolveLocale(orphan, { languages: ['DE-at'] })).to.equal('de');
    });

    it('renders in the lang of the page around it, across shadow roots', async () => {
      const wrapper = await fixture<HTMLElement>(
        html`<div lang="ru"><second-opinion-faq></second-opinion-faq></div>`,
      );
      const faq = wrapper.querySelector('second-opinion-faq')!;
      await settle(faq, 'ru');
      expect(faq.getAttribute('lang')).to.equal('ru');
      expect(visibleText(faq.shadowRoot!)).to.match(/[а-я]{4,}/);
    });

    it('uses the browser languages when nothing else says', async () => {
      Object.defineProperty(Navigator.prototype, 'languages', {
        get: () => ['ka-GE', 'en'],
        configurable: true,
      });
      const holder = await fixture<HTMLElement>(html`<div></div>`);
      const documentLang = document.documentElement.getAttribute('lang');
      document.documentElement.removeAttribute('lang');
      try {
        const faq = document.createElement('second-opinion-faq');
        holder.append(faq);
        await settle(faq, 'ka');
        expect(visibleText(faq.shadowRoot!)).to.match(/[ა-ჰ]{4,}/);
      } finally {
        if (documentLang !== null) document.documentElement.setAttribute('lang', documentLang);
      }
    });

    for (const bad of ['xx', 'not a locale!', '']) {
      it(`falls back when the locale attribute is ${JSON.stringify(bad)}`, async () => {
        const wrapper = await fixture<HTMLElement>(
          html`<div lang="de">
            <second-opinion-intake locale=${bad} endpoint=${ENDPOINT}></second-opinion-intake>
          </div>`,
        );
        const el = wrapper.querySelector('second-opinion-intake')!;
        await settle(el, 'de');
        expect(el.shadowRoot!.querySelector('#step-heading')!.textContent).not.to.equal(
          'About second opinions',
        );
        if (bad) expect(warnings.join(' ')).to.contain('is not a supported locale');
      });
    }
  });

  describe('Switching at run time', () => {
    it('re-renders every visible string in all five locales, errors included, and keeps the answers', async function () {
      this.timeout(60_000);
      const el = await fixture<SecondOpinionIntake>(
        html`<second-opinion-intake
          locale="en"
          endpoint=${ENDPOINT}
          service-country="DE"
        ></second-opinion-intake>`,
      );
      await settle(el, 'en');
      const root = el.shadowRoot!;
      const clickContinue = async () => {
        root.querySelector<HTMLButtonElement>('#continue')!.click();
        await el.updateComplete;
      };
      const type = (host: Element | ShadowRoot, id: string, value: string) => {
        const input = host.querySelector<HTMLInputElement>(`#${id}`)!;
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      };
      const patientAnswers = ['ნინო ბერიძე', 'nino@example.com', 'რატომ?'];

      /** In every locale: no English sentence left, no Latin words in non-Latin scripts. */
      const checkAllLocales = async (where: string) => {
        const english = new Set(textNodes(el).filter((text) => /[a-z]{3,} [a-z]{3,}/i.test(text)));
        for (const locale of allLocales) {
          el.locale = locale;
          await settle(el, locale);
          const texts = textNodes(el);
          if (locale !== 'en') {
            const left = texts.filter((text) => english.has(text));
            expect(left, `${where}, ${locale}: English left: ${left.join(' | ')}`).to.deep.equal(
              [],
            );
          }
          if (['ka', 'ru', 'ar'].includes(locale)) {
            let text = texts.join(' ');
            for (const allowed of [
              ...patientAnswers,
              // File formats and codes keep their Latin names in every language.
              'IV-100/a',
              'IV-100',
              'ICD-10',
              'GDPR',
              'DICOM',
              'JPEG',
              'TIFF',
              'PDF',
              'PNG',
              'ZIP',
              'dcm',
              'name@example.com',
            ]) {
              text = text.replaceAll(allowed, '');
            }
            const latin = text.match(/[A-Za-z]{3,}/g) ?? [];
            expect(latin, `${where}, ${locale}: Latin words: ${latin.join(' ')}`).to.deep.equal([]);
          }
          expect(el.getAttribute('dir')).to.equal(locale === 'ar' ? 'rtl' : 'ltr');
          expect(getComputedStyle(root.querySelector('#step-heading')!).direction).to.equal(
            locale === 'ar' ? 'rtl' : 'ltr',
          );
        }
        el.locale = 'en';
        await settle(el, 'en');
      };

      const faq = root.querySelector('second-opinion-faq')!;
      faq
        .shadowRoot!.querySelectorAll<HTMLButtonElement>('button')
        .forEach((button) => button.click());
      await checkAllLocales('about, FAQ open');

      await clickContinue();
      await clickContinue(); // errors shown
      const eligibility = root.querySelector('second-opinion-eligibility')!;
      eligibility.shadowRoot!.querySelector<HTMLInputElement>('#reasons-other')!.click();
      await el.updateComplete;
      await checkAllLocales('reasons with errors');
      type(eligibility.shadowRoot!, 'other', patientAnswers[2]);
      type(eligibility.shadowRoot!, 'motive', patientAnswers[2]);
      await clickContinue();

      await clickContinue(); // errors shown
      const documents = root.querySelector('second-opinion-documents')!;
      documents
        .shadowRoot!.querySelector<HTMLInputElement>('#medical-record-extract-status-attached')!
        .click();
      await el.updateComplete;
      await checkAllLocales('documents with errors');
      const language = documents.shadowRoot!.querySelector<HTMLSelectElement>(
        '#medical-record-extract-language',
      )!;
      language.value = 'ka';
      language.dispatchEvent(new Event('change', { bubbles: true }));
      for (const type of ['imaging', 'blood-tests', 'medications', 'other']) {
        documents
          .shadowRoot!.querySelector<HTMLInputElement>(`#${type}-status-not-available`)!
          .click();
      }
      await el.updateComplete;
      await checkAllLocales('documents with a translation notice');
      await clickContinue();

      const insurance = root.querySelector('second-opinion-insurance')!;
      insurance.shadowRoot!.querySelector<HTMLInputElement>('#has-private-insurance-yes')!.click();
      await clickContinue(); // errors shown
      await checkAllLocales('insurance details with errors');
      type(insurance.shadowRoot!, 'insurer', 'ბენეფიტი');
      insurance.shadowRoot!.querySelector<HTMLInputElement>('#coverage-confirmed-not-yet')!.click();
      await clickContinue();

      await clickContinue(); // errors shown
      root.querySelector<HTMLInputElement>('#requester-role-proxy')!.click();
      await el.updateComplete;
      await checkAllLocales('contact with errors');
      root.querySelector<HTMLInputElement>('#requester-role-patient')!.click();
      type(root, 'patient-name', patientAnswers[0]);
      type(root, 'patient-dateOfBirth-day', '27');
      type(root, 'patient-dateOfBirth-month', '3');
      type(root, 'patient-dateOfBirth-year', '1980');
      type(root, 'patient-email', patientAnswers[1]);
      await clickContinue();
      expect(el.step).to.equal('review');
      root.querySelector<HTMLButtonElement>('#submit')!.click(); // consent missing: an error
      await el.updateComplete;
      await checkAllLocales('review with the consent error');

      el.locale = 'de';
      await settle(el, 'de');
      const reviewText = visibleText(root);
      expect(reviewText).to.contain('27. März 1980');
      expect(reviewText).to.contain('Georgisch');
      // Every answer survived the switches.
      expect(reviewText).to.contain(patientAnswers[0]);
      expect(reviewText).to.contain(patientAnswers[2]);
      expect(reviewText).to.contain('ბენეფიტი');

      el.locale = 'ka';
      await settle(el, 'ka');
      root.querySelector<HTMLInputElement>('#consent-healthDataProcessing-yes')!.click();
      root.querySelector<HTMLButtonElement>('#submit')!.click();
      await until(() => el.step === 'done', 'the receipt');
      const [stored] = (await (await fetch('/test-api/stored')).json()) as Array<{
        payload: { locale: string };
      }>;
      expect(stored.payload.locale).to.equal('ka');
      el.locale = 'en';
      await settle(el, 'en');
    });

    it('offers a language menu that names each language in itself', async () => {
      const el = await fixture<SecondOpinionIntake>(
        html`<second-opinion-intake
          locale="en"
          show-language-switcher
          endpoint=${ENDPOINT}
        ></second-opinion-intake>`,
      );
      await settle(el, 'en');
      const select = el.shadowRoot!.querySelector<HTMLSelectElement>('#language')!;
      const names = [...select.options].map((option) => option.textContent.trim());
      expect(names).to.include.members(['English', 'ქართული', 'Русский', 'Deutsch', 'العربية']);
      select.value = 'ar';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await settle(el, 'ar');
      expect(el.getAttribute('dir')).to.equal('rtl');
      await expect(el).to.be.accessible();
      el.locale = 'en';
      await settle(el, 'en');
    });
  });

  it('announces readiness through @lit/localize', async () => {
    const ready = new Promise<string>((resolve) =>
      window.addEventListener(
        LOCALE_STATUS_EVENT,
        (event) => event.detail.status === 'ready' && resolve(event.detail.readyLocale),
        { once: false },
      ),
    );
    const el = await fixture<HTMLElement>(
      html`<second-opinion-faq locale="ru"></second-opinion-faq>`,
    );
    expect(await ready).to.equal('ru');
    el.setAttribute('locale', 'en');
    await settle(el, 'en');
  });
});
