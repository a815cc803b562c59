/**
 * Storage failures end in an answer, never a hang (attack 1 of issue #10: the old endpoint left
 * a request unanswered when storing failed after its body was read). Each test takes a fresh
 * backend away mid-request (the data folder replaced by a file; the database connection cut),
 * and, for the embedded store, fills a real disk (a small tmpfs; skipped where mounting is not
 * allowed).
 *
 * Run: `node --import tsx --test test/server/faults.test.mjs`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createEmbeddedStore } from '../../src/server/store/embedded.ts';
import { startServer } from '../../src/server/node.ts';
import {
  BASE_PATH,
  observed,
  payloadWith,
  pdf,
  rawUpload,
  send,
  statusOf,
  testStores,
} from './fixtures.mjs';

/** A 503 as the widget needs it: problem details, a code, and when to retry. */
function assertUnavailable(status, body, headers) {
  assert.equal(status, 503);
  assert.equal(body.code, 'store-unavailable');
  assert.match(headers.get('retry-after'), /^\d+$/);
  assert.equal(headers.get('cache-control'), 'no-store');
}

for (const factory of testStores()) {
  describe(`Storage failures (${factory.name} store)`, () => {
    after(() => factory.dispose());

    /** A server on a fresh backend; `run` gets it, everything is stopped afterwards. */
    async function withServer(run) {
      const env = await factory.create();
      const server = await startServer({ store: env.store, log: () => {}, shutdownGraceMs: 1000 });
      try {
        await run({ env, server, url: `${server.url}${BASE_PATH}` });
      } finally {
        await server.close().catch(() => undefined);
        await env.cleanup();
      }
    }

    it('answers 503 with Retry-After when storing fails after the body was read', () =>
      withServer(async ({ env, url }) => {
        await env.breakBackend();
        const { status, body, response } = await send(url, payloadWith());
        assertUnavailable(status, body, response.headers);
      }));

    it('answers 503 when the backend goes away in the middle of an upload, and the health check says so', () =>
      withServer(async ({ env, server, url }) => {
        const watch = observed(env.store);
        const files = [pdf('mid-upload', 200_000)];
        const { payload, body, client } = rawUpload(server.url, files, payloadWith(files), {
          Connection: 'close',
        });
        const claimed = watch.claimed(payload.submissionId);
        client.socket.write(body.subarray(0, 100_000));
        await claimed;
        await env.breakBackend();
        client.socket.write(body.subarray(100_000));
        const answer = await client.answer;
        assert.equal(statusOf(answer), 503, answer.slice(0, 200));
        assert.match(answer, /"code":"store-unavailable"/);
        assert.match(answer, /\r\nretry-after: \d+\r\n/i);
        const health = await fetch(`${url}/health`);
        assert.equal(health.status, 503);
      }));
  });
}

/** A small tmpfs, or undefined where this process may not mount one. */
function smallDisk(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'so-full-disk-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir]);
  if (mounted.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  return {
    dir,
    remove() {
      spawnSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('A full disk (embedded store)', () => {
  const disk = smallDisk(1024 * 1024);
  const skip = disk ? false : 'mounting a tmpfs is not allowed here';
  after(() => disk?.remove());

  it(
    'answers 503 while the disk is full, stores once there is room, and leaves no upload',
    { skip },
    async () => {
      const store = createEmbeddedStore({ dataDir: join(disk.dir, 'data') });
      const server = await startServer({ store, log: () => {} });
      const url = `${server.url}${BASE_PATH}`;
      try {
        // Fill what is left of the disk.
        const filler = join(disk.dir, 'filler');
        const chunk = Buffer.alloc(4096, 1);
        const parts = [];
        for (let i = 0; ; i += 1) {
          try {
            writeFileSync(`${filler}-${i}`, chunk);
            parts.push(`${filler}-${i}`);
          } catch (error) {
            assert.equal(error.code, 'ENOSPC');
            break;
          }
        }
        const payload = payloadWith();
        const full = await send(url, payload);
        assertUnavailable(full.status, full.body, full.response.headers);
        const files = [pdf('big', 300_000)];
        const withFile = payloadWith(files);
        const fullUpload = await send(url, withFile, files);
        assertUnavailable(fullUpload.status, fullUpload.body, fullUpload.response.headers);

        for (const part of parts) rmSync(part);
        assert.equal((await send(url, payload)).status, 201);
        assert.equal((await send(url, withFile, files)).status, 201);
        assert.deepEqual((await store.list({})).length, 2);
      } finally {
        await server.close();
      }
    },
  );
});
