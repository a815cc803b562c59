/**
 * The multipart path (busboy, src/server/multipart.ts) against malformed bodies: each gets a 4xx
 * answer — 400, 413 or 415 for the broken shapes listed, 422 at most where a mutation left a
 * well-formed body with bytes that differ from the list — never a 5xx or a hang; nothing is
 * stored and no upload is left behind.
 *
 * Run: `node --import tsx --test test/server/multipart-fuzz.test.mjs`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer } from '../../src/server/node.ts';
import {
  BASE_PATH,
  embeddedStoreFactory,
  multipartBody,
  newBoundary,
  partsFor,
  payloadWith,
  pdf,
} from './fixtures.mjs';

/** Deterministic (mulberry32): a failing case can be run again. */
function randomFrom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Malformed multipart bodies', () => {
  const factory = embeddedStoreFactory();
  let env;
  let server;
  let url;

  before(async () => {
    env = await factory.create();
    server = await startServer({
      store: env.store,
      maxBodyBytes: 8192,
      maxFileBytes: 4096,
      maxTotalFileBytes: 8192,
      maxFiles: 2,
      log: () => {},
    });
    url = `${server.url}${BASE_PATH}`;
  });
  after(async () => {
    await server.close();
    await env.cleanup();
  });

  function post(body, { boundary, key, contentType } = {}) {
    return fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': contentType ?? `multipart/form-data; boundary=${boundary}`,
        'Idempotency-Key': key,
      },
      body,
    });
  }

  /** A valid body, to break. */
  function valid(fileCount = 1) {
    const files = Array.from({ length: fileCount }, (_, i) => pdf(`fuzz-${i}`, 1000));
    const payload = payloadWith(files);
    const boundary = newBoundary();
    return { payload, files, boundary, parts: partsFor(payload, files) };
  }

  async function assertRefused(answer, allowed) {
    assert.ok(allowed.includes(answer.status), `answered ${answer.status}`);
    assert.match(answer.headers.get('content-type'), /^application\/problem\+json/);
    await answer.body?.cancel();
  }

  async function assertNothingKept() {
    assert.deepEqual(await env.store.list({}), []);
    assert.deepEqual(await env.leftovers(), []);
  }

  it('refuses a body cut short anywhere: 400', async () => {
    const { payload, boundary, parts } = valid();
    const body = multipartBody(parts, boundary);
    for (let cut = 0; cut < body.length; cut += 97) {
      await assertRefused(
        await post(body.subarray(0, cut), { boundary, key: payload.submissionId }),
        [400],
      );
    }
    await assertNothingKept();
  });

  it('refuses a wrong boundary, no boundary, and a boundary that never ends the body: 400', async () => {
    const { payload, boundary, parts } = valid();
    const body = multipartBody(parts, boundary);
    const key = payload.submissionId;
    await assertRefused(await post(body, { boundary: newBoundary(), key }), [400]);
    await assertRefused(await post(body, { key, contentType: 'multipart/form-data' }), [400]);
    const unterminated = body.subarray(0, body.lastIndexOf(`--${boundary}--`));
    await assertRefused(await post(unterminated, { boundary, key }), [400]);
    await assertNothingKept();
  });

  it('refuses huge or endless part headers: 400', async () => {
    const { payload, boundary } = valid(0);
    const huge = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="submission"\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n{}\r\n--${boundary}--\r\n`,
    );
    await assertRefused(await post(huge, { boundary, key: payload.submissionId }), [400]);
    const endless = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="a"${'x'.repeat(40_000)}`,
    );
    await assertRefused(await post(endless, { boundary, key: payload.submissionId }), [400]);
    await assertNothingKept();
  });

  it('refuses duplicate parts, parts out of order, stray parts and a file part without a filename: 400', async () => {
    const { payload, boundary, parts } = valid(2);
    const key = payload.submissionId;
    const [submission, first, second] = parts;
    const shapes = [
      [submission, submission, first, second],
      [submission, first, first, second],
      [first, submission, second],
      [submission, { name: 'note', body: 'hello' }, first, second],
      [submission, { ...first, filename: undefined, type: 'application/pdf' }, second],
      [first, second],
    ];
    for (const shape of shapes) {
      await assertRefused(await post(multipartBody(shape, boundary), { boundary, key }), [400]);
    }
    await assertNothingKept();
  });

  it('refuses a submission part of another type (415) and bodies over the limits (413)', async () => {
    const { payload, boundary, parts } = valid();
    const key = payload.submissionId;
    const asText = [{ ...parts[0], type: 'text/html' }, parts[1]];
    await assertRefused(await post(multipartBody(asText, boundary), { boundary, key }), [415]);
    const bigSubmission = [{ ...parts[0], body: `${' '.repeat(9000)}{}` }, parts[1]];
    await assertRefused(
      await post(multipartBody(bigSubmission, boundary), { boundary, key }),
      [413],
    );
    const flood = multipartBody([parts[0], { ...parts[1], body: Buffer.alloc(200_000) }], boundary);
    const answer = await post(flood, { boundary, key });
    // Longer than listed: stopped at the listed size.
    await assertRefused(answer, [413, 422]);
    await assertNothingKept();
  });

  it('answers random bytes, and 300 random mutations of a valid body, with a 4xx', async () => {
    const random = randomFrom(20261206);
    const bytes = (length) => Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
    const { boundary } = valid();
    for (let i = 0; i < 20; i += 1) {
      const key = crypto.randomUUID();
      await assertRefused(
        await post(bytes(1 + Math.floor(random() * 3000)), { boundary, key }),
        [400],
      );
    }
    for (let i = 0; i < 300; i += 1) {
      const { payload, boundary: own, parts } = valid(1 + (i % 2));
      const body = Buffer.from(multipartBody(parts, own));
      const at = Math.floor(random() * body.length);
      const mutation = i % 3;
      let mutated;
      if (mutation === 0) {
        body[at] ^= 1 + Math.floor(random() * 255);
        mutated = body;
      } else if (mutation === 1) {
        mutated = Buffer.concat([
          body.subarray(0, at),
          body.subarray(Math.min(body.length, at + 1 + Math.floor(random() * 64))),
        ]);
      } else {
        mutated = Buffer.concat([
          body.subarray(0, at),
          bytes(1 + Math.floor(random() * 64)),
          body.subarray(at),
        ]);
      }
      const answer = await post(mutated, { boundary: own, key: payload.submissionId });
      if (answer.status === 201) {
        // A mutation that kept the body valid (a byte of a file name, say): stored whole.
        const { reference } = await answer.json();
        assert.ok(await env.store.get(reference), 'a 201 is stored');
        await env.store.delete(reference);
        continue;
      }
      await assertRefused(answer, [400, 413, 415, 422]);
    }
    await assertNothingKept();
  });
});
