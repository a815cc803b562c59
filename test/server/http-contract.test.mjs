/**
 * The receiving server's HTTP contract, over real HTTP, against every store (fixtures.mjs
 * `testStores()`): each answer of the protocol in docs/server.md, idempotency, CORS, the health
 * route, the staff hook, and every failure ending in an answer.
 *
 * Run: `node --import tsx --test test/server/http-contract.test.mjs`.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { questionnaireTextsFor } from '../../src/fhir/locale-texts.ts';
import { toQuestionnaireResponse } from '../../src/fhir/response.ts';
import { createServer } from 'node:http';
import { createReceivingHandler } from '../../src/server/handler.ts';
import { startServer, toNodeListener } from '../../src/server/node.ts';
import {
  BASE_PATH,
  REFERENCE,
  multipartBody,
  newBoundary,
  observed,
  partsFor,
  payloadWith,
  pdf,
  rawHead,
  rawRequest,
  rawUpload,
  send,
  statusOf,
  storedRequests,
  testStores,
  until,
} from './fixtures.mjs';

const ORIGIN = 'https://insurer.example';
const LIMITS = { maxBodyBytes: 8192, maxFileBytes: 4000, maxTotalFileBytes: 10_000, maxFiles: 3 };

for (const factory of testStores()) {
  describe(`Receiving server over HTTP (${factory.name} store)`, () => {
    let env;
    let server;
    let url;
    let logs;
    let watch;
    let staffCalls;

    before(async () => {
      env = await factory.create();
      if (env.engine) console.log(`# ${factory.name} store on ${env.engine}`);
      watch = observed(env.store);
      logs = [];
      staffCalls = [];
      server = await startServer({
        store: env.store,
        ...LIMITS,
        allowedOrigins: [ORIGIN],
        idleTimeoutMs: 5000,
        log: (entry) => logs.push(entry),
        staff: async (request, subpath) => {
          staffCalls.push({ method: request.method, subpath });
          return new Response('staff', { status: 299 });
        },
      });
      url = `${server.url}${BASE_PATH}`;
    });

    after(async () => {
      try {
        await server.close();
        await env.cleanup();
      } finally {
        await factory.dispose();
      }
    });

    beforeEach(() => {
      logs.length = 0;
    });

    describe('Accepting and replaying', () => {
      it('stores a JSON request once: 201, then 200 with the same reference', async () => {
        const payload = payloadWith();
        const first = await send(url, payload);
        assert.equal(first.status, 201);
        assert.match(first.body.reference, REFERENCE);
        assert.equal(first.response.headers.get('cache-control'), 'no-store');
        assert.equal(first.response.headers.get('x-content-type-options'), 'nosniff');
        const again = await send(url, payload);
        assert.equal(again.status, 200);
        assert.equal(again.body.reference, first.body.reference);
        const stored = (await storedRequests(env.store)).filter(
          (request) => request.submissionId === payload.submissionId,
        );
        assert.equal(stored.length, 1);
        assert.deepEqual(stored[0].payload, payload);
        assert.equal(stored[0].status, 'new');
      });

      it('stores files byte for byte; a multipart retry with a new boundary is a replay', async () => {
        const files = [pdf('a', 3000), pdf('b', 10)];
        const payload = payloadWith(files);
        const first = await send(url, payload, files);
        assert.equal(first.status, 201);
        const again = await send(url, payload, files);
        assert.equal(again.status, 200);
        assert.equal(again.body.reference, first.body.reference);
        const [stored] = (await storedRequests(env.store)).filter(
          (request) => request.reference === first.body.reference,
        );
        assert.deepEqual(
          stored.files.map((file) => [file.index, file.size, file.sha256, file.name]),
          payload.documents[0].files.map((file, index) => [
            index,
            file.size,
            file.sha256,
            file.name,
          ]),
        );
        assert.deepEqual(await env.leftovers(), []);
      });

      it('takes the same answers as FHIR JSON: the fingerprint is of the payload', async () => {
        const payload = payloadWith();
        const first = await send(url, payload);
        const fhir = await fetch(url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/fhir+json',
            'Idempotency-Key': `"${payload.submissionId}"`,
          },
          body: JSON.stringify(
            toQuestionnaireResponse(payload, { texts: questionnaireTextsFor(payload.locale) }),
          ),
        });
        assert.equal(fhir.status, 200);
        assert.equal((await fhir.json()).reference, first.body.reference);
      });

      it('replays a resend whose only change is the time of sending (submittedAt)', async () => {
        const payload = payloadWith();
        const first = await send(url, payload);
        const later = await send(url, { ...payload, submittedAt: '2026-12-02T08:00:00.000Z' });
        assert.equal(later.status, 200);
        assert.equal(later.body.reference, first.body.reference);
      });

      it('refuses the same key with other answers: 422 idempotency-key-reused with the first reference', async () => {
        const payload = payloadWith();
        const first = await send(url, payload);
        const changed = await send(url, { ...payload, motive: 'Something else entirely' });
        assert.equal(changed.status, 422);
        assert.equal(changed.body.code, 'idempotency-key-reused');
        assert.equal(changed.body.reference, first.body.reference);
        assert.equal(changed.body.type, 'about:blank');
        assert.equal(changed.body.errors, undefined);
        const stored = (await storedRequests(env.store)).filter(
          (request) => request.submissionId === payload.submissionId,
        );
        assert.equal(stored.length, 1);
        assert.equal(stored[0].payload.motive, payload.motive);
      });

      it('answers 409 request-in-flight with Retry-After while the first is still arriving', async () => {
        const files = [pdf('slow', 2000)];
        const { payload, body, client: slow } = rawUpload(server.url, files);
        const claimed = watch.claimed(payload.submissionId);
        slow.socket.write(body.subarray(0, body.length - 500));
        await claimed;
        const meanwhile = await send(url, payload, files, { Origin: ORIGIN });
        assert.equal(meanwhile.status, 409);
        assert.equal(meanwhile.body.code, 'request-in-flight');
        assert.match(meanwhile.response.headers.get('retry-after'), /^\d+$/);
        assert.equal(
          meanwhile.response.headers.get('access-control-expose-headers'),
          'Retry-After',
        );
        slow.socket.write(body.subarray(body.length - 500));
        assert.equal(statusOf(await slow.answer), 201);
        assert.equal((await send(url, payload, files)).status, 200);
      });

      it('stores exactly once under 50 concurrent identical requests', async () => {
        const files = [pdf('concurrent', 1500)];
        const payload = payloadWith(files);
        const answers = await Promise.all(
          Array.from({ length: 50 }, () => send(url, payload, files)),
        );
        const statuses = answers.map((answer) => answer.status);
        assert.equal(statuses.filter((status) => status === 201).length, 1, String(statuses));
        assert.ok(
          statuses.every((status) => [200, 201, 409].includes(status)),
          String(statuses),
        );
        const references = new Set(
          answers.filter((a) => a.status < 300).map((a) => a.body.reference),
        );
        assert.equal(references.size, 1);
        const stored = (await storedRequests(env.store)).filter(
          (request) => request.submissionId === payload.submissionId,
        );
        assert.equal(stored.length, 1);
        assert.equal((await send(url, payload, files)).status, 200);
        assert.deepEqual(await env.leftovers(), []);
      });
    });

    describe('Refusing', () => {
      it('answers 422 with field codes the widget maps, and stores nothing', async () => {
        const payload = payloadWith();
        payload.patient.email = 'not an address';
        const { status, body } = await send(url, payload);
        assert.equal(status, 422);
        assert.deepEqual(body.errors, [{ path: 'patient.email', code: 'invalid-email' }]);
        assert.equal(
          (await storedRequests(env.store)).some((r) => r.submissionId === payload.submissionId),
          false,
        );
      });

      it('answers 422 for a key that is not the submissionId, and for a listed file that is missing', async () => {
        const payload = payloadWith();
        const wrongKey = await send(url, payload, [], { 'Idempotency-Key': randomUUID() });
        assert.equal(wrongKey.status, 422);
        assert.deepEqual(wrongKey.body.errors, [{ path: 'submissionId', code: 'invalid' }]);
        const listed = payloadWith([pdf(1)]);
        const noFile = await send(url, listed);
        assert.equal(noFile.status, 422);
        assert.deepEqual(noFile.body.errors, [{ path: 'documents.0.files.0', code: 'required' }]);
      });

      it('answers 422 for a file whose bytes differ from the list, 415 for content of no accepted kind', async () => {
        const files = [pdf('x', 100)];
        const payload = payloadWith(files);
        const other = pdf('y', 100);
        const differs = await fetchMultipart(payload, [other]);
        assert.equal(differs.status, 422);
        assert.deepEqual((await differs.json()).errors, [
          { path: 'documents.0.files.0.sha256', code: 'invalid' },
        ]);
        const text = Buffer.alloc(100, 65);
        const unsupported = payloadWith([text]);
        const answer = await fetchMultipart(unsupported, [text]);
        assert.equal(answer.status, 415);
        assert.deepEqual(await env.leftovers(), []);
        // The refused key is free again: the corrected request is stored.
        assert.equal((await send(url, payload, files)).status, 201);
      });

      const limitCases = [
        ['a file over the limit per file', [pdf(1, 4001)], 'max-file-size', 4000],
        [
          'files over the total',
          [pdf(1, 4000), pdf(2, 4000), pdf(3, 2001)],
          'max-total-size',
          10_000,
        ],
        ['too many files', [pdf(1), pdf(2), pdf(3), pdf(4)], 'max-files', 3],
      ];
      for (const [what, files, limit, maximum] of limitCases) {
        it(`answers 413 naming the limit for ${what}, and keeps nothing`, async () => {
          const payload = payloadWith(files);
          const { status, body } = await send(url, payload, files);
          assert.equal(status, 413);
          assert.equal(body.limit, limit);
          assert.equal(body.maximum, maximum);
          assert.deepEqual(await env.leftovers(), []);
        });
      }

      it('answers 413 max-body-size for a payload over the limit, as JSON and as a part', async () => {
        const payload = payloadWith();
        payload.motive = 'x'.repeat(9000);
        const json = await send(url, payload);
        assert.equal(json.status, 413);
        assert.equal(json.body.limit, 'max-body-size');
        assert.equal(json.body.maximum, LIMITS.maxBodyBytes);
        const files = [pdf(1)];
        const withFiles = { ...payloadWith(files), motive: 'x'.repeat(9000) };
        const part = await send(url, withFiles, files);
        assert.equal(part.status, 413);
        assert.equal(part.body.limit, 'max-body-size');
      });

      it('answers 400 for bad JSON and for no Idempotency-Key, 415 for another type, 405 for another method', async () => {
        const badJson = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
          body: '{"a":',
        });
        assert.equal(badJson.status, 400);
        const noKey = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
        });
        assert.equal(noKey.status, 400);
        const text = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain', 'Idempotency-Key': randomUUID() },
          body: 'hello',
        });
        assert.equal(text.status, 415);
        assert.match(text.headers.get('accept-post'), /multipart\/form-data/);
        const put = await fetch(url, { method: 'PUT', body: '{}' });
        assert.equal(put.status, 405);
        assert.equal(put.headers.get('allow'), 'POST, OPTIONS');
        for (const answer of [badJson, noKey, text, put]) {
          assert.match(answer.headers.get('content-type'), /^application\/problem\+json/);
          assert.equal(answer.headers.get('cache-control'), 'no-store');
        }
      });
    });

    describe('CORS', () => {
      it('answers the preflight of an allowed origin, and no other', async () => {
        const preflight = (origin) =>
          fetch(url, {
            method: 'OPTIONS',
            headers: {
              Origin: origin,
              'Access-Control-Request-Method': 'POST',
              'Access-Control-Request-Headers': 'content-type, idempotency-key',
            },
          });
        const allowed = await preflight(ORIGIN);
        assert.equal(allowed.status, 204);
        assert.equal(allowed.headers.get('access-control-allow-origin'), ORIGIN);
        assert.equal(allowed.headers.get('access-control-allow-methods'), 'POST');
        assert.match(allowed.headers.get('access-control-allow-headers'), /Idempotency-Key/);
        assert.equal(allowed.headers.get('access-control-allow-credentials'), null);
        const other = await preflight('https://evil.example');
        assert.equal(other.headers.get('access-control-allow-origin'), null);
        const posted = await send(url, payloadWith(), [], { Origin: ORIGIN });
        assert.equal(posted.response.headers.get('access-control-allow-origin'), ORIGIN);
        assert.equal(posted.response.headers.get('access-control-expose-headers'), 'Retry-After');
      });
    });

    describe('Routes', () => {
      it('has no unauthenticated list or delete of stored requests (attack 2)', async () => {
        await send(url, payloadWith());
        for (const method of ['GET', 'DELETE']) {
          const answer = await fetch(`${url}/submissions`, { method });
          assert.equal(answer.status, 404);
          assert.doesNotMatch(await answer.text(), /Anna|reference":/);
        }
        assert.ok((await env.store.list({})).length > 0, 'DELETE must have removed nothing');
      });

      it('answers the health check while the store works', async () => {
        const answer = await fetch(`${url}/health`);
        assert.equal(answer.status, 200);
        assert.equal((await answer.json()).store, env.store.kind);
      });

      it('passes staff routes to the staff handler with their subpath', async () => {
        const answer = await fetch(`${url}/staff/requests/SO-2222-3333?x=1`);
        assert.equal(answer.status, 299);
        assert.deepEqual(staffCalls.at(-1), { method: 'GET', subpath: 'requests/SO-2222-3333' });
      });

      it('logs one line per request with the route and reference, never a field value', async () => {
        const payload = payloadWith();
        const { body } = await send(url, payload);
        assert.equal(logs.length, 1);
        const [entry] = logs;
        assert.deepEqual(Object.keys(entry).sort(), [
          'durationMs',
          'method',
          'reference',
          'route',
          'status',
          'time',
        ]);
        assert.equal(entry.route, BASE_PATH);
        assert.equal(entry.reference, body.reference);
        assert.doesNotMatch(JSON.stringify(logs), /Anna|example\.com|operation|record-0/);
      });
    });

    /** A multipart POST with the given file bytes, whatever the payload lists. */
    function fetchMultipart(payload, files) {
      const boundary = newBoundary();
      return fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Idempotency-Key': payload.submissionId,
        },
        body: multipartBody(partsFor(payload, files), boundary),
      });
    }

    describe('Slow and vanishing clients', () => {
      // A server of their own with short clocks, on the same (already open) store.
      const slowServer = {};
      before(async () => {
        const handler = createReceivingHandler({ store: env.store, log: () => {} });
        slowServer.http = createServer(
          toNodeListener(handler, { idleTimeoutMs: 300, totalTimeoutMs: 3000 }),
        );
        await new Promise((resolve) => slowServer.http.listen(0, '127.0.0.1', resolve));
        slowServer.url = `http://127.0.0.1:${slowServer.http.address().port}`;
      });
      after(async () => {
        slowServer.http.closeAllConnections();
        await new Promise((resolve) => slowServer.http.close(resolve));
      });
      it('cuts off a client that stops sending (idle timeout): 408, its upload freed', async () => {
        const files = [pdf('idle', 3000)];
        const { payload, body, client: stalled } = rawUpload(slowServer.url, files);
        const claimed = watch.claimed(payload.submissionId);
        stalled.socket.write(body.subarray(0, body.length - 1000));
        await claimed;
        const answer = await stalled.answer;
        assert.equal(statusOf(answer), 408);
        assert.match(answer, /"code":"request-timeout"/);
        await until(async () => (await env.leftovers()).length === 0, 'the upload to be removed');
        // The key is free: the retry is stored.
        assert.equal((await send(url, payload, files)).status, 201);
      });

      it('cuts off 100 stalled uploads at once, and keeps none of them (attack 3)', async () => {
        const clients = Array.from({ length: 100 }, (_, i) => {
          const files = [pdf(`many-${i}`, 2000)];
          const { body, client } = rawUpload(slowServer.url, files);
          client.socket.write(body.subarray(0, body.length - 500));
          return client;
        });
        const answers = await Promise.all(clients.map((client) => client.answer));
        assert.deepEqual([...new Set(answers.map(statusOf))], [408]);
        await until(async () => (await env.leftovers()).length === 0, 'every upload to be removed');
      });

      it('cuts off a client sending a byte at a time once the total timeout passes', async () => {
        const payload = payloadWith();
        const body = Buffer.from(JSON.stringify(payload));
        const trickle = rawRequest(
          slowServer.url,
          rawHead(BASE_PATH, {
            'Content-Type': 'application/json',
            'Content-Length': body.length,
            'Idempotency-Key': payload.submissionId,
          }),
        );
        let sent = 0;
        const timer = setInterval(() => {
          if (sent < body.length - 1) trickle.socket.write(body.subarray(sent, ++sent));
        }, 100);
        const answer = await trickle.answer;
        clearInterval(timer);
        assert.equal(statusOf(answer), 408);
        assert.ok(sent < body.length, 'cut off before the body was complete');
      });
    });
  });
}
