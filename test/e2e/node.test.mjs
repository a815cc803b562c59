/**
 * The npm package in Node, as a receiving server uses it: `second-opinion-intake/schema`,
 * resolved through package.json's `exports` to dist/, in the server example of docs/protocol.md.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { server } from './examples/server.ts';

const payload = {
  schemaVersion: 1,
  submissionId: '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b',
  submittedAt: '2026-11-25T10:00:00.000Z',
  locale: 'en',
  requester: { role: 'patient' },
  patient: {
    name: 'Alex Example',
    dateOfBirth: '1970-01-31',
    email: 'alex@example.org',
    preferredContact: 'email',
  },
  reasons: { selected: ['verify-diagnosis'] },
  motive: 'Is surgery really needed?',
  documents: [{ type: 'imaging', status: 'not-available', translationNeeded: false }],
  insurance: { hasPrivateInsurance: false },
  consent: { healthDataProcessing: true },
};

let origin;
before(async () => {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((resolve) => server.close(resolve)));

const post = (body) =>
  fetch(origin, { method: 'POST', body: JSON.stringify(body) }).then(async (response) => ({
    status: response.status,
    body: await response.json(),
  }));

it('the documented server example accepts a valid request', async () => {
  const answer = await post(payload);
  assert.equal(answer.status, 201);
  assert.equal(answer.body.reference, 'SO-1b4e28ba');
});

it('the documented server example answers 422 with paths and codes', async () => {
  const answer = await post({
    ...payload,
    patient: { ...payload.patient, email: 'not an address' },
    consent: { healthDataProcessing: false },
  });
  assert.equal(answer.status, 422);
  assert.deepEqual(
    answer.body.errors.sort((a, b) => a.path.localeCompare(b.path)),
    [
      { path: 'consent.healthDataProcessing', code: 'consent-required' },
      { path: 'patient.email', code: 'invalid-email' },
    ],
  );
});
