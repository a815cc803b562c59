/**
 * The harness a store's test file gives the contract suite, and the per-test set-up around it.
 */
import { afterEach, beforeEach } from 'node:test';
import type { IntakeStore } from '../../src/server/store/types.js';

export interface StoreHarness {
  /** A store on a fresh, empty backend; not opened yet (the suite calls `open()`). */
  store: IntakeStore;
  /**
   * True when several server processes may use the backend at once (PostgreSQL). A store one
   * process owns (embedded: claims live in memory) says false, and the tests of concurrent
   * instances run their steps on one instance instead.
   */
  sharedByProcesses: boolean;
  /** Another store instance on the same backend, as the next (or a second) server process opens it. */
  another(): IntakeStore;
  /**
   * Partial uploads in the backend that belong to no stored request and to no live claim
   * (temporary files, chunk rows): 0 whenever the store has cleaned up.
   */
  orphans(): Promise<number>;
  /** Takes the backend away from every store instance (database down, data folder gone). */
  breakBackend(): Promise<void>;
  /** Closes what the harness opened and removes the backend. */
  cleanup(): Promise<void>;
}

export type MakeHarness = () => Promise<StoreHarness>;

/** A harness per test, its store opened; every store instance made through it closed after. */
export function useHarness(makeHarness: MakeHarness): {
  current(): StoreHarness;
  another(): Promise<IntakeStore>;
  /** A second instance where the store is shared by processes; else the same one. */
  peer(): Promise<IntakeStore>;
} {
  let harness: StoreHarness | undefined;
  let opened: IntakeStore[] = [];
  beforeEach(async () => {
    harness = await makeHarness();
    await harness.store.open();
    opened = [harness.store];
  });
  afterEach(async () => {
    // A store whose backend a test took away may fail to close; the backend goes anyway.
    for (const store of opened) await store.close().catch(() => undefined);
    await harness?.cleanup();
  });
  const another = async () => {
    const store = harness!.another();
    await store.open();
    opened.push(store);
    return store;
  };
  return {
    current: () => harness!,
    another,
    peer: async () => (harness!.sharedByProcesses ? another() : harness!.store),
  };
}
