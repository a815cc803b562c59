/**
 * The staff side in the running server, over real HTTP: a patient's request posted to the
 * receiving handler (with a file) is announced once by the signed webhook and the acknowledgement
 * email, and staff read, download and export it through `{basePath}/staff/…` with a JWT from the
 * identity provider; without one, the server answers 401 and says why.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createFileOutbox } from '../../src/server/delivery/file-outbox.ts';
import { createEmailSender } from '../../src/server/notify/email.ts';
import { createNotifier } from '../../src/server/notify/notifier.ts';
import { createWebhookSender, verifyWebhookSignature } from '../../src/server/notify/webhook.ts';
import { startServer } from '../../src/server/node.ts';
import { createStaffHandler } from '../../src/server/staff/handler.ts';
import { BASE_PATH, payloadWith, pdf, send } from './fixtures.mjs';
import { startReceiver, startSmtp } from './staff-receivers.mjs';
import { openTestStore } from './staff-store.mjs';
import { authOptions, bearer, ROLES, startIdentityProvider } from './staff-tokens.mjs';

const SECRET = 'whsec_server-test-0123456789abcdef';

let provider;
let receiver;
let smtp;
let opened;
let notifier;
let email;
let server;
before(async () => {
  provider = await startIdentityProvider();
  receiver = await startReceiver();
  smtp = await startSmtp();
  opened = await openTestStore('embedded');
  email = createEmailSender({
    smtp: { host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true },
    from: 'Clinic <second-opinion@clinic.example>',
    clinic: { name: 'Example Clinic', contact: '+995 32 200 00 00' },
    store: opened.store,
  });
  notifier = createNotifier({
    outbox: createFileOutbox(join(opened.folder, 'outbox')),
    senders: {
      webhook: createWebhookSender({ url: receiver.url, secret: SECRET }),
      email: email.send,
    },
  });
  server = await startServer({
    store: opened.store,
    staff: createStaffHandler({ store: opened.store, auth: authOptions(provider) }),
    onNewRequest: notifier.notifyNewRequest,
    log: () => {},
  });
});
after(async () => {
  await server?.close();
  await notifier?.stop();
  email?.close();
  await Promise.all([provider?.close(), receiver?.close(), smtp?.close()]);
  await opened?.cleanup();
});

describe('Staff side of the running server', () => {
  it('announces a new request once, then lets staff read, download and export it', async () => {
    const file = pdf('scan', 4096);
    const payload = payloadWith([file]);
    const first = await send(`${server.url}${BASE_PATH}`, payload, [file]);
    assert.equal(first.status, 201);
    const { reference } = first.body;
    const replay = await send(`${server.url}${BASE_PATH}`, payload, [file]);
    assert.equal(replay.body.reference, reference);

    await receiver.next(1);
    await smtp.next(1);
    await notifier.idle();
    assert.equal(receiver.received.length, 1, 'the replay announced nothing');
    assert.equal(smtp.messages.length, 1);
    const [hook] = receiver.received;
    assert.ok(verifyWebhookSignature(SECRET, hook.body, hook.headers['second-opinion-signature']));
    assert.equal(JSON.parse(hook.body).reference, reference);
    assert.ok(smtp.messages[0].parsed.text.includes(reference));
    assert.ok(!smtp.messages[0].raw.includes(payload.motive));

    const staff = `${server.url}${BASE_PATH}/staff`;
    const refused = await fetch(`${staff}/requests/${reference}`);
    assert.equal(refused.status, 401);
    assert.equal(
      refused.headers.get('www-authenticate'),
      'Bearer error="invalid_token", error_description="missing-token"',
    );

    const token = await provider.token({ roles: [ROLES.read], sub: 'doctor-7' });
    const list = await (await fetch(`${staff}/requests`, { headers: bearer(token) })).json();
    assert.deepEqual(
      list.requests.map((row) => row.reference),
      [reference],
    );
    const stored = await (
      await fetch(`${staff}/requests/${reference}`, { headers: bearer(token) })
    ).json();
    assert.equal(stored.payload.motive, payload.motive);

    const bundle = await (
      await fetch(`${staff}/requests/${reference}/fhir`, { headers: bearer(token) })
    ).json();
    const url = bundle.entry[1].resource.content[0].attachment.url;
    assert.equal(url, `${staff}/requests/${reference}/files/medical-record-extract/0`);
    const download = await fetch(url, { headers: bearer(token) });
    assert.equal(download.status, 200);
    assert.match(download.headers.get('content-disposition'), /^attachment; /);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), file);

    const audit = await (
      await fetch(`${staff}/requests/${reference}/audit`, { headers: bearer(token) })
    ).json();
    assert.deepEqual(
      audit.entries.map(({ actor, action }) => `${actor} ${action}`),
      ['doctor-7 read', 'doctor-7 export', 'doctor-7 download'],
    );
  });
});
