/**
 * The store contract suite: every rule of `src/server/store/types.ts`, run against each store
 * (`describeStoreContract('embedded', …)`, `describeStoreContract('postgresql', …)`).
 *
 * A store's test file brings a harness: a fresh, empty backend per test (a data folder, a
 * database), a second store instance on it (another server process), a count of what partial
 * uploads left behind, and a way to take the backend away.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoreUnavailableError, type IntakeStore } from '../../src/server/store/types.js';
import {
  eventually,
  fingerprintOf,
  newRequest,
  readStream,
  sha256,
  storeRequest,
  testFile,
  writeFile,
  type TestFile,
} from './store-fixtures.js';
import { describeStaffContract } from './store-contract-staff.js';
import { useHarness, type MakeHarness } from './store-harness.js';

export type { MakeHarness, StoreHarness } from './store-harness.js';

const LONG_LEASE_MS = 60_000;
const SHORT_LEASE_MS = 1;

export function describeStoreContract(name: string, makeHarness: MakeHarness): void {
  describe(`store contract: ${name}`, () => {
    describeExactlyOnce(makeHarness);
    describeAllOrNothing(makeHarness);
    describeFiles(makeHarness);
    describeStaffContract(makeHarness);
    describeUnavailable(makeHarness);
  });
}

function describeExactlyOnce(makeHarness: MakeHarness): void {
  describe('exactly once', () => {
    const harness = useHarness(makeHarness);

    it('claims a new key, then answers stored with the first fingerprint and reference', async () => {
      const { store } = harness.current();
      const key = crypto.randomUUID();
      const request = await storeRequest(store, key);
      const again = await store.begin(key, fingerprintOf(key), LONG_LEASE_MS);
      assert.deepEqual(again, {
        state: 'stored',
        fingerprint: fingerprintOf(key),
        reference: request.reference,
      });
      const changed = await store.begin(key, fingerprintOf('other answers'), SHORT_LEASE_MS);
      assert.deepEqual(changed, {
        state: 'stored',
        fingerprint: fingerprintOf(key),
        reference: request.reference,
      });
    });

    it('answers in-flight while the key is being received, in this and another instance', async () => {
      const { store } = harness.current();
      const other = await harness.peer();
      const key = crypto.randomUUID();
      const first = await store.begin(key, fingerprintOf(key), LONG_LEASE_MS);
      assert.equal(first.state, 'claimed');
      assert.deepEqual(await store.begin(key, fingerprintOf(key), LONG_LEASE_MS), {
        state: 'in-flight',
      });
      assert.deepEqual(await other.begin(key, fingerprintOf(key), LONG_LEASE_MS), {
        state: 'in-flight',
      });
    });

    it('gives one claim to exactly one of many concurrent begins across instances', async () => {
      const { store } = harness.current();
      const other = await harness.peer();
      const key = crypto.randomUUID();
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 ? other : store).begin(key, fingerprintOf(key), LONG_LEASE_MS),
        ),
      );
      const states = results.map((result) => result.state);
      assert.equal(states.filter((state) => state === 'claimed').length, 1, states.join());
      assert.equal(states.filter((state) => state === 'in-flight').length, 11, states.join());
    });

    it('lets another instance take over a claim whose lease ran out; the old claim cannot commit', async () => {
      const { store, orphans } = harness.current();
      const other = await harness.peer();
      const key = crypto.randomUUID();
      const crashed = await store.begin(key, fingerprintOf(key), SHORT_LEASE_MS);
      assert.equal(crashed.state, 'claimed');
      await writeFile(crashed.pending, testFile('imaging', 0, 300_000));

      const takeover = await eventually(async () => {
        const result = await other.begin(key, fingerprintOf(key), SHORT_LEASE_MS);
        return result.state === 'claimed' ? result : undefined;
      });
      const file = testFile('imaging', 0, 200_000);
      await writeFile(takeover.pending, file);
      const request = newRequest(key, [file]);
      await takeover.pending.commit(request);

      await assert.rejects(crashed.pending.commit(newRequest(key, [])));
      const summaries = await store.list({});
      assert.deepEqual(
        summaries.map((summary) => summary.reference),
        [request.reference],
      );
      const stored = await store.openFile(request.reference, 'imaging', 0);
      assert.equal((await readStream(stored!.body)).sha256, sha256(file.bytes));
      // What the crashed claim wrote goes with the takeover, or at the latest at the next start.
      if ((await orphans()) > 0) await harness.another();
      assert.equal(await orphans(), 0, 'the crashed claim left partial files behind');
    });

    it('keeps a claim whose lease has not run out', async () => {
      const { store } = harness.current();
      const other = await harness.peer();
      const key = crypto.randomUUID();
      assert.equal((await store.begin(key, fingerprintOf(key), LONG_LEASE_MS)).state, 'claimed');
      assert.equal((await other.begin(key, fingerprintOf(key), LONG_LEASE_MS)).state, 'in-flight');
    });

    it('after a crash, a newly opened instance cleans up and the retry stores exactly once', async () => {
      const { store, orphans } = harness.current();
      const key = crypto.randomUUID();
      const crashed = await store.begin(key, fingerprintOf(key), SHORT_LEASE_MS);
      assert.equal(crashed.state, 'claimed');
      await writeFile(crashed.pending, testFile('blood-tests', 0, 400_000));
      // The crashed process never ends its claim; the next one starts once its lease ran out.
      const restarted = await eventually(async () => {
        const candidate = harness.current().another();
        await candidate.open();
        if ((await orphans()) === 0) return candidate;
        await candidate.close();
        return undefined;
      });
      try {
        const retry = await restarted.begin(key, fingerprintOf(key), LONG_LEASE_MS);
        assert.equal(retry.state, 'claimed');
        const file = testFile('blood-tests', 0, 1000);
        await writeFile(retry.pending, file);
        const request = newRequest(key, [file]);
        await retry.pending.commit(request);
        assert.equal((await restarted.list({})).length, 1);
        assert.equal((await restarted.get(request.reference))?.files[0].sha256, sha256(file.bytes));
        assert.equal(await orphans(), 0);
      } finally {
        await restarted.close();
      }
    });
  });
}

function describeAllOrNothing(makeHarness: MakeHarness): void {
  describe('all or nothing', () => {
    const harness = useHarness(makeHarness);

    it('shows nothing of a request before commit, and all of it after', async () => {
      const { store } = harness.current();
      const key = crypto.randomUUID();
      const begun = await store.begin(key, fingerprintOf(key), LONG_LEASE_MS);
      assert.equal(begun.state, 'claimed');
      const file = testFile('medications', 0, 50_000);
      await writeFile(begun.pending, file);
      const request = newRequest(key, [file]);

      assert.deepEqual(await store.list({}), []);
      assert.equal(await store.get(request.reference), undefined);
      assert.equal(await store.openFile(request.reference, 'medications', 0), undefined);

      const stored = await begun.pending.commit(request);
      assert.equal(stored.reference, request.reference);
      assert.equal((await store.list({})).length, 1);
      assert.ok(await store.get(request.reference));
      assert.ok(await store.openFile(request.reference, 'medications', 0));
    });

    it('abandon removes what arrived and frees the key', async () => {
      const { store, orphans } = harness.current();
      const key = crypto.randomUUID();
      const begun = await store.begin(key, fingerprintOf(key), LONG_LEASE_MS);
      assert.equal(begun.state, 'claimed');
      await writeFile(begun.pending, testFile('imaging', 0, 600_000));
      await begun.pending.abandon();
      await begun.pending.abandon();

      assert.equal(await orphans(), 0);
      assert.deepEqual(await store.list({}), []);
      const again = await store.begin(key, fingerprintOf(key), LONG_LEASE_MS);
      assert.equal(again.state, 'claimed');
    });

    it('a second commit for the key fails, and abandon after commit changes nothing', async () => {
      const { store } = harness.current();
      const key = crypto.randomUUID();
      const begun = await store.begin(key, fingerprintOf(key), LONG_LEASE_MS);
      assert.equal(begun.state, 'claimed');
      const request = newRequest(key);
      await begun.pending.commit(request);
      await assert.rejects(begun.pending.commit(newRequest(key)));
      await begun.pending.abandon();

      const summaries = await store.list({});
      assert.deepEqual(
        summaries.map((summary) => summary.reference),
        [request.reference],
      );
      assert.equal((await store.begin(key, fingerprintOf(key), SHORT_LEASE_MS)).state, 'stored');
    });
  });
}

function describeFiles(makeHarness: MakeHarness): void {
  describe('files', () => {
    const harness = useHarness(makeHarness);

    it('streams files back byte for byte, each under its type and index', async () => {
      const { store } = harness.current();
      const files = [
        testFile('imaging', 0, 3 * 1024 * 1024 + 17),
        testFile('imaging', 1, 0),
        testFile('other', 0, 256 * 1024),
        testFile('medical-record-extract', 0, 1),
      ];
      const request = await storeRequest(store, crypto.randomUUID(), files);
      for (const file of files) {
        const opened = await store.openFile(request.reference, file.type, file.index);
        assert.ok(opened, `${file.type}:${file.index}`);
        assert.deepEqual(
          opened.info,
          request.files.find((info) => info.type === file.type && info.index === file.index),
        );
        assert.deepEqual(await readStream(opened.body), {
          size: file.bytes.byteLength,
          sha256: sha256(file.bytes),
        });
      }
      assert.equal(await store.openFile(request.reference, 'imaging', 2), undefined);
      assert.equal(await store.openFile(request.reference, 'blood-tests', 0), undefined);
      assert.equal(await store.openFile('SO-2222-2222', 'imaging', 0), undefined);
    });

    it('keeps the files of concurrent requests apart', async () => {
      const { store } = harness.current();
      const files = Array.from({ length: 4 }, () => testFile('imaging', 0, 500_000));
      const requests = await Promise.all(
        files.map((file) => storeRequest(store, crypto.randomUUID(), [file])),
      );
      for (const [i, request] of requests.entries()) {
        const opened = await store.openFile(request.reference, 'imaging', 0);
        assert.equal((await readStream(opened!.body)).sha256, sha256(files[i].bytes));
      }
    });
  });
}

/** The error of a store whose backend is gone: StoreUnavailableError, no field value in it. */
function unavailable(error: unknown): true {
  assert.ok(error instanceof StoreUnavailableError, String(error));
  assert.doesNotMatch(error.message, /Beridze|example\.org/);
  return true;
}

