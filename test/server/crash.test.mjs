/**
 * Crash safety: the server runs as its own process (`src/server/bin.ts`) and is killed with
 * SIGKILL at a random point of a 20 MB multipart upload — while the body arrives, while it is
 * stored, or just after. After a restart on the same data, the retry with the same key is
 * stored exactly once, its file byte-identical (SHA-256), nothing half-written is visible, and
 * nothing of the killed upload is left behind (attack 4: crashes left health data in temp
 * folders forever). Runs against every store.
 *
 * Run: `node --import tsx --test test/server/crash.test.mjs`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readdirSync } from 'node:fs';
import {
  BASE_PATH,
  embeddedStoreFactory,
  until,
  multipartBody,
  newBoundary,
  partsFor,
  payloadWith,
  pdf,
  rawHead,
  rawRequest,
  rawUpload,
  send,
  sha256,
  storedRequests,
  testStores,
} from './fixtures.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const FILE_BYTES = 20 * 1024 * 1024;
const WRITE_CHUNK = 256 * 1024;
/** Where to kill, as a share of the body sent: several random ones, and one after the end. */
const KILL_POINTS = [...Array.from({ length: 4 }, () => Math.random()), 1.0];

/** Starts the server process; resolves once it listens. */
async function startProcess(env) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/bin.ts', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const [first] = await once(lines, 'line');
  // The rest is the request log; read it so the pipe never fills.
  lines.on('line', () => undefined);
  return { child, url: JSON.parse(first).listening };
}

async function kill(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** Resolves when the socket takes more bytes, or is gone. */
function drained(socket) {
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done).off('close', done);
      resolve();
    };
    socket.on('drain', done).on('close', done);
  });
}

/** Writes `body` after `head`, and kills the server once `share` of the body is written. */
async function uploadUntilKilled(server, head, body, share) {
  const client = rawRequest(server.url, head);
  const killAt = Math.min(body.length, Math.floor(body.length * share));
  let sent = 0;
  while (sent < killAt && !client.socket.destroyed) {
    const end = Math.min(killAt, sent + WRITE_CHUNK);
    if (!client.socket.write(body.subarray(sent, end))) await drained(client.socket);
    sent = end;
  }
  await kill(server.child);
  client.socket.destroy();
  return client.answer;
}

/**
 * Sends as the widget does: a 409 (the killed claim's lease still running) is retried after
 * the server's Retry-After.
 */
async function retryAsTheWidget(url, payload, files) {
  for (;;) {
    const answer = await send(url, payload, files);
    if (answer.status !== 409) return answer;
    const seconds = Number(answer.response.headers.get('retry-after'));
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }
}

for (const factory of testStores()) {
  describe(`Crash safety (${factory.name} store, server killed with SIGKILL)`, () => {
    after(() => factory.dispose());

    it(`stores each retried upload exactly once after a kill at ${KILL_POINTS.map((p) => p.toFixed(2)).join(', ')} of the body`, async () => {
      const env = await factory.create();
      const processEnv = env.dataDir
        ? { DATA_DIR: env.dataDir, DATABASE_URL: '', LEASE_MS: '3000' }
        : { DATABASE_URL: env.connectionString, LEASE_MS: '3000' };
      let server = await startProcess(processEnv);
      try {
        for (const share of KILL_POINTS) {
          const files = [pdf(`crash-${share}`, FILE_BYTES)];
          const payload = payloadWith(files);
          const boundary = newBoundary();
          const body = multipartBody(partsFor(payload, files), boundary);
          const head = rawHead(BASE_PATH, {
            'Content-Type': `multipart/form-data; boundary=${boundary}`,
            'Content-Length': body.length,
            'Idempotency-Key': payload.submissionId,
          });
          await uploadUntilKilled(server, head, body, share);

          server = await startProcess(processEnv);
          const retry = await retryAsTheWidget(`${server.url}${BASE_PATH}`, payload, files);
          assert.ok([200, 201].includes(retry.status), `retry answered ${retry.status}`);

          const store = env.another();
          await store.open();
          try {
            const all = await storedRequests(store);
            const mine = all.filter((request) => request.submissionId === payload.submissionId);
            assert.equal(mine.length, 1, `kill at ${share}: stored ${mine.length} times`);
            assert.equal(mine[0].reference, retry.body.reference);
            assert.equal(mine[0].files[0].sha256, sha256(files[0]));
            for (const request of all) {
              // Nothing half-written: every stored file is whole, as its request listed it.
              const listed = request.payload.documents.flatMap((document) => document.files ?? []);
              assert.deepEqual(
                request.files.map((file) => [file.size, file.sha256]),
                listed.map((file) => [file.size, file.sha256]),
              );
            }
            assert.deepEqual(await env.leftovers(), [], `kill at ${share}: upload left behind`);
          } finally {
            await store.close();
          }
        }
      } finally {
        await kill(server.child);
        await env.cleanup();
      }
    });
  });
}

describe('Graceful shutdown (SIGTERM)', () => {
  it('lets the upload in flight finish and be stored, then exits 0', async () => {
    const env = await embeddedStoreFactory().create();
    const server = await startProcess({ DATA_DIR: env.dataDir, DATABASE_URL: '' });
    try {
      const files = [pdf('sigterm', 2 * 1024 * 1024)];
      const { body, client } = rawUpload(server.url, files);
      client.socket.write(body.subarray(0, 1024 * 1024));
      // The upload has begun once its claim is on disk.
      await until(() => readdirSync(`${env.dataDir}/claims`).length > 0, 'the claim');
      const exited = once(server.child, 'exit');
      server.child.kill('SIGTERM');
      client.socket.write(body.subarray(1024 * 1024));
      const answer = await client.answer;
      assert.match(answer, /^HTTP\/1\.1 201 /);
      assert.deepEqual(await exited, [0, null]);
      const store = env.another();
      await store.open();
      assert.equal((await store.list({})).length, 1);
      await store.close();
    } finally {
      await kill(server.child);
      await env.cleanup();
    }
  });
});
