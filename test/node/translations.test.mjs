/**
 * Defects found in review of the translations (issue #12), one assertion each, on the xlf files
 * themselves: a translation that drifts back fails here with the unit's id.
 *
 * Run: `node --import tsx --test test/node/translations.test.mjs`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readUnits, TARGET_LOCALES } from './xliff.mjs';

const units = Object.fromEntries(TARGET_LOCALES.map((locale) => [locale, readUnits(locale)]));
const target = (locale, id) => {
  const unit = units[locale].get(id);
  assert.ok(unit?.target, `${locale}: ${id} has no translation`);
  return unit.target;
};

describe('Translations keep the meaning of the source', () => {
  it('the phone error allows spaces and a leading +, as its own example does', () => {
    const onlyDigits = {
      ka: /მხოლოდ ციფრ/,
      ru: /только цифр/,
      de: /ohne Buchstaben/,
      ar: /بالأرقام فقط/,
    };
    for (const locale of TARGET_LOCALES) {
      const text = target(locale, 'issue.invalidPhone');
      assert.doesNotMatch(text, onlyDigits[locale], `${locale}: ${text}`);
      // Once where it says a + is fine, once in the example.
      assert.equal(text.split('+').length - 1, 2, `${locale}: ${text}`);
    }
  });

  it('the consent does not assume the patient fills in the form', () => {
    const firstPerson = {
      ka: /ჩემი ჯანმრთელობ|ჩემთვის/,
      ru: /моего здоровья|для меня/,
      de: /meine Zweitmeinung|meine Gesundheit/,
      ar: /الخاص بي|صحتي/,
    };
    for (const locale of TARGET_LOCALES) {
      for (const id of ['intake.consent', 'intake.consentNoOrganization']) {
        assert.doesNotMatch(target(locale, id), firstPerson[locale], `${locale}: ${id}`);
      }
    }
  });

  it('the reasons fit a relative filling in: no first person', () => {
    const firstPerson = {
      ka: /(?<!\p{L})(მე|ჩემი|ჩემს)(?!\p{L})|მეხმარება|ვარ(?!\p{L})|მინდა/u,
      ru: /(?<!\p{L})(я|мой|мне|моего|хочу|сомневаюсь)(?!\p{L})/iu,
      de: /(?<!\p{L})(ich|mir|mein\p{L}*)(?!\p{L})/iu,
      ar: /(?<!\p{L})(لي|أريد|أشكّ|أشك)(?!\p{L})|تشخيصي|علاجي/u,
    };
    const reasons = [
      'eligibility.unsureOfDiagnosisOrTreatment',
      'eligibility.verifyDiagnosis',
      'eligibility.ensureAdequateCare',
      'eligibility.treatmentNotHelping',
    ];
    for (const locale of TARGET_LOCALES) {
      for (const id of reasons) {
        const text = target(locale, id);
        assert.doesNotMatch(text, firstPerson[locale], `${locale} ${id}: ${text}`);
      }
    }
  });

  it('ka: a parent or guardian is a legal representative, not a guardian of a young child', () => {
    const text = target('ka', 'intake.relationship.parentOrGuardian');
    assert.match(text, /კანონიერი წარმომადგენელი/);
    assert.doesNotMatch(text, /მეურვე/);
  });

  it('ka: step, attempt and progress counters follow one pattern ("2 6-დან")', () => {
    const counters = {
      'intake.stepPosition': ['index', 'count'],
      'intake.stepAnnouncement': ['index', 'count'],
      'intake.retrying.busy': ['attempt', 'maxAttempts'],
      'intake.retrying.unavailable': ['attempt', 'maxAttempts'],
      'intake.retrying.connection': ['attempt', 'maxAttempts'],
      'intake.progress': ['sent', 'total'],
    };
    for (const [id, [part, whole]] of Object.entries(counters)) {
      const text = target('ka', id);
      assert.ok(text.includes(`{${part}} {${whole}}-დან`), `${id}: ${text}`);
      assert.ok(!text.includes(' / '), `${id}: ${text}`);
    }
  });

  it('ka: Form IV-100/a is named with its official title', () => {
    for (const id of ['documents.medicalRecordExtractDescription', 'faq.prepareDischargeSummary']) {
      assert.match(target('ka', id), /IV-100\/ა.*ცნობა ჯანმრთელობის მდგომარეობის შესახებ/, id);
    }
  });

  it('ar: addresses the reader in the plural throughout, never in the singular', () => {
    // Singular pronoun suffixes and imperatives found in review; words that merely end in ك are
    // not addresses (ذلك, هناك, …).
    const singular =
      /(?<!\p{L})(أنت|إجاباتك|طلبك|اسمك|ميلادك|اتصالك|ملفاتك|أدخلتها|راجعها|تابع|ابدأ|أزِله|أزِلها|أضِفه|أضِفها|احذف|صغّر|امسحها|أرسل|أبلغ|فأبلغ|يمكنك|لا يمكنك|بنفسك)(?!\p{L})/u;
    const problems = [];
    for (const [id, { target: text = '' }] of units.ar) {
      const found = text.match(singular);
      if (found) problems.push(`${id}: "${found[0]}"`);
    }
    assert.deepEqual(problems, []);
  });

  it('ar: Latin runs are isolated (U+2068 … U+2069) like the phone numbers', () => {
    const latinRun = /[A-Za-z][A-Za-z0-9@./_-]*[A-Za-z0-9]/g;
    const problems = [];
    for (const [id, { target: text = '' }] of units.ar) {
      const bare = text.replace(/\u2068[^\u2069]*\u2069/g, '').replace(/\{[^}]*\}/g, '');
      for (const [run] of bare.matchAll(latinRun)) {
        problems.push(`${id}: ${run}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('ar: the stand-in percent and decimal signs match the Latin digits they follow', () => {
    assert.equal(target('ar', 'intake.percent').includes('٪'), false);
    assert.equal(target('ar', 'documents.files.decimalSeparator'), '.');
  });

  it('de: no error label reads word for word "Sprache von:" or "Status von:"', () => {
    // Document errors now name the visible question (issue #12); no unit may bring back the
    // word-for-word "…von:" labels that appeared nowhere on screen.
    const wordForWord = [...units.de]
      .filter(([, unit]) => /\b(Sprache|Status) von:/.test(unit.target ?? ''))
      .map(([id]) => id);
    assert.deepEqual(wordForWord, []);
  });
});
