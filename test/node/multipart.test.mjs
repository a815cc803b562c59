/**
 * The reference endpoint's multipart reading, in Node: the streaming parser against bodies cut
 * at every possible place, and the endpoint's limits with small values (so a 413 costs a few
 * kilobytes instead of 100 MiB; the browser tests run the endpoint with its defaults).
 *
 * Run: `node --import tsx --test test/node/*.test.mjs`.
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { MultipartParser, multipartBoundary } from '../../demo/server/form-data.ts';
import { createIntakeEndpoint } from '../../demo/server/endpoint.ts';
import { buildRequestBody } from '../../src/submit/multipart.ts';

const BOUNDARY = '----second-opinion-boundary-1234';

/** A body as Chromium writes one: CRLF line ends, a part per entry. */
function multipartBody(parts, boundary = BOUNDARY) {
  const chunks = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\n` +
          (part.type ? `Content-Type: ${part.type}\r\n` : '') +
          '\r\n',
      ),
      Buffer.from(part.body),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** Parses `body` fed in the given pieces; returns the parts with their bodies. */
function parse(body, cuts) {
  const parser = new MultipartParser(BOUNDARY);
  const parts = [];
  let from = 0;
  for (const cut of [...cuts, body.length]) {
    for (const event of parser.write(body.subarray(from, cut))) {
      if (event.kind === 'part') parts.push({ ...event.headers, chunks: [] });
      if (event.kind === 'data') parts.at(-1).chunks.push(Buffer.from(event.bytes));
    }
    from = cut;
  }
  parser.end();
  return parts.map(({ chunks, ...headers }) => ({ ...headers, body: Buffer.concat(chunks) }));
}

describe('Multipart parser', () => {
  // Bytes that look like a delimiter, CRLFs and dashes, to catch a search that slips.
  const tricky = Buffer.concat([
    Buffer.from(`\r\n--${BOUNDARY.slice(0, -1)}X\r\n--\r\n-`),
    Buffer.from([0, 255, 13, 10, 45, 45]),
  ]);
  const parts = [
    { name: 'submission', filename: 'submission.json', type: 'application/json', body: '{"a":1}' },
    // Browsers write a quote in a file name as %22 (HTML's multipart/form-data encoding).
    {
      name: 'file:imaging:0',
      filename: 'scan %221%22; x.dcm',
      type: 'application/dicom',
      body: tricky,
    },
    { name: 'file:imaging:1', filename: 'empty.pdf', type: 'application/pdf', body: '' },
  ];
  const body = multipartBody(parts);

  it('reads every part whole, wherever the body is cut', () => {
    for (let cut = 0; cut <= body.length; cut += 1) {
      const result = parse(body, [cut]);
      assert.deepEqual(
        result.map((part) => part.name),
        ['submission', 'file:imaging:0', 'file:imaging:1'],
        `cut at ${cut}`,
      );
      assert.equal(result[0].body.toString(), '{"a":1}', `cut at ${cut}`);
      assert.ok(result[1].body.equals(tricky), `cut at ${cut}`);
      assert.equal(result[2].body.length, 0, `cut at ${cut}`);
    }
  });

  it('reads a body fed one byte at a time', () => {
    const cuts = Array.from({ length: body.length }, (_, index) => index);
    const result = parse(body, cuts);
    assert.ok(result[1].body.equals(tricky));
    assert.equal(result[1].contentType, 'application/dicom');
    assert.equal(result[1].filename, 'scan %221%22; x.dcm');
  });

  it('refuses a body that stops early, or headers that never end', () => {
    assert.throws(() => parse(body.subarray(0, body.length - 10), []), /ends before/);
    const endless = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"`);
    const parser = new MultipartParser(BOUNDARY);
    assert.throws(() => {
      parser.write(endless);
      parser.write(Buffer.alloc(9000, 97));
    }, /headers too long/);
  });

  it('finds the boundary of a multipart content type only', () => {
    assert.equal(multipartBoundary(`multipart/form-data; boundary=${BOUNDARY}`), BOUNDARY);
    assert.equal(multipartBoundary('multipart/form-data; boundary="a b"'), 'a b');
    assert.equal(multipartBoundary('multipart/form-data'), undefined);
    assert.equal(multipartBoundary('application/json; boundary=x'), undefined);
    assert.equal(multipartBoundary(`multipart/form-data; boundary=${'x'.repeat(71)}`), undefined);
  });
});

/** A tiny valid PDF, different per `salt`. */
const pdf = (salt, size = 64) => {
  const bytes = Buffer.alloc(size, 32);
  Buffer.from(`%PDF-1.4\n% ${salt}\n`).copy(bytes);
  return bytes;
};
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

