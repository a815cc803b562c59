import { aTimeout, expect } from '@open-wc/testing';
import type { StoredFileInfo as StoredFile, StoredRequest } from '../src/server/store/types.js';
import { questionnaireTextsFor } from '../src/fhir/locale-texts.js';
import { toQuestionnaireResponse } from '../src/fhir/response.js';
import type { AttachedFile } from '../src/schema/documents.js';
import type { SecondOpinionPayload } from '../src/schema/index.js';
import { buildRequestBody, type FilesByType, type RequestBody } from '../src/submit/multipart.js';
import { makeFile, sha256Of } from './attachment-fixtures.js';
import { proxyRequest } from './fixtures/payloads.js';
import { engine } from './engine.js';

/** The reference endpoint and the test routes, through test/server/middleware.ts. */

const ENDPOINT = '/api/second-opinion';
/** Test-only (test/server/middleware.ts): what the store holds; DELETE empties it. */
const STORED = '/test-api/stored';
const CORS_ENDPOINT = '/api/cors/second-opinion';
const TEST_API_LOG = '/test-api/requests';
const MIB = 1024 * 1024;
const REFERENCE = /^SO-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}$/;

interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  reference?: string;
  limit?: string;
  maximum?: number;
  errors?: { path: string; code: string }[];
}

function validPayload(): SecondOpinionPayload {
  return proxyRequest([
    {
      type: 'medical-record-extract',
      status: 'attached',
      language: 'ka',
      translationNeeded: true,
    },
    { type: 'imaging', status: 'will-send-later', language: 'en', translationNeeded: false },
    { type: 'blood-tests', status: 'not-available', translationNeeded: false },
  ]);
}

function post(body: BodyInit, headers: Record<string, string>, url = ENDPOINT) {
  return fetch(url, { method: 'POST', headers, body });
}

function submit(payload: unknown, key: string, url = ENDPOINT) {
  return post(
    JSON.stringify(payload),
    { 'Content-Type': 'application/json', 'Idempotency-Key': key },
    url,
  );
}

async function stored(): Promise<StoredRequest[]> {
  const response = await fetch(STORED);
  expect(response.status).to.equal(200);
  return (await response.json()) as StoredRequest[];
}

async function recorded(): Promise<RecordedRequest[]> {
  return (await (await fetch(TEST_API_LOG)).json()) as RecordedRequest[];
}

async function expectProblem(response: Response, status: number): Promise<Problem> {
  expect(response.status).to.equal(status);
  expect(response.headers.get('content-type')).to.match(/^application\/problem\+json/);
  const problem = (await response.json()) as Problem;
  expect(problem.type).to.equal('about:blank');
  expect(problem.status).to.equal(status);
  expect(problem.title).to.be.a('string').that.matches(/\S/);
  return problem;
}

/**
 * A request the server refuses as too large before reading all of it. The server answers 413 at
 * once (from Content-Length, or as soon as a limit is passed) and then reads the rest of the
 * upload, so that the client can read the answer. Chromium always does; Firefox and WebKit may
 * abandon an upload that was answered early and report a network error instead ("NetworkError…",
 * "Load failed"), whichever they see first. Refused either way: the problem details where the
 * engine read them, undefined where it reported the network error.
 */
