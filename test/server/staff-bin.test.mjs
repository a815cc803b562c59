/**
 * The staff side in the server process (`src/server/bin.ts`), configured by environment
 * variables only: a static token reads the staff API, the webhook announces a new request, and
 * a half-set part stops the process with the variable it misses.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { verifyWebhookSignature } from '../../src/server/notify/webhook.ts';
import { BASE_PATH, payloadWith, send } from './fixtures.mjs';
import { startReceiver } from './staff-receivers.mjs';
import { bearer, sha256, STATIC_TOKEN } from './staff-tokens.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SECRET = 'whsec_bin-test-0123456789abcdef0123';

function spawnServer(env) {
  return spawn(process.execPath, ['--import', 'tsx', 'src/server/bin.ts', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

let folder;
let receiver;
let child;
let url;
before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'staff-bin-'));
  receiver = await startReceiver();
  child = spawnServer({
    DATA_DIR: join(folder, 'data'),
    STAFF_TOKENS: `reception:${sha256(STATIC_TOKEN)}:read`,
    WEBHOOK_URL: receiver.url,
    WEBHOOK_SECRET: SECRET,
    RETENTION_CLOSED_DAYS: '30',
  });
  child.stderr.resume();
  const lines = createInterface({ input: child.stdout });
  const [first] = await once(lines, 'line');
  lines.on('line', () => undefined); // the request log
  url = JSON.parse(first).listening;
});
after(async () => {
  if (child && child.exitCode === null) {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }
  await receiver?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('Staff side of the server process', () => {
  it('serves staff with a static token and announces new requests', async () => {
    const { status, body } = await send(`${url}${BASE_PATH}`, payloadWith());
    assert.equal(status, 201);
    await receiver.next(1);
    const [hook] = receiver.received;
    assert.ok(verifyWebhookSignature(SECRET, hook.body, hook.headers['second-opinion-signature']));
    assert.equal(JSON.parse(hook.body).reference, body.reference);

    const staff = `${url}${BASE_PATH}/staff/requests`;
    assert.equal((await fetch(staff)).status, 401);
    const listed = await (await fetch(staff, { headers: bearer(STATIC_TOKEN) })).json();
    assert.deepEqual(
      listed.requests.map((row) => row.reference),
      [body.reference],
    );
  });

  it('stops with the missing variable named when a part is half set', async () => {
    const broken = spawnServer({
      DATA_DIR: join(folder, 'broken'),
      SMTP_URL: 'smtp://127.0.0.1:2525',
    });
    let stderr = '';
    broken.stderr.on('data', (chunk) => (stderr += chunk));
    broken.stdout.resume();
    const [code] = await once(broken, 'exit');
    assert.equal(code, 1);
    assert.match(stderr, /MAIL_FROM is needed with SMTP_URL/);
  });
});