function payloadWith(files) {
  return {
    schemaVersion: 1,
    submissionId: randomUUID(),
    submittedAt: new Date().toISOString(),
    locale: 'en',
    requester: { role: 'patient' },
    patient: { name: 'Anna Example', dateOfBirth: '1980-03-27', email: 'anna@example.com' },
    reasons: { selected: ['verify-diagnosis'] },
    motive: 'Do I need the operation?',
    documents: [
      {
        type: 'medical-record-extract',
        status: 'attached',
        language: 'en',
        translationNeeded: false,
        files: files.map((bytes, index) => ({
          name: `record-${index}.pdf`,
          size: bytes.length,
          type: 'application/pdf',
          sha256: sha256(bytes),
        })),
      },
    ],
    insurance: { hasPrivateInsurance: false },
    consent: { healthDataProcessing: true },
  };
}

describe('Reference endpoint limits (small values)', () => {
  const limits = { maxBodyBytes: 4096, maxFileBytes: 1000, maxTotalFileBytes: 2500, maxFiles: 3 };
  let server;
  let base;
  let dataDir;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'second-opinion-node-'));
    const endpoint = createIntakeEndpoint({ dataDir, ...limits, log: () => {} });
    server = createServer((req, res) =>
      endpoint(req, res, () => {
        res.writeHead(404).end();
      }),
    );
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${server.address().port}/api/second-opinion`;
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    assert.equal((await fetch(`${base}/submissions`, { method: 'DELETE' })).status, 204);
  });

  async function send(files) {
    const payload = payloadWith(files);
    const body = buildRequestBody(payload, {
      'medical-record-extract': files.map((bytes) => new Blob([bytes])),
    });
    const response = await fetch(base, {
      method: 'POST',
      headers: {
        ...(body.contentType ? { 'Content-Type': body.contentType } : {}),
        'Idempotency-Key': payload.submissionId,
      },
      body: body.data,
    });
    return { response, problem: response.ok ? undefined : await response.json() };
  }

  /** Only the record and its folder, or nothing: no upload left behind. */
  const leftovers = () => readdirSync(dataDir).filter((name) => name.startsWith('.'));

  it('stores files within every limit', async () => {
    const files = [pdf(1, 1000), pdf(2, 1000), pdf(3, 500)];
    const { response } = await send(files);
    assert.equal(response.status, 201);
    const [record] = await (await fetch(`${base}/submissions`)).json();
    assert.deepEqual(
      record.files.map((file) => [file.index, file.size, file.sha256]),
      files.map((bytes, index) => [index, bytes.length, sha256(bytes)]),
    );
    assert.deepEqual(leftovers(), []);
  });

  const cases = [
    ['a file over the limit per file', [pdf(1, 1001)], 'max-file-size', 1000],
    ['files over the total', [pdf(1, 1000), pdf(2, 1000), pdf(3, 501)], 'max-total-size', 2500],
    ['too many files', [pdf(1), pdf(2), pdf(3), pdf(4)], 'max-files', 3],
  ];
  for (const [what, files, limit, maximum] of cases) {
    it(`answers 413 naming the limit for ${what}, and keeps nothing`, async () => {
      const { response, problem } = await send(files);
      assert.equal(response.status, 413);
      assert.match(response.headers.get('content-type'), /^application\/problem\+json/);
      assert.equal(problem.limit, limit);
      assert.equal(problem.maximum, maximum);
      assert.match(problem.detail, new RegExp(String(maximum)));
      assert.deepEqual(await (await fetch(`${base}/submissions`)).json(), []);
      assert.deepEqual(leftovers(), []);
    });
  }

  it('answers 413 for a submission part over the body limit', async () => {
    const payload = payloadWith([pdf(1)]);
    payload.motive = 'x'.repeat(4000);
    const body = buildRequestBody(payload, {
      'medical-record-extract': [new Blob([pdf(1)])],
    });
    const response = await fetch(base, {
      method: 'POST',
      headers: { 'Idempotency-Key': payload.submissionId },
      body: body.data,
    });
    assert.equal(response.status, 413);
    assert.equal((await response.json()).limit, 'max-body-size');
    assert.deepEqual(leftovers(), []);
  });

  it('answers 400 for a malformed body, a stray part or no submission part', async () => {
    const key = randomUUID();
    const post = (body, boundary = BOUNDARY) =>
      fetch(base, {
        method: 'POST',
        headers: {
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Idempotency-Key': key,
        },
        body,
      });
    const truncated = multipartBody([{ name: 'submission', body: '{}' }]).subarray(0, 60);
    const stray = multipartBody([{ name: 'note', body: 'hi' }]);
    const noSubmission = multipartBody([
      { name: 'file:imaging:0', filename: 'a.pdf', body: pdf(1) },
    ]);
    for (const body of [truncated, stray, noSubmission]) {
      const response = await post(body);
      assert.equal(response.status, 400);
    }
    const noBoundary = await fetch(base, {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data', 'Idempotency-Key': key },
      body: 'x',
    });
    assert.equal(noBoundary.status, 400);
    assert.deepEqual(leftovers(), []);
  });
});