async function expectTooLarge(sent: Promise<Response>): Promise<Problem | undefined> {
  const response = await sent.catch((error: unknown) => error);
  if (engine === 'chromium' || response instanceof Response) {
    return expectProblem(response as Response, 413);
  }
  expect(response).to.be.instanceOf(TypeError);
  return undefined;
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

/** The same server under its other host name: a different origin. */
function otherOrigin(): string {
  const host = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  return `${location.protocol}//${host}:${location.port}`;
}

beforeEach(async () => {
  expect((await fetch(STORED, { method: 'DELETE' })).status).to.equal(204);
  expect((await fetch(TEST_API_LOG, { method: 'DELETE' })).status).to.equal(204);
});

describe('Reference endpoint', () => {
  describe('Accepting a submission', () => {
    it('answers 201 with a human-friendly reference', async () => {
      const payload = validPayload();
      const response = await submit(payload, payload.submissionId);

      expect(response.status).to.equal(201);
      expect(response.headers.get('content-type')).to.match(/^application\/json/);
      expect(response.headers.get('cache-control')).to.equal('no-store');
      const { reference } = (await response.json()) as { reference: string };
      expect(reference).to.match(REFERENCE);
    });

    it('stores a copy equal to the payload, with the reference and time of receipt', async () => {
      const payload = validPayload();
      const before = Date.now();
      const { reference } = (await (await submit(payload, payload.submissionId)).json()) as {
        reference: string;
      };

      const records = await stored();
      expect(records).to.have.length(1);
      expect(records[0].payload).to.deep.equal(payload);
      expect(records[0].reference).to.equal(reference);
      // Browser and server share the clock; a second either way allows for rounding.
      expect(new Date(records[0].receivedAt).toISOString()).to.equal(records[0].receivedAt);
      expect(Date.parse(records[0].receivedAt)).to.be.within(before - 1000, Date.now() + 1000);
    });

    it('gives each submission its own reference and lists the newest first', async () => {
      const first = validPayload();
      const second = validPayload();
      await submit(first, first.submissionId);
      await aTimeout(5);
      await submit(second, second.submissionId);

      const records = await stored();
      expect(records.map((record) => record.payload.submissionId)).to.deep.equal([
        second.submissionId,
        first.submissionId,
      ]);
      expect(records[0].reference).to.not.equal(records[1].reference);
    });

    it('does not store fields the schema does not know', async () => {
      const payload = validPayload();
      const response = await submit({ ...payload, trackingId: 'abc' }, payload.submissionId);

      expect(response.status).to.equal(201);
      expect((await stored())[0].payload).to.deep.equal(payload);
    });

    it('accepts a UTF-8 charset and a key written as a structured-field string', async () => {
      const payload = validPayload();
      const response = await post(JSON.stringify(payload), {
        'Content-Type': 'application/json; charset=UTF-8',
        'Idempotency-Key': `"${payload.submissionId}"`,
      });

      expect(response.status).to.equal(201);
      expect(await stored()).to.have.length(1);
    });
  });

  describe('Idempotency', () => {
    it('answers a repeated key with 200 and the same reference, storing one copy', async () => {
      const payload = validPayload();
      const first = await submit(payload, payload.submissionId);
      const again = await submit(payload, payload.submissionId);

      expect(first.status).to.equal(201);
      expect(again.status).to.equal(200);
      expect(await again.json()).to.deep.equal(await first.json());
      expect(await stored()).to.have.length(1);
    });

    it('stores concurrent duplicates exactly once: the others wait (409) or get the first', async () => {
      const payload = validPayload();
      // As many as Chromium keeps connections per host, so they overlap on the server.
      const responses = await Promise.all(
        Array.from({ length: 6 }, () => submit(payload, payload.submissionId)),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 201)).to.have.length(1);
      expect(statuses.every((status) => [200, 201, 409].includes(status))).to.equal(true);
      const first = responses.find((response) => response.status === 201)!;
      const { reference } = (await first.json()) as { reference: string };
      for (const response of responses.filter((response) => response.status === 409)) {
        expect(Number(response.headers.get('Retry-After'))).to.be.greaterThan(0);
        expect(((await response.json()) as Problem).code).to.equal('request-in-flight');
      }
      // Asked again once the first is stored, every one of them gets its reference.
      const again = await submit(payload, payload.submissionId);
      expect(again.status).to.equal(200);
      expect(await again.json()).to.deep.equal({ reference });
      const records = await stored();
      expect(records).to.have.length(1);
      expect(records[0].reference).to.equal(reference);
    });

    it('refuses a stored key with other answers (422 idempotency-key-reused), storing nothing', async () => {
      const payload = validPayload();
      const first = await submit(payload, payload.submissionId);
      const { reference } = (await first.json()) as { reference: string };
      const changed = { ...payload, motive: `${payload.motive} And what about physiotherapy?` };
      const response = await submit(changed, payload.submissionId);

      expect(response.status).to.equal(422);
      expect(response.headers.get('Content-Type')).to.contain('application/problem+json');
      const problem = (await response.json()) as Problem;
      expect(problem).to.include({ code: 'idempotency-key-reused', reference, status: 422 });
      expect(problem.errors).to.equal(undefined);
      expect(JSON.stringify(problem)).not.to.contain('physiotherapy');
      const records = await stored();
      expect(records).to.have.length(1);
      expect(records[0].payload).to.deep.equal(payload);
      // The same answers again, in another key order and as FHIR, are still the same request.
      const reordered = Object.fromEntries(Object.entries(payload).reverse());
      expect((await submit(reordered, payload.submissionId)).status).to.equal(200);
      const asFhir = await post(
        JSON.stringify(
          toQuestionnaireResponse(payload, { texts: questionnaireTextsFor(payload.locale) }),
        ),
        {
          'Content-Type': 'application/fhir+json',
          'Idempotency-Key': payload.submissionId,
        },
      );
      expect(asFhir.status).to.equal(200);
      expect(await asFhir.json()).to.deep.equal({ reference });
    });

    it('requires an Idempotency-Key (400)', async () => {
      const response = await post(JSON.stringify(validPayload()), {
        'Content-Type': 'application/json',
      });

      await expectProblem(response, 400);
      expect(await stored()).to.have.length(0);
    });

    it('refuses a key that is not the submissionId (422 on submissionId)', async () => {
      const payload = validPayload();
      const response = await submit(payload, crypto.randomUUID());

      const problem = await expectProblem(response, 422);
      expect(problem.errors).to.deep.equal([{ path: 'submissionId', code: 'invalid' }]);
      expect(await stored()).to.have.length(0);
    });
  });

  describe('Rejecting a request', () => {
    it('answers invalid fields with 422 and each dotted path with its issue code', async () => {
      const payload = validPayload();
      const invalid = {
        ...payload,
        patient: { ...payload.patient, email: 'not-an-email', dateOfBirth: '2999-01-01' },
        reasons: { selected: [] },
        documents: [{ type: 'imaging', status: 'attached', translationNeeded: false }],
        consent: { healthDataProcessing: false },
      };
      const response = await submit(invalid, payload.submissionId);

      const problem = await expectProblem(response, 422);
      expect(problem.errors).to.have.deep.members([
        { path: 'patient.email', code: 'invalid-email' },
        { path: 'patient.dateOfBirth', code: 'date-in-future' },
        { path: 'reasons.selected', code: 'required' },
        { path: 'documents.0.language', code: 'required' },
        { path: 'consent.healthDataProcessing', code: 'consent-required' },
      ]);
      expect(await stored()).to.have.length(0);
    });

    it('answers malformed JSON with 400', async () => {
      const payload = validPayload();
      const response = await post(JSON.stringify(payload).slice(0, -1), {
        'Content-Type': 'application/json',
        'Idempotency-Key': payload.submissionId,
      });

      await expectProblem(response, 400);
      expect(await stored()).to.have.length(0);
    });

    it('answers another content type with 415', async () => {
      const payload = validPayload();
      const response = await post(JSON.stringify(payload), {
        'Content-Type': 'text/plain',
        'Idempotency-Key': payload.submissionId,
      });

      await expectProblem(response, 415);
      expect(await stored()).to.have.length(0);
    });

    it('answers a body over 1 MiB with 413', async () => {
      const payload = { ...validPayload(), motive: 'x'.repeat(MIB) };
      await expectTooLarge(submit(payload, payload.submissionId));
      expect(await stored()).to.have.length(0);
    });

    it('answers other methods with 405 and the allowed ones', async () => {
      const response = await fetch(ENDPOINT, { method: 'PUT' });

      await expectProblem(response, 405);
      expect(response.headers.get('allow')).to.equal('POST, OPTIONS');
    });
  });

  describe('Files (multipart/form-data)', () => {
    async function describeFile(file: File, type: string): Promise<AttachedFile> {
      return { name: file.name, size: file.size, type, sha256: await sha256Of(file) };
    }

    /** A valid payload whose first two documents list these files. */
    async function withFiles(
      extract: [File, string][],
      imaging: [File, string][] = [],
    ): Promise<{ payload: SecondOpinionPayload; files: FilesByType }> {
      const payload = validPayload();
      payload.documents[0].files = await Promise.all(
        extract.map(([file, type]) => describeFile(file, type)),
      );
      payload.documents[1] = {
        type: 'imaging',
        status: imaging.length ? 'attached' : 'will-send-later',
        language: 'en',
        translationNeeded: false,
        ...(imaging.length
          ? { files: await Promise.all(imaging.map(([file, type]) => describeFile(file, type))) }
          : {}),
      };
      const files: FilesByType = { 'medical-record-extract': extract.map(([file]) => file) };
      if (imaging.length) files.imaging = imaging.map(([file]) => file);
      return { payload, files };
    }

    function send(body: RequestBody, key: string) {
      return post(body.data, {
        ...(body.contentType ? { 'Content-Type': body.contentType } : {}),
        'Idempotency-Key': key,
      });
    }

    /** A multipart body written by hand, for what buildRequestBody refuses to build. */
    function form(payload: unknown, parts: [string, Blob, string][]): FormData {
      const data = new FormData();
      data.append(
        'submission',
        new Blob([JSON.stringify(payload)], { type: 'application/json' }),
        'submission.json',
      );
      for (const [name, blob, filename] of parts) data.append(name, blob, filename);
      return data;
    }

    it('stores every file byte-identical beside the submission', async () => {
      const form100 = makeFile('pdf', 'Form 100 (ფორმა).pdf', { size: 3 * MIB + 17 });
      const photo = makeFile('jpeg', 'page 2.jpg', { size: 70_000 });
      const ct = makeFile('dicom', 'CT0001.dcm', { size: 1_500_000 });
      const cd = makeFile('zip', 'imaging-cd.zip', { size: 4096 });
      const { payload, files } = await withFiles(
        [
          [form100, 'application/pdf'],
          [photo, 'image/jpeg'],
        ],
        [
          [ct, 'application/dicom'],
          [cd, 'application/zip'],
        ],
      );

      const response = await send(buildRequestBody(payload, files), payload.submissionId);

      expect(response.status).to.equal(201);
      const { reference } = (await response.json()) as { reference: string };
      const [record, ...others] = await stored();
      expect(others).to.have.length(0);
      expect(record.reference).to.equal(reference);
      expect(record.payload).to.deep.equal(payload);
      const expected: StoredFile[] = [
        { type: 'medical-record-extract', index: 0, file: form100, contentType: 'application/pdf' },
        { type: 'medical-record-extract', index: 1, file: photo, contentType: 'image/jpeg' },
        { type: 'imaging', index: 0, file: ct, contentType: 'application/dicom' },
        { type: 'imaging', index: 1, file: cd, contentType: 'application/zip' },
      ].map(({ type, index, file, contentType }) => ({
        type: type as StoredFile['type'],
        index,
        name: file.name,
        size: file.size,
        contentType,
        sha256: '',
      }));
      const hashes = await Promise.all([form100, photo, ct, cd].map(sha256Of));
      expected.forEach((file, index) => (file.sha256 = hashes[index]!));
      expect(record.files).to.deep.equal(expected);
    });

    it('stores a retried submission and its files once, answering the same reference', async () => {
      const scan = makeFile('pdf', 'scan.pdf', { size: 200_000 });
      const { payload, files } = await withFiles([[scan, 'application/pdf']]);
      const body = () => buildRequestBody(payload, files);

      const responses = await Promise.all([
        send(body(), payload.submissionId),
        send(body(), payload.submissionId),
        send(body(), payload.submissionId),
      ]);
      const again = await send(body(), payload.submissionId);

      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 201)).to.have.length(1);
      expect(statuses.every((status) => [200, 201, 409].includes(status))).to.equal(true);
      expect(again.status).to.equal(200);
      const references = await Promise.all(
        [...responses, again]
          .filter((response) => response.status !== 409)
          .map(async (response) => ((await response.json()) as { reference: string }).reference),
      );
      expect(new Set(references).size).to.equal(1);
      const records = await stored();
      expect(records).to.have.length(1);
      expect(records[0].files.map((file) => file.sha256)).to.deep.equal([await sha256Of(scan)]);
    });

    it('accepts the submission part as a FHIR QuestionnaireResponse', async () => {
      const letter = makeFile('pdf', 'letter.pdf');
      const { payload, files } = await withFiles([[letter, 'application/pdf']]);
      const body = buildRequestBody(payload, files, {
        contentType: 'application/fhir+json',
        data: toQuestionnaireResponse(payload, { texts: questionnaireTextsFor(payload.locale) }),
      });

      const response = await send(body, payload.submissionId);

      expect(response.status).to.equal(201);
      const [record] = await stored();
      expect(record.payload.documents[0].files).to.deep.equal(payload.documents[0].files);
      expect(record.files.map((file) => file.name)).to.deep.equal(['letter.pdf']);
    });

    it('answers 422 when a file differs from its description, and stores nothing', async () => {
      const scan = makeFile('pdf', 'scan.pdf', { size: 200 });
      const other = makeFile('pdf', 'other.pdf', { size: 200 });
      const png = makeFile('png', 'photo.png');
      const { payload } = await withFiles([
        [scan, 'application/pdf'],
        [png, 'application/pdf'],
      ]);
      const shorter = new Blob([await scan.slice(0, scan.size - 1).arrayBuffer()]);
      const cases: [[string, Blob, string][], { path: string; code: string }[]][] = [
        [
          [
            ['file:medical-record-extract:0', other, 'scan.pdf'],
            ['file:medical-record-extract:1', png, 'photo.png'],
          ],
          [
            { path: 'documents.0.files.0.sha256', code: 'invalid' },
            { path: 'documents.0.files.1.type', code: 'invalid' },
          ],
        ],
        [
          [['file:medical-record-extract:0', shorter, 'scan.pdf']],
          [
            { path: 'documents.0.files.0.size', code: 'invalid' },
            { path: 'documents.0.files.1', code: 'required' },
          ],
        ],
        [
          [
            ['file:medical-record-extract:0', scan, 'scan.pdf'],
            ['file:medical-record-extract:1', png, 'photo.png'],
            ['file:blood-tests:0', other, 'other.pdf'],
            ['file:medications:0', other, 'other.pdf'],
          ],
          [
            { path: 'documents.0.files.1.type', code: 'invalid' },
            { path: 'documents.2.files', code: 'invalid' },
            { path: 'documents', code: 'invalid' },
          ],
        ],
      ];
      for (const [parts, errors] of cases) {
        const response = await post(form(payload, parts), {
          'Idempotency-Key': payload.submissionId,
        });
        const problem = await expectProblem(response, 422);
        expect(problem.errors).to.have.deep.members(errors);
      }
      expect(await stored()).to.have.length(0);
    });

    it('answers 422 for files listed in a JSON body, which cannot carry them', async () => {
      const { payload } = await withFiles([[makeFile('pdf', 'scan.pdf'), 'application/pdf']]);
      const response = await submit(payload, payload.submissionId);

      const problem = await expectProblem(response, 422);
      expect(problem.errors).to.deep.equal([{ path: 'documents.0.files.0', code: 'required' }]);
      expect(await stored()).to.have.length(0);
    });

    it('answers 415 for a file whose content is of no accepted kind', async () => {
      const text = makeFile('text', 'notes.pdf');
      const { payload } = await withFiles([[text, 'application/pdf']]);
      const response = await post(
        form(payload, [['file:medical-record-extract:0', text, 'notes.pdf']]),
        { 'Idempotency-Key': payload.submissionId },
      );

      const problem = await expectProblem(response, 415);
      expect(problem.detail).to.contain('file:medical-record-extract:0');
      expect(await stored()).to.have.length(0);
    });

    it('answers 400 for a part it does not know, or no submission part', async () => {
      const { payload } = await withFiles([]);
      const stray = form(payload, [['attachment', makeFile('pdf', 'a.pdf'), 'a.pdf']]);
      const noSubmission = new FormData();
      noSubmission.append('file:imaging:0', makeFile('pdf', 'a.pdf'), 'a.pdf');

      for (const body of [stray, noSubmission]) {
        await expectProblem(await post(body, { 'Idempotency-Key': payload.submissionId }), 400);
      }
      expect(await stored()).to.have.length(0);
    });

    it('answers 413 naming the limit for more than 20 files', async () => {
      const extract = Array.from(
        { length: 21 },
        (_, index) => [makeFile('pdf', `page-${index}.pdf`), 'application/pdf'] as [File, string],
      );
      const { payload, files } = await withFiles(extract);

      const response = await send(buildRequestBody(payload, files), payload.submissionId);

      const problem = await expectProblem(response, 413);
      expect([problem.limit, problem.maximum]).to.deep.equal(['max-files', 20]);
      expect(problem.detail).to.contain('20 files');
      expect(await stored()).to.have.length(0);
    });

    it('answers 413 naming the limit for a file over 25 MiB', async () => {
      const big = makeFile('dicom', 'whole-body.dcm', { size: 25 * MIB + 1 });
      const { payload, files } = await withFiles([], [[big, 'application/dicom']]);

      const problem = await expectTooLarge(
        send(buildRequestBody(payload, files), payload.submissionId),
      );
      if (problem) {
        expect([problem.limit, problem.maximum]).to.deep.equal(['max-file-size', 25 * MIB]);
        expect(problem.detail).to.contain('file:imaging:0');
      }
      expect(await stored()).to.have.length(0);
    });

    it('answers 413, readable by the browser, for a request over the total of 100 MiB', async () => {
      const part = makeFile('zip', 'cd-part.zip', { size: 21 * MIB });
      const parts = Array.from({ length: 5 }, (_, index): [File, string] => [
        new File([part], `cd-part-${index}.zip`),
        'application/zip',
      ]);
      const { payload } = await withFiles([], parts);
      // Same bytes five times: fine here, as the limit answers before anything is compared.
      const body = buildRequestBody(payload, { imaging: parts.map(([file]) => file) });

      const problem = await expectTooLarge(send(body, payload.submissionId));
      if (problem) {
        expect([problem.limit, problem.maximum]).to.deep.equal(['max-total-size', 100 * MIB]);
      }
      expect(await stored()).to.have.length(0);
    });
  });

  describe('Stored requests', () => {
    it('cannot be listed or deleted without staff authentication', async () => {
      const payload = validPayload();
      await submit(payload, payload.submissionId);

      for (const method of ['GET', 'DELETE']) {
        const response = await fetch(`${ENDPOINT}/submissions`, { method });
        await expectProblem(response, 404);
      }
      expect(await stored()).to.have.length(1);
    });
  });

  describe('CORS', () => {
    it('answers a preflight from an allowed origin', async () => {
      // Same origin, so the answer's headers are readable; the page's origin is on the list.
      const response = await fetch(CORS_ENDPOINT, { method: 'OPTIONS' });

      expect(response.status).to.equal(204);
      expect(response.headers.get('access-control-allow-origin')).to.equal(location.origin);
      expect(response.headers.get('vary')).to.equal('Origin');
      expect(response.headers.get('access-control-allow-methods')).to.equal('POST');
      expect(response.headers.get('access-control-allow-headers')).to.equal(
        'Content-Type, Idempotency-Key',
      );
      expect(Number(response.headers.get('access-control-max-age'))).to.be.greaterThan(0);
    });

    it('adds no CORS headers for an origin that is not allowed', async () => {
      const payload = validPayload();
      const response = await submit(payload, payload.submissionId);
      const preflight = await fetch(ENDPOINT, { method: 'OPTIONS' });

      expect(response.status).to.equal(201);
      expect(response.headers.get('access-control-allow-origin')).to.equal(null);
      expect(preflight.headers.get('access-control-allow-origin')).to.equal(null);
      expect(preflight.headers.get('access-control-allow-methods')).to.equal(null);
    });

    it('lets an allowed origin post from another site', async () => {
      const payload = validPayload();
      const response = await submit(
        payload,
        payload.submissionId,
        `${otherOrigin()}${CORS_ENDPOINT}`,
      );

      expect(response.status).to.equal(201);
      expect(((await response.json()) as { reference: string }).reference).to.match(REFERENCE);
      expect(await stored()).to.have.length(1);
    });

    it('blocks a post from an origin that is not allowed before anything is stored', async () => {
      const payload = validPayload();
      const error = await errorOf(
        submit(payload, payload.submissionId, `${otherOrigin()}${ENDPOINT}`),
      );

      expect(error).to.be.instanceOf(TypeError);
      expect(await stored()).to.have.length(0);
    });
  });
});

