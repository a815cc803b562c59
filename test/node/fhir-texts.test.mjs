/**
 * The FHIR texts a server uses (src/generated/questionnaire-texts.ts, through
 * `questionnaireTextsFor`) are the widget's own: complete in every locale, equal to what
 * `questionnaireTexts()` gives on a page in that locale (run here under @lit/localize's runtime
 * with the real locale modules), and what the staff FHIR export of a request carries.
 *
 * Run: `node --import tsx --test test/node/fhir-texts.test.mjs` (after `npm run localize:build`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countryPerLanguageRule, widgetTextsIn } from '../../scripts/questionnaire-texts.mjs';
import {
  allItems,
  buildQuestionnaire,
  QUESTIONNAIRE_TEXT_LOCALES,
  questionnaireTextsFor,
  toQuestionnaireResponse,
} from '../../src/fhir/index.ts';
import { questionnaireItems } from '../../src/fhir/questionnaire.ts';
import { allLocales } from '../../src/generated/locale-codes.ts';
import { toFhirBundle } from '../../src/server/staff/fhir-bundle.ts';
import { requestWithFiles } from '../server/staff-fixtures.mjs';

const COUNTRIES = [...countryPerLanguageRule().values()];
const SETTINGS = [
  {},
  { organization: 'Example Clinic', insurer: 'Example $& Insurance' },
  { organization: '  ', insurer: 'Example Insurance', serviceCountry: 'GE' },
  ...COUNTRIES.map((serviceCountry) => ({ organization: 'Example Clinic', serviceCountry })),
];

/** Every text and display of a resource, by linkId: what a reader of it sees. */
function wording(items) {
  return [...allItems(items)].map((item) => ({
    linkId: item.linkId,
    text: item.text,
    displays: [
      ...(item.answerOption ?? []).map((option) => option.valueCoding.display),
      ...(item.answer ?? []).map((answer) => answer.valueCoding?.display),
    ],
  }));
}

describe('FHIR texts for servers (src/generated/questionnaire-texts.ts)', () => {
  it('exist for every locale of the widget', () => {
    assert.deepEqual([...QUESTIONNAIRE_TEXT_LOCALES].sort(), [...allLocales].sort());
  });

  it('name every item and every answer option of the Questionnaire, in every locale', () => {
    for (const locale of allLocales) {
      for (const serviceCountry of COUNTRIES) {
        const settings = { organization: 'Example Clinic', insurer: 'Example', serviceCountry };
        const texts = questionnaireTextsFor(locale, settings);
        const questionnaire = buildQuestionnaire(texts, settings);
        assert.equal(questionnaire.language, locale);
        assert.ok(questionnaire.title, `${locale}: a title`);
        for (const item of allItems(questionnaire.item)) {
          assert.ok(item.text, `${locale}, ${serviceCountry}: ${item.linkId} has a text`);
          assert.doesNotMatch(item.text, /\{(organization|insurer)\}/, `${item.linkId}: filled`);
          for (const { valueCoding } of item.answerOption ?? []) {
            assert.ok(valueCoding.display, `${locale}: ${item.linkId} ${valueCoding.code}`);
          }
        }
      }
    }
  });

  it('name nothing the Questionnaire does not have (no misspelt linkId)', () => {
    const linkIds = new Set([...allItems(questionnaireItems())].map((item) => item.linkId));
    for (const locale of allLocales) {
      const unknown = Object.keys(questionnaireTextsFor(locale).items).filter(
        (linkId) => !linkIds.has(linkId),
      );
      assert.deepEqual(unknown, [], locale);
    }
  });

  it('are the widget’s texts in that locale, with every setting (none stale)', async () => {
    for (const locale of allLocales) {
      for (const settings of SETTINGS) {
        assert.deepEqual(
          questionnaireTextsFor(locale, settings),
          await widgetTextsIn(locale, settings),
          `${locale} ${JSON.stringify(settings)}: run npm run localize:build`,
        );
      }
    }
  });

  it('fall back by language, then to English', () => {
    assert.equal(questionnaireTextsFor('de-AT').language, 'de');
    assert.equal(questionnaireTextsFor('fr').language, 'en');
    assert.equal(questionnaireTextsFor('constructor').language, 'en');
    assert.equal(questionnaireTextsFor(undefined).language, 'en');
  });
});

describe('the staff FHIR export (src/server/staff/fhir-bundle.ts)', () => {
  for (const [locale, script] of [
    ['ka', /[\u10D0-\u10FF]/],
    ['ar', /[\u0600-\u06FF]/],
  ]) {
    it(`words a ${locale} request as the widget does in ${locale}`, async () => {
      const request = requestWithFiles('SO-ABCD-2345', '2026-03-14T09:30:00.000Z');
      request.payload = { ...request.payload, locale };
      const fileUrl = (type, index) => `https://clinic.example/files/${type}/${index}`;
      const [{ resource }] = toFhirBundle(request, { fileUrl }).entry;

      const { payload } = request;
      const widget = toQuestionnaireResponse(payload, {
        texts: await widgetTextsIn(locale, { serviceCountry: payload.serviceCountry }),
      });
      assert.equal(resource.language, locale);
      assert.deepEqual(wording(resource.item), wording(widget.item));
      const reasons = resource.item.find((item) => item.linkId === 'reasons');
      assert.match(reasons.text, script);
      assert.match(reasons.item[0].answer[0].valueCoding.display, script);
    });
  }
});