/** Claims a key and uploads `file` in 64 KiB pieces; calls `progress` after each piece. */
async function slowUpload(store: IntakeStore, file: TestFile, progress: () => void): Promise<void> {
  const key = crypto.randomUUID();
  const begun = await store.begin(key, fingerprintOf(key), LONG_LEASE_MS);
  assert.equal(begun.state, 'claimed');
  const sink = await begun.pending.addFile(file.type, file.index);
  for (let offset = 0; offset < file.bytes.byteLength; offset += 64 * 1024) {
    await sink.write(file.bytes.slice(offset, offset + 64 * 1024));
    progress();
  }
  await sink.close();
  await begun.pending.commit(newRequest(key, [file]));
}

function describeUnavailable(makeHarness: MakeHarness): void {
  describe('backend gone', () => {
    const harness = useHarness(makeHarness);

    it('says unhealthy and throws StoreUnavailableError without field values', async () => {
      const { store, breakBackend } = harness.current();
      assert.equal(await store.healthy(), true);
      const key = crypto.randomUUID();
      const begun = await store.begin(key, fingerprintOf(key), LONG_LEASE_MS);
      assert.equal(begun.state, 'claimed');
      const request = newRequest(key);
      const file = testFile('imaging', 0, 1000);

      await breakBackend();

      assert.equal(await store.healthy(), false);
      // A store may claim a key in memory, but the request cannot be stored.
      await assert.rejects(storeRequest(store, crypto.randomUUID(), [file]), unavailable);
      await assert.rejects(begun.pending.commit(request), unavailable);
      await assert.rejects(
        store.appendAudit({ at: request.receivedAt, actor: 'x', action: 'read', reference: 'r' }),
        unavailable,
      );
    });

    it('fails the uploads under way with StoreUnavailableError, and nothing else breaks', async () => {
      const { store, breakBackend } = harness.current();
      let firstPiece!: () => void;
      const started = new Promise<void>((resolve) => (firstPiece = resolve));
      const uploads = Array.from({ length: 4 }, () =>
        slowUpload(store, testFile('imaging', 0, 8 * 1024 * 1024), firstPiece),
      );
      await started;
      await breakBackend();
      const outcomes = await Promise.allSettled(uploads);
      // An upload may have finished before the break; every other one fails as unavailable.
      const failures = outcomes.filter((outcome) => outcome.status === 'rejected');
      assert.ok(failures.length > 0, 'every upload finished before the backend went');
      for (const failure of failures) unavailable(failure.reason);
    });
  });
}
