/**
 * The store contract suite against the embedded store: a new data folder per test. The store
 * belongs to one process (claims live in memory), so the tests of concurrent instances run on
 * one instance; "backend gone" replaces the data folder with a file.
 *
 * Run: `node --import tsx --test test/server/embedded.test.mjs`.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../../src/server/store/embedded.ts';
import { describeStoreContract } from './store-contract.ts';

/** Uploads being received or left by a crash, and deletions under way. */
function countOrphans(dataDir) {
  return ['uploads', 'trash']
    .map((folder) => join(dataDir, folder))
    .filter((folder) => existsSync(folder))
    .reduce((count, folder) => count + readdirSync(folder).length, 0);
}

describeStoreContract('embedded', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'second-opinion-embedded-'));
  const make = () => createEmbeddedStore({ dataDir });
  return {
    store: make(),
    sharedByProcesses: false,
    another: make,
    orphans: async () => countOrphans(dataDir),
    async breakBackend() {
      rmSync(dataDir, { recursive: true, force: true });
      writeFileSync(dataDir, 'not a folder');
    },
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
