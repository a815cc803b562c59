/**
 * The new-request webhook through the file outbox: signed (checked with the documented scheme),
 * reference and time only, retried with backoff after a receiver failed twice, sent once per
 * request also when notified twice or after a restart, and given up after the last attempt.
 * A real HTTP receiver on a free port.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { createFileOutbox } from '../../src/server/delivery/file-outbox.ts';
import { createNotifier } from '../../src/server/notify/notifier.ts';
import {
  createWebhookSender,
  SIGNATURE_HEADER,
  verifyWebhookSignature,
  webhookSignature,
} from '../../src/server/notify/webhook.ts';

const SECRET = 'whsec_0123456789abcdef0123456789abcdef';
const RECEIVED_AT = '2026-03-14T09:30:00.000Z';

/** A receiver that answers 500 to its first `failures` requests; `next(n)` waits for the n-th. */
async function startReceiver(failures = 0) {
  const received = [];
  const waiting = new Map();
  const server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    received.push({ headers: request.headers, body, at: Date.now() });
    response.writeHead(received.length <= failures ? 500 : 204).end();
    waiting.get(received.length)?.();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/hooks/second-opinion`,
    received,
    next: (count) =>
      received.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiting.set(count, resolve)),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

let folder;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'staff-webhook-'));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

const notifierFor = (url, retry = {}, onFailure = () => {}) =>
  createNotifier({
    outbox: createFileOutbox(join(folder, 'outbox')),
    senders: { webhook: createWebhookSender({ url, secret: SECRET }) },
    retry: { firstDelayMs: 20, ...retry },
    // A restarted process finds retries that fall due later by polling.
    pollMs: 10,
    onFailure,
  });

describe('New-request webhook', () => {
  const receivers = [];
  after(() => Promise.all(receivers.map((receiver) => receiver.close())));

  it('is signed with the documented scheme and carries the reference and time only', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const notifier = notifierFor(receiver.url);
    await notifier.notifyNewRequest('SO-ABCD-2345', RECEIVED_AT);
    await receiver.next(1);
    await notifier.idle();

    const [{ headers, body }] = receiver.received;
    assert.deepEqual(JSON.parse(body), {
      type: 'second-opinion.request.received',
      reference: 'SO-ABCD-2345',
      receivedAt: RECEIVED_AT,
    });
    assert.equal(headers['content-type'], 'application/json');
    const signature = headers[SIGNATURE_HEADER.toLowerCase()];
    assert.match(signature, /^t=\d+,v1=[0-9a-f]{64}$/);
    assert.equal(verifyWebhookSignature(SECRET, body, signature), true);
    // The documented check refuses a changed body, another secret and an old signature.
    assert.equal(verifyWebhookSignature(SECRET, body.replace('2345', '2346'), signature), false);
    assert.equal(verifyWebhookSignature(`${SECRET}x`, body, signature), false);
    const old = webhookSignature(SECRET, body, Math.floor(Date.now() / 1000) - 3600);
    assert.equal(verifyWebhookSignature(SECRET, body, old), false);
    await notifier.stop();
  });

  it('is retried with growing delays after the receiver failed twice, then sent once', async () => {
    const receiver = await startReceiver(2);
    receivers.push(receiver);
    const failures = [];
    const notifier = notifierFor(receiver.url, {}, (delivery, _error, gaveUp) =>
      failures.push({ attempts: delivery.attempts, gaveUp }),
    );
    await notifier.notifyNewRequest('SO-RETR-Y234', RECEIVED_AT);
    await receiver.next(3);
    await notifier.idle();
    assert.deepEqual(failures, [
      { attempts: 0, gaveUp: false },
      { attempts: 1, gaveUp: false },
    ]);
    const [first, second, third] = receiver.received.map((request) => request.at);
    assert.ok(second - first >= 20, 'waited the first delay');
    assert.ok(third - second >= 40, 'waited twice as long the second time');
    assert.ok(
      receiver.received.every(({ headers, body }) =>
        verifyWebhookSignature(SECRET, body, headers[SIGNATURE_HEADER.toLowerCase()]),
      ),
    );

    // Notified again (a handler retry) and restarted: nothing is sent a second time.
    await notifier.notifyNewRequest('SO-RETR-Y234', RECEIVED_AT);
    await notifier.idle();
    await notifier.stop();
    const restarted = notifierFor(receiver.url);
    restarted.start();
    await restarted.idle();
    await restarted.stop();
    assert.equal(receiver.received.length, 3);
  });

  it('survives a restart: what failed before is sent by the next process', async () => {
    const down = await startReceiver(1);
    receivers.push(down);
    let failed;
    const firstFailure = new Promise((resolve) => (failed = resolve));
    const first = notifierFor(down.url, { firstDelayMs: 10 }, failed);
    await first.notifyNewRequest('SO-REST-ART2', RECEIVED_AT);
    await firstFailure;
    await first.stop();
    assert.equal(down.received.length, 1);

    const second = notifierFor(down.url, { firstDelayMs: 10 });
    second.start();
    await down.next(2);
    await second.idle();
    await second.stop();
    assert.equal(down.received.length, 2);
    assert.equal(JSON.parse(down.received[1].body).reference, 'SO-REST-ART2');
  });

  it('gives up after the last attempt and keeps the outbox item as given up', async () => {
    const receiver = await startReceiver(Infinity);
    receivers.push(receiver);
    let gaveUp;
    const givenUp = new Promise((resolve) => (gaveUp = resolve));
    const notifier = notifierFor(receiver.url, { maxAttempts: 2 }, (_delivery, _error, last) => {
      if (last) gaveUp();
    });
    await notifier.notifyNewRequest('SO-GIVE-UP23', RECEIVED_AT);
    await givenUp;
    await notifier.idle();
    await notifier.stop();
    assert.equal(receiver.received.length, 2);
    assert.deepEqual(await readdir(join(folder, 'outbox')), ['webhook-SO-GIVE-UP23.json']);
    const outbox = createFileOutbox(join(folder, 'outbox'));
    assert.deepEqual(await outbox.pending(new Date(Date.now() + 86_400_000), 1000), []);
  });
});
