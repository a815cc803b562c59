#!/usr/bin/env node
/**
 * `second-opinion-intake-server`: the receiving server as a process. Settings come from
 * environment variables or flags (`--help`); the first line on stdout is
 * `{"listening":"http://…"}` once it accepts requests. SIGTERM/SIGINT stop it gracefully.
 */
import { join, resolve } from 'node:path';
import { readSettings, usage, type CliSettings } from './config.js';
import { createFileOutbox } from './delivery/file-outbox.js';
import type { Outbox } from './delivery/types.js';
import { createStaffServices } from './staff/services.js';
import { readStaffSettings } from './staff/settings.js';
import { createEmbeddedStore } from './store/embedded.js';
import type { IntakeStore } from './store/types.js';
import { startServer } from './node.js';

/** The PostgreSQL store (and `pg`) is loaded only when asked for. */
async function postgresStore(databaseUrl: string): Promise<IntakeStore> {
  const { createPostgresStore } = await import('./store/postgres.js');
  return createPostgresStore({ connectionString: databaseUrl });
}

/** The store's own outbox: a folder beside the embedded store, a table in PostgreSQL. */
async function outboxFor(settings: CliSettings): Promise<Outbox> {
  if (!settings.databaseUrl) return createFileOutbox(join(resolve(settings.dataDir), 'outbox'));
  const { createPostgresOutbox } = await import('./delivery/postgres-outbox.js');
  return createPostgresOutbox({ connectionString: settings.databaseUrl });
}

async function storeFor(settings: CliSettings): Promise<IntakeStore> {
  return settings.databaseUrl
    ? postgresStore(settings.databaseUrl)
    : createEmbeddedStore({ dataDir: resolve(settings.dataDir) });
}

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2), process.env);
  if (!settings) {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  // The staff side (docs/staff-api.md): checked before anything starts, so a half-set part stops it.
  const staffSettings = readStaffSettings(process.env);
  const store = await storeFor(settings);
  const services = createStaffServices(staffSettings, store, await outboxFor(settings));
  const running = await startServer({
    ...settings,
    store,
    handleSignals: true,
    ...(services.staff ? { staff: services.staff } : {}),
    ...(services.onNewRequest ? { onNewRequest: services.onNewRequest } : {}),
    frame: { ancestors: settings.frameAncestors },
  });
  services.start();
  process.stdout.write(`${JSON.stringify({ listening: running.url, store: store.kind })}\n`);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`second-opinion-intake-server: ${message}\n`);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`${usage()}\n`);
  }
  process.exitCode = 1;
});
