/**
 * The harness a store's test file gives the contract suite, and the per-test set-up around it.
 */
import { afterEach, beforeEach } from 'node:test';
import type { IntakeStore } from '../../src/server/store/types.js';

export interface StoreHarness {
  /** A store on a fresh, empty backend; not opened yet (the suite calls `open()`). */
  store: IntakeStore;
  /** Another store instance on the same backend, as a second server process opens it. */
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
  return {
    current: () => harness!,
    another: async () => {
      const store = harness!.another();
      await store.open();
      opened.push(store);
      return store;
    },
  };
}
