/**
 * The inbox's staff API client (src/inbox/staff-client.ts) outside a browser, against the real
 * receiving server (embedded store in a temporary folder, staff API with static tokens): it
 * needs no DOM, and it reads what the server answers, errors included.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createStaffClient,
  dispositionFileName,
  StaffApiError,
  statusMoves,
} from '../../src/inbox/staff-client.ts';
import { startServer } from '../../src/server/node.ts';
import { createStaffHandler } from '../../src/server/staff/handler.ts';
import { createEmbeddedStore } from '../../src/server/store/embedded.ts';
import { BASE_PATH, payloadWith, pdf, send, sha256 } from '../server/fixtures.mjs';
import { STATIC_READ_ONLY, staticTokens } from '../server/staff-tokens.mjs';

/** A coordinator's static token: may read, change and delete. */
const STATIC_TOKEN = 'st_coordinator-00112233445566778899aabbccddeeff';
const tokens = [
  ...staticTokens(),
  { name: 'coordinator', sha256: sha256(STATIC_TOKEN), permissions: ['write', 'delete'] },
];

let dataDir;
let server;
let endpoint;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'second-opinion-staff-client-'));
  const store = createEmbeddedStore({ dataDir });
  server = await startServer({
    store,
    staff: createStaffHandler({ store, auth: { staticTokens: tokens } }),
    log: () => {},
  });
  endpoint = `${server.url}${BASE_PATH}`;
});

after(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const client = (token = STATIC_TOKEN) => createStaffClient({ endpoint, getToken: () => token });

async function refusal(promise) {
  const error = await promise.then(
    () => assert.fail('expected a refusal'),
    (caught) => caught,
  );
  assert.ok(error instanceof StaffApiError, String(error));
  return error;
}

describe('staff client', () => {
  it('lists, reads, downloads, moves, exports, audits and deletes a stored request', async () => {
    const bytes = pdf('staff-client', 5000);
    const sent = await send(endpoint, payloadWith([bytes]), [bytes]);
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    const { reference } = sent.body;
    const staff = client();

    const page = await staff.list({ reference: reference.toLowerCase() });
    assert.deepEqual(
      page.requests.map((row) => [row.reference, row.status, row.fileCount]),
      [[reference, 'new', 1]],
    );

    const request = await staff.get(reference);
    assert.equal(request.payload.motive, 'Do I need the operation?');

    const file = await staff.file(reference, 'medical-record-extract', 0, 'fallback.bin');
    assert.equal(file.fileName, 'record-0.pdf');
    assert.equal(sha256(Buffer.from(await file.blob.arrayBuffer())), sha256(bytes));

    const moved = await staff.setStatus(
      reference,
      { from: 'new', to: 'in-review' },
      '  Asked the radiologist  ',
    );
    assert.equal(moved.status, 'in-review');
    assert.deepEqual(
      moved.history.map((change) => [change.status, change.actor, change.note]),
      [['in-review', 'token:coordinator', 'Asked the radiologist']],
    );

    const bundle = JSON.parse(await (await staff.fhirBundle(reference)).blob.text());
    assert.equal(bundle.resourceType, 'Bundle');

    await staff.remove(reference);
    const gone = await refusal(staff.get(reference));
    assert.deepEqual([gone.reason, gone.status, gone.code], ['http', 404, 'not-found']);

    const actions = (await staff.audit(reference)).map((entry) => entry.action);
    assert.deepEqual(actions, ['read', 'download', 'status', 'export', 'delete']);
  });

  it('says why a call was refused, with the server’s code and no field value', async () => {
    const unknown = await refusal(client('st_nobody').list());
    assert.deepEqual([unknown.status, unknown.code], [401, 'unknown-token']);

    const sent = await send(endpoint, payloadWith());
    const readOnly = await refusal(
      client(STATIC_READ_ONLY).setStatus(sent.body.reference, { from: 'new', to: 'in-review' }),
    );
    assert.deepEqual([readOnly.status, readOnly.code], [403, 'insufficient-permission']);

    const jump = await refusal(
      client().setStatus(sent.body.reference, { from: 'new', to: 'closed' }),
    );
    assert.deepEqual([jump.status, jump.code], [409, 'invalid-transition']);
    assert.ok(!jump.message.includes('Anna'), 'no field value in the message');
  });

  it('asks getToken on every call, and sends nothing without a token', async () => {
    let calls = 0;
    const counted = createStaffClient({
      endpoint,
      getToken: async () => {
        calls += 1;
        return STATIC_TOKEN;
      },
    });
    await counted.list();
    await counted.list();
    assert.equal(calls, 2);

    const failing = createStaffClient({
      endpoint,
      getToken: () => {
        throw new Error('signed out');
      },
    });
    const error = await refusal(failing.list());
    assert.equal(error.reason, 'token');
  });

  it('offers one step on or one step back', () => {
    assert.deepEqual(statusMoves('new'), ['in-review']);
    assert.deepEqual(statusMoves('in-review'), ['answered', 'new']);
    assert.deepEqual(statusMoves('closed'), ['answered']);
  });

  it('reads the file name of Content-Disposition', () => {
    assert.equal(
      dispositionFileName(
        `attachment; filename*=UTF-8''%E1%83%A4%E1%83%9D%E1%83%A0%E1%83%9B%E1%83%90.pdf`,
      ),
      'ფორმა.pdf',
    );
    assert.equal(dispositionFileName('attachment; filename="a \\"b\\".pdf"'), 'a "b".pdf');
    assert.equal(dispositionFileName('attachment'), undefined);
    assert.equal(dispositionFileName(null), undefined);
  });
});
