/**
 * Real stores for the staff tests: the embedded store in a temp folder, and the PostgreSQL store
 * on a real PostgreSQL started once per test file (test/server/postgres.ts; PGlite where the
 * binaries are missing), a new database per test. And a request put into a store the way the
 * intake handler does: begin → files written → commit.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../../src/server/store/embedded.ts';
import { createPostgresStore } from '../../src/server/store/postgres.ts';
import { startPostgres } from './postgres.ts';

export const STORE_KINDS = ['embedded', 'postgresql'];

let postgres;

/** An opened store of `kind` on an empty backend; `cleanup()` closes it and removes the backend. */
export async function openTestStore(kind) {
  const folder = await mkdtemp(join(tmpdir(), 'staff-store-'));
  if (kind === 'embedded') {
    const store = createEmbeddedStore({ dataDir: join(folder, 'data') });
    await store.open();
    return {
      store,
      folder,
      async cleanup() {
        await store.close();
        await rm(folder, { recursive: true, force: true });
      },
    };
  }
  postgres ??= startPostgres({ fast: true }).then((server) => {
    console.log(`# staff tests on PostgreSQL: ${server.engine}`);
    return server;
  });
  const server = await postgres;
  const database = await server.createDatabase();
  const store = createPostgresStore({ connectionString: database });
  await store.open();
  return {
    store,
    folder,
    async cleanup() {
      await store.close();
      await server.dropDatabase(database);
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** Stops the PostgreSQL server if a test started one. */
export async function stopTestPostgres() {
  if (postgres) await (await postgres).stop();
  postgres = undefined;
}

/** Stores a fixture of ./staff-fixtures.mjs (with its `bytes`); answers the `StoredRequest`. */
export async function addRequest(store, { bytes, ...request }) {
  const fingerprint = createHash('sha256').update(JSON.stringify(request.payload)).digest('hex');
  const begun = await store.begin(request.submissionId, fingerprint, 60_000);
  if (begun.state !== 'claimed') throw new Error(`could not claim: ${begun.state}`);
  for (const file of request.files) {
    const sink = await begun.pending.addFile(file.type, file.index);
    await sink.write(bytes[`${file.type}:${file.index}`]);
    await sink.close();
  }
  return begun.pending.commit(request);
}
