/**
 * The server process on PostgreSQL (`DATABASE_URL`) with the new-request webhook: the outbox is
 * the store's own table, so the webhook goes out once for a request, is recorded as sent, and a
 * second server instance on the same database sends it no second time. PostgreSQL is started for
 * this file (PGlite where its binaries are missing).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { verifyWebhookSignature } from '../../src/server/notify/webhook.ts';
import { BASE_PATH, payloadWith, send } from './fixtures.mjs';
import { startPostgres } from './postgres.ts';
import { startReceiver } from './staff-receivers.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SECRET = 'whsec_bin-postgres-0123456789abcdef';

let postgres;
let databaseUrl;
let receiver;
const children = [];

/** Starts the server process; resolves with its URL once it listens. */
async function startServerProcess() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/bin.ts', '--port', '0'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      WEBHOOK_URL: receiver.url,
      WEBHOOK_SECRET: SECRET,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stderr.resume();
  const lines = createInterface({ input: child.stdout });
  const [first] = await once(lines, 'line');
  lines.on('line', () => undefined); // the request log
  return JSON.parse(first).listening;
}

async function stop(child) {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

async function deliveries() {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT channel, reference, state, attempts FROM intake_deliveries ORDER BY reference',
    );
    return rows;
  } finally {
    await client.end();
  }
}

before(async () => {
  postgres = await startPostgres({ fast: true });
  console.log(`# server process with the webhook on ${postgres.engine}`);
  databaseUrl = await postgres.createDatabase();
  receiver = await startReceiver();
});
after(async () => {
  try {
    await Promise.all(children.map(stop));
    await receiver?.close();
  } finally {
    await postgres?.stop();
  }
});

describe('Server process on PostgreSQL with the webhook', () => {
  it('announces a new request once, records it as sent, and a second instance sends nothing again', async () => {
    const url = await startServerProcess();
    const { status, body } = await send(`${url}${BASE_PATH}`, payloadWith());
    assert.equal(status, 201);
    await receiver.next(1);
    const [hook] = receiver.received;
    assert.ok(verifyWebhookSignature(SECRET, hook.body, hook.headers['second-opinion-signature']));
    assert.equal(JSON.parse(hook.body).reference, body.reference);

    // Marked sent once the receiver took it.
    const waitForSent = async () => {
      for (;;) {
        const rows = await deliveries();
        if (rows[0]?.state === 'sent') return rows;
        // Polled until the condition holds (no fixed wait decides the outcome).
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    assert.deepEqual(await waitForSent(), [
      { channel: 'webhook', reference: body.reference, state: 'sent', attempts: 0 },
    ]);

    // A restart, and a second instance on the same database: the outbox says it was sent.
    await stop(children[0]);
    const second = await startServerProcess();
    const again = await send(`${second}${BASE_PATH}`, payloadWith());
    assert.equal(again.status, 201);
    await receiver.next(2);
    assert.deepEqual(
      receiver.received.map((received) => JSON.parse(received.body).reference),
      [body.reference, again.body.reference],
    );
  });
});
