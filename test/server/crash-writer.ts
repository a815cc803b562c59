/**
 * A server process storing one upload into the PostgreSQL store, for the crash test to kill.
 * It reports each step on stdout (one line each), so the test can `kill -9` it at a chosen one:
 * `open`, `claimed` (or `stored`), `wrote <bytes>` per piece, `closed`, `committing`, `committed`.
 *
 * Usage: node --import tsx test/server/crash-writer.ts <connection string> <key> <file>
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createPostgresStore } from '../../src/server/store/postgres.js';
import { fingerprintOf, newRequest } from './store-fixtures.js';

/** Short, so the next process may take over soon after a kill; each chunk written renews it. */
const LEASE_MS = 300;
/** How long to wait before asking again for a key whose crashed claim has not expired yet. */
const RETRY_MS = 25;

const [connectionString, key, path] = process.argv.slice(2);
const report = (line: string) => process.stdout.write(`${line}\n`);

const store = createPostgresStore({ connectionString, maxConnections: 2 });
await store.open();
report('open');

let begun = await store.begin(key, fingerprintOf(key), LEASE_MS);
while (begun.state === 'in-flight') {
  await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  begun = await store.begin(key, fingerprintOf(key), LEASE_MS);
}
if (begun.state === 'stored') {
  report(`stored ${begun.reference}`);
} else {
  report('claimed');
  const sink = await begun.pending.addFile('imaging', 0);
  const hash = createHash('sha256');
  let written = 0;
  for await (const piece of createReadStream(path, { highWaterMark: 64 * 1024 })) {
    await sink.write(piece as Buffer);
    hash.update(piece as Buffer);
    written += (piece as Buffer).byteLength;
    report(`wrote ${written}`);
  }
  await sink.close();
  report('closed');
  const request = newRequest(key);
  request.files = [
    {
      type: 'imaging',
      index: 0,
      name: 'scan.dcm',
      size: written,
      contentType: 'application/dicom',
      sha256: hash.digest('hex'),
    },
  ];
  report('committing');
  await begun.pending.commit(request);
  report(`committed ${request.reference}`);
}
await store.close();
