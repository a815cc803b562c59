/**
 * The FHIR export of one stored request: a transaction Bundle valid as FHIR R4 by the same two
 * validators the FHIR work uses (test/node/fhir-validators.mjs).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fromQuestionnaireResponse } from '../../src/fhir/index.ts';
import { toFhirBundle } from '../../src/server/staff/fhir-bundle.ts';
import { assertValidR4, loadR4Validators, schemaIssues } from '../node/fhir-validators.mjs';
import { requestWithFiles } from './staff-fixtures.mjs';

const BASE = 'https://clinic.example/api/second-opinion/staff';
const fileUrl = (reference) => (type, index) =>
  `${BASE}/requests/${reference}/files/${type}/${index}`;

function stored() {
  const request = requestWithFiles('SO-ABCD-2345', '2026-03-14T09:30:00.000Z');
  delete request.bytes;
  return { ...request, status: 'in-review', statusChangedAt: request.receivedAt, history: [] };
}

before(loadR4Validators);

describe('FHIR export of a stored request', () => {
  it('is a valid R4 transaction Bundle, and each entry is valid on its own', () => {
    const request = stored();
    const bundle = toFhirBundle(request, { fileUrl: fileUrl(request.reference) });
    assertValidR4(bundle);
    for (const { resource } of bundle.entry) assertValidR4(resource);
    assert.equal(bundle.type, 'transaction');
    assert.deepEqual(
      bundle.entry.map((entry) => entry.resource.resourceType),
      ['QuestionnaireResponse', 'DocumentReference', 'DocumentReference'],
    );
  });

  it('the validators reject a DocumentReference status outside R4 (so a pass means something)', () => {
    const request = stored();
    const [, { resource }] = toFhirBundle(request, { fileUrl: fileUrl(request.reference) }).entry;
    assert.notDeepEqual(schemaIssues({ ...resource, status: 'final' }), []);
  });

  it('links files to the staff file route, never inlining bytes', () => {
    const request = stored();
    const bundle = toFhirBundle(request, { fileUrl: fileUrl(request.reference) });
    const [response, pdf, png] = bundle.entry.map((entry) => entry.resource);
    assert.deepEqual(pdf.content[0].attachment, {
      extension: [
        {
          url: 'https://second-opinion-intake.example/fhir/StructureDefinition/attachment-sha256',
          valueString: request.files[0].sha256,
        },
      ],
      contentType: 'application/pdf',
      language: 'ka',
      url: `${BASE}/requests/SO-ABCD-2345/files/medical-record-extract/0`,
      size: request.files[0].size,
      title: request.files[0].name,
    });
    assert.equal(png.content[0].attachment.language, undefined, '"other" is no language code');
    assert.equal(png.type.coding[0].code, 'imaging');
    const answered = JSON.stringify(response);
    assert.ok(answered.includes(`${BASE}/requests/SO-ABCD-2345/files/imaging/0`));
    assert.ok(!JSON.stringify(bundle).includes('"data"'));
    for (const entry of bundle.entry.slice(1)) {
      assert.deepEqual(entry.resource.context.related, [
        { reference: bundle.entry[0].fullUrl, type: 'QuestionnaireResponse' },
      ]);
    }
  });

  it('names its resources alike on every export, so a second import creates nothing twice', () => {
    const request = stored();
    const first = toFhirBundle(request, { fileUrl: fileUrl(request.reference) });
    const second = toFhirBundle(request, { fileUrl: fileUrl(request.reference) });
    assert.deepEqual(
      first.entry.map((entry) => [entry.fullUrl, entry.request]),
      second.entry.map((entry) => [entry.fullUrl, entry.request]),
    );
    assert.equal(new Set(first.entry.map((entry) => entry.fullUrl)).size, 3);
    assert.equal(first.entry[0].fullUrl, `urn:uuid:${request.submissionId}`);
    assert.equal(
      first.entry[0].request.ifNoneExist,
      `identifier=urn:ietf:rfc:3986|urn:uuid:${request.submissionId}`,
    );
  });

  it('carries the answers the patient gave: the response maps back to the payload', () => {
    const request = stored();
    const [{ resource }] = toFhirBundle(request, { fileUrl: fileUrl(request.reference) }).entry;
    const { documents, ...rest } = fromQuestionnaireResponse(resource);
    const { documents: sent, ...sentRest } = request.payload;
    assert.deepEqual(rest, sentRest);
    assert.deepEqual(documents.map((row) => row.type).sort(), sent.map((row) => row.type).sort());
  });
});
