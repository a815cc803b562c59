/**
 * The store contract suite against the PostgreSQL store, on a real PostgreSQL started for this
 * file (PGlite where the PostgreSQL binaries are missing): a new database per test, reached
 * through a relay the "backend gone" test cuts.
 *
 * Run: `node --import tsx --test test/server/postgres.test.mjs`.
 */
import { after, before } from 'node:test';
import pg from 'pg';
import { createPostgresStore } from '../../src/server/store/postgres.ts';
import { cuttableRelay, startPostgres } from './postgres.ts';
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
  const make = () => createPostgresStore({ connectionString: relay.connectionString });
  return {
    store: make(),
    another: make,
    orphans: () => countOrphans(database),
    breakBackend: () => relay.cut(),
    async cleanup() {
      await relay.cut();
      await server.dropDatabase(database);
    },
  };
});
