/**
 * The PostgreSQL store for the HTTP contract tests (fixtures.mjs `testStores()`): a PostgreSQL
 * of its own per `create()` (test/server/postgres.ts), stopped by `cleanup()`.
 */
import pg from 'pg';
import { createPostgresStore } from '../../src/server/store/postgres.ts';
import { startPostgres } from './postgres.ts';

export function postgresStoreFactory() {
  return {
    name: 'postgresql',
    async create() {
      const server = await startPostgres({ fast: true });
      const connectionString = await server.createDatabase();
      const probe = new pg.Pool({ connectionString, max: 1 });
      return {
        store: createPostgresStore({ connectionString, maxConnections: server.maxConnections }),
        /** Files being received or left behind, and claims: none once every request is answered. */
        async leftovers() {
          const { rows } = await probe.query(
            `SELECT 'file' AS kind FROM intake_files WHERE reference IS NULL
             UNION ALL SELECT 'claim' FROM intake_claims`,
          );
          return rows.map((row) => row.kind);
        },
        reopen: () => createPostgresStore({ connectionString }),
        async cleanup() {
          await probe.end();
          await server.stop();
        },
      };
    },
  };
}
