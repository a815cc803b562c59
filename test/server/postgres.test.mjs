/**
 * The store contract suite against the PostgreSQL store, on a real PostgreSQL started for this
 * file (PGlite where the PostgreSQL binaries are missing): a new database per test, reached
 * through a relay the "backend gone" test cuts. Then what only PostgreSQL has: instances
 * migrating together, and a database that is not there at start.
 *
 * Run: `node --import tsx --test test/server/postgres.test.mjs`.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createPostgresStore } from '../../src/server/store/postgres.ts';
import { StoreUnavailableError } from '../../src/server/store/types.ts';
import { cuttableRelay, freePort, startPostgres } from './postgres.ts';
import { describeStoreContract } from './store-contract.ts';

let server;

before(async () => {
  server = await startPostgres({ fast: true });
  console.log(`# PostgreSQL store contract on ${server.engine}`);
});
after(() => server?.stop());

/** Files written under no live claim and no stored request: what a crash or abandon left. */
async function countOrphans(connectionString) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM intake_files f
        WHERE f.reference IS NULL
          AND NOT EXISTS (SELECT 1 FROM intake_claims c
                           WHERE c.token = f.claim_token AND c.expires_at > now())`,
    );
    const chunks = await client.query(
      `SELECT count(*)::int AS n FROM intake_file_chunks c
        WHERE NOT EXISTS (SELECT 1 FROM intake_files f WHERE f.id = c.file_id)`,
    );
    return rows[0].n + chunks.rows[0].n;
  } finally {
    await client.end();
  }
}

describeStoreContract('postgresql', async () => {
  const database = await server.createDatabase();
  const relay = await cuttableRelay(database);
  const make = () =>
    createPostgresStore({
      connectionString: relay.connectionString,
      maxConnections: server.maxConnections,
    });
  return {
    store: make(),
    sharedByProcesses: true,
    another: make,
    orphans: () => countOrphans(database),
    breakBackend: () => relay.cut(),
    async cleanup() {
      await relay.cut();
      await server.dropDatabase(database);
    },
  };
});

describe('PostgreSQL store: starting', () => {
  it('migrates once when several instances start together', async () => {
    const database = await server.createDatabase();
    const stores = Array.from({ length: 4 }, () =>
      createPostgresStore({ connectionString: database, maxConnections: server.maxConnections }),
    );
    try {
      await Promise.all(stores.map((store) => store.open()));
      const client = new pg.Client({ connectionString: database });
      await client.connect();
      const { rows } = await client.query('SELECT name FROM intake_migrations ORDER BY name');
      await client.end();
      const files = readdirSync(new URL('../../src/server/store/migrations/', import.meta.url));
      assert.deepEqual(
        rows.map((row) => row.name),
        files.filter((name) => name.endsWith('.sql')).sort(),
      );
      assert.equal(await stores[3].healthy(), true);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
      await server.dropDatabase(database);
    }
  });

  it('answers StoreUnavailableError at start when the database cannot be reached', async () => {
    const port = await freePort();
    const store = createPostgresStore({
      connectionString: `postgres://postgres@127.0.0.1:${port}/none`,
    });
    try {
      await assert.rejects(store.open(), StoreUnavailableError);
      assert.equal(await store.healthy(), false);
    } finally {
      await store.close();
    }
  });
});
