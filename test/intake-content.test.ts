/**
 * What the intake tells every patient whatever they answer: the safety notice (not for
 * emergencies, with the configured emergency number) on the first step and on the receipt, and
 * a consent that says who receives the health information.
 */
import { expect } from '@open-wc/testing';
import '../src/bundle.js';
import type { SecondOpinionIntake } from '../src/elements/second-opinion-intake.js';
import { formatFileSize } from '../src/content/documents.js';
import { formatPercent } from '../src/content/intake-form.js';
import { currentLocale } from '../src/locale.js';
import { nextEvent, until } from './helpers.js';
import {
  button,
  clearServer,
  fillToReview,
  heading,
  intake,
  readyToSend,
  root,
} from './intake-flow.js';

const notice = (el: SecondOpinionIntake) => {
  const shown = [...root(el).querySelectorAll<HTMLElement>('[part="emergency-notice"]')].filter(
    (node) => node.getClientRects().length > 0,
  );
  expect(shown.length, 'one visible emergency notice').to.equal(1);
  return shown[0].textContent.trim();
};

beforeEach(clearServer);

describe('Intake content', () => {
  describe('Not for emergencies', () => {
    it('says so on the first step, with 112 when no number is configured', async () => {
      const el = await intake();
      expect(heading(el)).to.equal('About second opinions');
      expect(notice(el)).to.equal(
        'This service is not for emergencies. If you or the patient need urgent medical help, call \u2068112\u2069.',
      );
      await expect(el).to.be.accessible();
    });

    it('names the configured emergency number on the first step and on the receipt', async () => {
      const el = await intake(undefined, (intake) => {
        intake.setAttribute('emergency-number', '911');
      });
      expect(notice(el)).to.contain('call \u2068911\u2069');
      expect(notice(el)).not.to.contain('112');

      await readyToSend(el);
      const success = nextEvent(el, 'intake-success');
      button(el, 'submit')!.click();
      await success;
      await el.updateComplete;
      expect(heading(el)).to.equal('Request sent');
      expect(notice(el)).to.contain('not for emergencies');
      expect(notice(el)).to.contain('call \u2068911\u2069');
      // After the receipt's own text, so it is read last and stays in view.
      const receipt = root(el).querySelector('[part="receipt"]')!;
      const safety = root(el).querySelector('[part="emergency-notice"]')!;
      expect(
        receipt.compareDocumentPosition(safety) & Node.DOCUMENT_POSITION_FOLLOWING,
      ).to.not.equal(0);
    });

    it('falls back to 112 when the number is set blank', async () => {
      const el = await intake(undefined, (intake) => {
        intake.emergencyNumber = '  ';
      });
      expect(notice(el)).to.contain('call \u2068112\u2069');
    });

    it('is translated, the number kept in its own direction in Arabic', async () => {
      const el = await intake(undefined, (intake) => {
        intake.setAttribute('emergency-number', '113');
      });
      try {
        el.locale = 'ar';
        await until(() => currentLocale() === 'ar', 'locale ar');
        await el.updateComplete;
        expect(notice(el)).to.equal(
          'هذه الخدمة ليست لحالات الطوارئ. إذا كنتم أنتم أو المريض بحاجة إلى مساعدة طبية عاجلة، فاتصلوا بالرقم \u2068113\u2069.',
        );
      } finally {
        el.locale = 'en';
        await until(() => currentLocale() === 'en', 'locale en');
      }
    });
  });

  describe('Consent', () => {
    it('names the organisation and who else receives the health information', async () => {
      const el = await intake();
      await fillToReview(el);
      const consent = root(el)
        .querySelector('label[for="consent-healthDataProcessing-yes"]')!
        .textContent.replace(/\s+/g, ' ');
      expect(consent).to.contain('Example Second Opinion Service');
      expect(consent).to.contain('the specialists and medical institutions that give the opinion');
      expect(consent).to.contain('may be in another country');
      expect(consent).not.to.match(/\bmy health\b/i);
    });
  });

  describe('Units', () => {
    it('writes sizes in one convention and percentages as each locale does', async () => {
      const el = await intake();
      const seen: Record<string, { percent: string; size: string }> = {};
      try {
        for (const locale of ['en', 'de', 'ru', 'ka']) {
          el.locale = locale;
          await until(() => currentLocale() === locale, `locale ${locale}`);
          seen[locale] = {
            // Intl separates with a no-break space where the locale puts one.
            percent: formatPercent(42).replace(/[\u00a0\u202f]/g, ' '),
            size: formatFileSize(1_500_000).replace(/[\u00a0\u202f]/g, ' '),
          };
        }
      } finally {
        el.locale = 'en';
        await until(() => currentLocale() === 'en', 'locale en');
      }
      const { ka, ...others } = seen;
      expect(others).to.deep.equal({
        en: { percent: '42%', size: '1.4 MB' },
        de: { percent: '42 %', size: '1,4 MB' },
        ru: { percent: '42 %', size: '1,4 МБ' },
      });
      // Georgian: the engine's own unit name where it has Georgian data (Firefox writes
      // "მეგაბაიტი", WebKitGTK "MB"), the stand-in "მბ" where it has none (Debian's Chromium).
      // In each, the same binary value with a decimal comma.
      expect(ka.percent).to.equal('42%');
      expect(ka.size).to.match(/^1,4 (მბ|მეგაბაიტი|MB)$/);
    });
  });
});
