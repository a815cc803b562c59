/**
 * The intake's FHIR resources checked as FHIR R4 by two maintained validators (./fhir-validators.mjs:
 * @medplum/core `validateResource` and HL7's R4 JSON Schema with Ajv).
 *
 * Run: `node --import tsx --test test/node/*.test.mjs` (tsx loads the TypeScript sources).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  buildQuestionnaire,
  fromQuestionnaireResponse,
  QUESTIONNAIRE_TEXT_LOCALES,
  questionnaireTextsFor,
  toQuestionnaireResponse,
} from '../../src/fhir/index.ts';
import { payloadSchema } from '../../src/schema/index.ts';
import { proxyRequest } from '../fixtures/payloads.ts';
import {
  assertValidR4,
  loadR4Validators,
  medplumIssues,
  schemaIssues,
} from './fhir-validators.mjs';

function proxyPayload() {
  return proxyRequest(
    [
      {
        type: 'medical-record-extract',
        status: 'attached',
        language: 'ka',
        translationNeeded: true,
        files: [
          { name: 'form-100.pdf', size: 182_344, type: 'application/pdf', sha256: 'a1'.repeat(32) },
          { name: 'unknown.bin', size: 0, type: '', sha256: 'b2'.repeat(32) },
        ],
      },
      { type: 'imaging', status: 'will-send-later', language: 'other', translationNeeded: true },
      { type: 'blood-tests', status: 'attached', language: 'sw', translationNeeded: true },
      { type: 'medications', status: 'not-available', translationNeeded: false },
      { type: 'other', status: 'not-available', translationNeeded: false },
    ],
    '3f0c6a52-8a0e-4d7e-9d4c-2b1f7f0e9a11',
    '2025-03-14T09:26:53.589Z',
  );
}

function patientPayload() {
  return {
    schemaVersion: 1,
    submissionId: '9b2d7c1e-0f4a-4c55-8e1b-6a7d3c2b1a00',
    submittedAt: '2025-03-14T10:00:00Z',
    locale: 'en',
    requester: { role: 'patient' },
    patient: { name: 'Anna Example', dateOfBirth: '1980-03-27', email: 'anna@example.com' },
    reasons: { selected: ['unsure-of-diagnosis-or-treatment'] },
    motive: 'Do I need the operation?',
    documents: [],
    insurance: { hasPrivateInsurance: false },
    consent: { healthDataProcessing: true },
  };
}

/** A payload as a response in the words of its own locale, as the server exports it. */
const responseTo = (payload, options = {}) =>
  toQuestionnaireResponse(payload, {
    texts: questionnaireTextsFor(payload.locale, { serviceCountry: payload.serviceCountry }),
    ...options,
  });

before(loadR4Validators);

describe('FHIR R4 validation', () => {
  describe('The validators catch what they should (so a pass means something)', () => {
    it('rejects a group without items (invariant que-1)', () => {
      const broken = { resourceType: 'Questionnaire', status: 'active', item: [] };
      broken.item.push({ linkId: 'a', type: 'group' });
      assert.notDeepEqual(medplumIssues(broken), []);
    });

    it('rejects a status outside the R4 code list', () => {
      const response = responseTo(proxyPayload());
      assert.notDeepEqual(schemaIssues({ ...response, status: 'done' }), []);
    });

    it('rejects an empty string answer and an element R4 does not have', () => {
      const response = responseTo(patientPayload());
      const withBlank = structuredClone(response);
      withBlank.item[1].answer = [{ valueString: '' }];
      assert.notDeepEqual(medplumIssues(withBlank), []);
      assert.notDeepEqual(medplumIssues({ ...response, answers: [] }), []);
      assert.notDeepEqual(schemaIssues({ ...response, answers: [] }), []);
    });
  });

  describe('Questionnaire', () => {
    it('is valid R4 as shipped (no options)', () => {
      assertValidR4(buildQuestionnaire(questionnaireTextsFor('en')));
    });

    it('is valid R4 with an organisation, a preset insurer and a service country, in every locale', () => {
      const settings = {
        organization: 'Example Second Opinion Service',
        insurer: 'Example Insurance',
        serviceCountry: 'DE',
      };
      for (const locale of QUESTIONNAIRE_TEXT_LOCALES) {
        assertValidR4(buildQuestionnaire(questionnaireTextsFor(locale, settings), settings));
      }
    });
  });

  describe('QuestionnaireResponse', () => {
    it('is valid R4 for a proxy with private insurance, files with URLs and every status', () => {
      const payload = proxyPayload();
      const response = responseTo(payload, {
        fileUrl: (file) => `https://files.example.org/${file.sha256}`,
      });
      assertValidR4(response);
      assert.equal(response.contained.length, 2);
    });

    it('is valid R4 for a patient without insurance, phone, diagnosis or documents', () => {
      const payload = patientPayload();
      assert.ok(payloadSchema.safeParse(payload).success);
      assertValidR4(responseTo(payload));
    });

    it('maps back to the payload it came from', () => {
      for (const payload of [proxyPayload(), patientPayload()]) {
        assert.deepEqual(fromQuestionnaireResponse(responseTo(payload)), payload);
      }
    });
  });
});
