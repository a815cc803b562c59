/**
 * The store contract suite against the embedded store: a fresh data folder per test, a second
 * instance on the same folder as a second process would open it; "backend gone" replaces the
 * data folder with a file.
 *
 * Run: `node --import tsx --test test/server/embedded.test.mjs`.
 */
import { join } from 'node:path';
import { claimExpired } from '../../src/server/store/embedded-claims.ts';
import { layoutOf } from '../../src/server/store/embedded.ts';
import { embeddedStoreFactory, namesIn } from './fixtures.mjs';
import { describeStoreContract } from './store-contract.ts';

/** Uploads that belong to no live claim, and removals never finished. */
export async function embeddedOrphans(dataDir) {
  const dirs = layoutOf(dataDir);
  let count = namesIn(dirs.trash).length;
  for (const name of namesIn(dirs.claims)) {
    if (await claimExpired(join(dirs.claims, name))) count += 1;
  }
  return count;
}

describeStoreContract('embedded', async () => {
  const { store, dataDir, another, breakBackend, cleanup } = await embeddedStoreFactory().create();
  return {
    store,
    // Claims are on disk: several processes on one data folder stay exactly-once.
    sharedByProcesses: true,
    another,
    orphans: () => embeddedOrphans(dataDir),
    breakBackend,
    cleanup,
  };
});
