/**
 * Responses from another form filler: NLM's LHC-Forms renders the intake's Questionnaire and
 * exports a QuestionnaireResponse without `identifier` and `language`. The receiving server
 * accepts it (the Idempotency-Key and the Questionnaire's language stand in), and stores the
 * same answers the widget would have sent.
 *
 * test/fixtures/lforms-questionnaire-response.json was made by scripts/lforms-fixture.mjs in a
 * real browser; where Chromium exists, that script runs again here and must give the same
 * response, so the fixture cannot drift from what LHC-Forms really exports.
 *
 * Run: `node --import tsx --test test/node/lforms.test.mjs`.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FIXTURE, roundTripThroughLForms, widgetResources } from '../../scripts/lforms-fixture.mjs';
import { fromQuestionnaireResponse } from '../../src/fhir/index.ts';
import { sourceLocale } from '../../src/generated/locale-codes.ts';
import { payloadSchema } from '../../src/schema/index.ts';
import { startServer } from '../../src/server/node.ts';
import { createEmbeddedStore } from '../../src/server/store/embedded.ts';
import { CHROMIUM_PATH } from '../chromium.mjs';
import { otherFillerRequest } from '../fixtures/payloads.ts';

const fixture = () => JSON.parse(readFileSync(FIXTURE, 'utf8'));

/** What LHC-Forms sets anew on every export. */
function withoutExportTime({ authored, ...response }) {
  assert.match(authored, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  return response;
}

/** The payload stored for the fixture posted under `key`: the widget's answers. */
function expectedPayload(key, authored) {
  // The service country is an extension of the widget's own; LHC-Forms drops it (optional).
  const payload = otherFillerRequest();
  delete payload.serviceCountry;
  return {
    ...payload,
    submissionId: key,
    submittedAt: authored,
    // The language of the Questionnaire the server publishes.
    locale: sourceLocale,
  };
}

describe('QuestionnaireResponses from LHC-Forms', () => {
  it(
    'the committed fixture is what LHC-Forms exports today (run live in Chromium)',
    { skip: !existsSync(CHROMIUM_PATH) && `no Chromium at ${CHROMIUM_PATH}` },
    async () => {
      const { questionnaire, response } = widgetResources();
      const exported = await roundTripThroughLForms(questionnaire, response);
      assert.deepEqual(
        withoutExportTime(exported),
        withoutExportTime(fixture()),
        'LHC-Forms exports another response now: run `node --import tsx scripts/lforms-fixture.mjs`',
      );
    },
  );

  it('carries every answer but no identifier and no language', () => {
    const response = fixture();
    assert.equal(response.identifier, undefined);
    assert.equal(response.language, undefined);
    const mapped = fromQuestionnaireResponse(response);
    const expected = expectedPayload('unused', response.authored);
    delete expected.submissionId;
    delete expected.locale;
    assert.deepEqual(mapped, expected);
    // Without the fallbacks, exactly those two are missing.
    const issues = payloadSchema.safeParse(mapped).error.issues.map((issue) => issue.path[0]);
    assert.deepEqual(issues.sort(), ['locale', 'submissionId']);
  });

  describe('fromQuestionnaireResponse options', () => {
    const key = randomUUID();
    const options = { submissionId: key, locale: 'de' };

    it('fill in only what the response leaves out', () => {
      const mapped = fromQuestionnaireResponse(fixture(), options);
      assert.equal(mapped.submissionId, key);
      assert.equal(mapped.locale, 'de');
      assert.equal(payloadSchema.safeParse(mapped).success, true);
    });

    it('never replace what the response says, right or wrong', () => {
      const own = randomUUID();
      const response = {
        ...fixture(),
        identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${own}` },
        language: 'ka',
      };
      const mapped = fromQuestionnaireResponse(response, options);
      assert.equal(mapped.submissionId, own);
      assert.equal(mapped.locale, 'ka');
      const wrong = fromQuestionnaireResponse(
        { ...fixture(), identifier: { value: 42 }, language: 7 },
        options,
      );
      assert.equal(wrong.submissionId, undefined);
      assert.equal(wrong.locale, 7);
    });
  });

  describe('the receiving server', () => {
    let server;
    let store;
    let url;
    let dataDir;

    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'second-opinion-lforms-'));
      store = createEmbeddedStore({ dataDir });
      server = await startServer({ store, log: () => {} });
      url = `${server.url}/api/second-opinion`;
    });

    after(async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const post = (body, key) =>
      fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/fhir+json', 'Idempotency-Key': key },
        body: JSON.stringify(body),
      });

    it('stores LHC-Forms’ response (201) with the answers the widget would have sent', async () => {
      const response = fixture();
      const key = randomUUID();
      const created = await post(response, key);
      assert.equal(created.status, 201, await created.clone().text());
      const { reference } = await created.json();

      const record = await store.get(reference);
      assert.deepEqual(record.payload, expectedPayload(key, response.authored));

      // Sent again (its answer lost): the same request, not a second one.
      const again = await post(response, key);
      assert.equal(again.status, 200);
      assert.deepEqual(await again.json(), { reference });
    });

    it('still refuses an identifier that is not the key', async () => {
      const response = {
        ...fixture(),
        identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${randomUUID()}` },
      };
      const refused = await post(response, randomUUID());
      assert.equal(refused.status, 422);
      assert.deepEqual((await refused.json()).errors, [{ path: 'submissionId', code: 'invalid' }]);
    });
  });
});