describe('Test API', () => {
  it('answers respond/<status> with the given type and body, and records the request', async () => {
    const response = await fetch(
      `/test-api/respond/503?type=${encodeURIComponent('text/plain')}&body=${encodeURIComponent('busy, try again')}`,
      {
        method: 'POST',
        headers: { 'X-Probe': 'one', 'Content-Type': 'text/plain' },
        body: 'hello',
      },
    );

    expect(response.status).to.equal(503);
    expect(response.headers.get('content-type')).to.equal('text/plain');
    expect(await response.text()).to.equal('busy, try again');
    const requests = await recorded();
    expect(requests).to.have.length(1);
    expect(requests[0]).to.include({
      method: 'POST',
      path: '/test-api/respond/503',
      body: 'hello',
    });
    expect(requests[0].headers).to.include({ 'x-probe': 'one', 'content-type': 'text/plain' });
  });

  it('answers respond/<status> with an empty JSON body by default', async () => {
    const response = await fetch('/test-api/respond/200');

    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('application/json');
    expect(await response.text()).to.equal('');
  });

  it('adds headers and waits when asked', async () => {
    const started = performance.now();
    const response = await fetch(
      `/test-api/respond/429?delay=150&header=${encodeURIComponent('Retry-After: 2')}`,
    );

    expect(response.status).to.equal(429);
    expect(response.headers.get('retry-after')).to.equal('2');
    expect(performance.now() - started).to.be.at.least(140);
  });

  it('never answers hang, until the client aborts', async () => {
    const controller = new AbortController();
    const pending = fetch('/test-api/hang', {
      method: 'POST',
      body: '{}',
      signal: controller.signal,
    });
    const settled = pending.then(
      () => 'answered',
      () => 'failed',
    );

    expect(await Promise.race([settled, aTimeout(300).then(() => 'pending')])).to.equal('pending');
    controller.abort();
    const error = await errorOf(pending);
    expect((error as Error).name).to.equal('AbortError');
    expect((await recorded()).map((request) => request.path)).to.deep.equal(['/test-api/hang']);
  });

  it('drops the connection on reset without answering', async () => {
    const error = await errorOf(fetch('/test-api/reset', { method: 'POST', body: 'x' }));

    expect(error).to.be.instanceOf(TypeError);
    // Chromium resends a request whose reused keep-alive connection fails before any answer,
    // once per idle pooled connection (at most 6 per host), then once on a fresh one.
    const requests = await recorded();
    expect(requests.length).to.be.within(1, 7);
    expect(requests.every((request) => request.path === '/test-api/reset')).to.equal(true);
  });

  it('records every test route, unknown ones too, but not the log itself', async () => {
    expect((await fetch('/test-api/no-such-route')).status).to.equal(404);
    await recorded();

    const requests = await recorded();
    expect(requests.map((request) => `${request.method} ${request.path}`)).to.deep.equal([
      'GET /test-api/no-such-route',
    ]);
    expect((await fetch(TEST_API_LOG, { method: 'DELETE' })).status).to.equal(204);
    expect(await recorded()).to.have.length(0);
  });
});
