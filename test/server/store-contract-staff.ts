/**
 * The staff side of the store contract: list, get, status changes, delete, retention and audit.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  StatusConflictError,
  type AuditEntry,
  type IntakeStore,
  type StatusChange,
} from '../../src/server/store/types.js';
import { minutesAfterStart, storeRequest, testFile } from './store-fixtures.js';
import { useHarness, type MakeHarness } from './store-harness.js';

/** Stores `count` requests received a minute apart; returns their references, oldest first. */
async function storeSeries(store: IntakeStore, count: number): Promise<string[]> {
  const references: string[] = [];
  for (let minute = 0; minute < count; minute++) {
    const request = await storeRequest(store, crypto.randomUUID(), [], minutesAfterStart(minute));
    references.push(request.reference);
  }
  return references;
}

function change(status: StatusChange['status'], minute: number, note?: string): StatusChange {
  return {
    status,
    at: minutesAfterStart(minute),
    actor: 'dr-kapanadze',
    ...(note ? { note } : {}),
  };
}

export function describeStaffContract(makeHarness: MakeHarness): void {
  describe('staff side', () => {
    const harness = useHarness(makeHarness);

    it('lists newest first, filters by status and reference, pages with limit and before', async () => {
      const { store } = harness.current();
      const references = await storeSeries(store, 5);
      const newestFirst = [...references].reverse();
      await store.setStatus(references[1], change('in-review', 10));
      await store.setStatus(references[3], change('in-review', 11));

      const all = await store.list({});
      assert.deepEqual(
        all.map((summary) => summary.reference),
        newestFirst,
      );
      assert.deepEqual(all[0], {
        reference: references[4],
        receivedAt: minutesAfterStart(4),
        status: 'new',
        statusChangedAt: minutesAfterStart(4),
        fileCount: 0,
      });

      const inReview = await store.list({ status: 'in-review' });
      assert.deepEqual(
        inReview.map((summary) => [summary.reference, summary.status, summary.statusChangedAt]),
        [
          [references[3], 'in-review', minutesAfterStart(11)],
          [references[1], 'in-review', minutesAfterStart(10)],
        ],
      );
      assert.deepEqual(await store.list({ status: 'closed' }), []);

      const byReference = await store.list({ reference: references[2].toLowerCase() });
      assert.deepEqual(
        byReference.map((summary) => summary.reference),
        [references[2]],
      );
      assert.deepEqual(await store.list({ reference: 'SO-2222-2222' }), []);

      const firstPage = await store.list({ limit: 2 });
      assert.deepEqual(
        firstPage.map((summary) => summary.reference),
        newestFirst.slice(0, 2),
      );
      const secondPage = await store.list({ limit: 2, before: firstPage[1].receivedAt });
      assert.deepEqual(
        secondPage.map((summary) => summary.reference),
        newestFirst.slice(2, 4),
      );
      const inReviewBefore = await store.list({
        status: 'in-review',
        before: minutesAfterStart(3),
      });
      assert.deepEqual(
        inReviewBefore.map((summary) => summary.reference),
        [references[1]],
      );
    });

    it('lists 50 by default', async () => {
      const { store } = harness.current();
      await storeSeries(store, 51);
      assert.equal((await store.list({})).length, 50);
      assert.equal((await store.list({ limit: 200 })).length, 51);
    });

    it('gets a stored request as committed, new and without history', async () => {
      const { store } = harness.current();
      const files = [testFile('imaging', 0, 10), testFile('other', 0, 20)];
      const request = await storeRequest(store, crypto.randomUUID(), files);
      const stored = await store.get(request.reference);
      assert.deepEqual(stored, {
        ...request,
        status: 'new',
        statusChangedAt: request.receivedAt,
        history: [],
      });
      assert.equal((await store.list({}))[0].fileCount, 2);
      assert.equal(await store.get('SO-2222-2222'), undefined);
    });

    it('records status changes with who, when and the note, oldest first', async () => {
      const { store } = harness.current();
      const [reference] = await storeSeries(store, 1);
      const first = await store.setStatus(reference, change('in-review', 5, 'Ask for the MRI'));
      assert.equal(first?.status, 'in-review');
      assert.equal(first?.statusChangedAt, minutesAfterStart(5));
      const second = await store.setStatus(reference, change('answered', 9));
      assert.equal(second?.status, 'answered');
      assert.equal(second?.statusChangedAt, minutesAfterStart(9));
      const history = (await store.get(reference))?.history;
      assert.deepEqual(
        history?.map(({ status, at, actor, note }) => ({ status, at, actor, note })),
        [
          {
            status: 'in-review',
            at: minutesAfterStart(5),
            actor: 'dr-kapanadze',
            note: 'Ask for the MRI',
          },
          { status: 'answered', at: minutesAfterStart(9), actor: 'dr-kapanadze', note: undefined },
        ],
      );
      assert.equal(await store.setStatus('SO-2222-2222', change('closed', 9)), undefined);
    });

    it('changes a status only while it is the expected one, one winner among racing changes', async () => {
      const { store } = harness.current();
      const [reference] = await storeSeries(store, 1);
      const moved = await store.setStatus(reference, change('in-review', 1), 'new');
      assert.equal(moved?.status, 'in-review');
      await assert.rejects(
        store.setStatus(reference, change('in-review', 2), 'new'),
        (error) => error instanceof StatusConflictError && error.current === 'in-review',
      );
      // Two colleagues who both saw "in-review": one answers it, the other sends it back.
      const outcomes = await Promise.allSettled([
        store.setStatus(reference, change('answered', 3), 'in-review'),
        store.setStatus(reference, change('new', 3), 'in-review'),
      ]);
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const lost = outcomes.filter((outcome) => outcome.status === 'rejected');
      assert.equal(won.length, 1, 'exactly one change is written');
      assert.ok(lost[0]?.reason instanceof StatusConflictError);
      const stored = await store.get(reference);
      assert.equal(stored?.status, won[0]?.value?.status);
      assert.deepEqual(
        stored?.history.map(({ status }) => status),
        ['in-review', won[0]?.value?.status],
      );
      assert.equal(await store.setStatus('SO-2222-2222', change('closed', 9), 'new'), undefined);
    });

    it('deletes a request and its files but keeps its audit', async () => {
      const { store, orphans } = harness.current();
      const kept = await storeRequest(store, crypto.randomUUID(), [testFile('imaging', 0, 10)]);
      const gone = await storeRequest(store, crypto.randomUUID(), [
        testFile('imaging', 0, 300_000),
      ]);
      const entry: AuditEntry = {
        at: minutesAfterStart(1),
        actor: 'dr-kapanadze',
        action: 'read',
        reference: gone.reference,
      };
      await store.appendAudit(entry);

      assert.equal(await store.delete(gone.reference), true);
      assert.equal(await store.get(gone.reference), undefined);
      assert.equal(await store.openFile(gone.reference, 'imaging', 0), undefined);
      assert.deepEqual(
        (await store.list({})).map((summary) => summary.reference),
        [kept.reference],
      );
      assert.deepEqual(await store.auditFor(gone.reference), [entry]);
      assert.equal(await store.delete(gone.reference), false);
      assert.equal(await orphans(), 0);
      assert.ok(await store.openFile(kept.reference, 'imaging', 0));
    });

    it('names the closed requests whose status changed before a time', async () => {
      const { store } = harness.current();
      const [early, late, open] = await storeSeries(store, 3);
      await store.setStatus(early, change('closed', 10));
      await store.setStatus(late, change('closed', 30));
      await store.setStatus(open, change('in-review', 5));
      assert.deepEqual(await store.closedBefore(minutesAfterStart(20)), [early]);
      assert.deepEqual(
        (await store.closedBefore(minutesAfterStart(40))).sort(),
        [early, late].sort(),
      );
      assert.deepEqual(await store.closedBefore(minutesAfterStart(0)), []);
    });

    it('keeps audit entries per reference, oldest first', async () => {
      const { store } = harness.current();
      const entries: AuditEntry[] = [
        { at: minutesAfterStart(1), actor: 'a', action: 'read', reference: 'SO-AAAA-AAAA' },
        {
          at: minutesAfterStart(2),
          actor: 'token:inbox',
          action: 'download',
          reference: 'SO-AAAA-AAAA',
          detail: 'imaging:0',
        },
        {
          at: minutesAfterStart(3),
          actor: 'b',
          action: 'status',
          reference: 'SO-BBBB-BBBB',
          detail: 'closed',
        },
        { at: minutesAfterStart(4), actor: 'a', action: 'export', reference: 'SO-AAAA-AAAA' },
      ];
      for (const entry of entries) await store.appendAudit(entry);
      assert.deepEqual(await store.auditFor('SO-AAAA-AAAA'), [entries[0], entries[1], entries[3]]);
      assert.deepEqual(await store.auditFor('SO-BBBB-BBBB'), [entries[2]]);
      assert.deepEqual(await store.auditFor('SO-CCCC-CCCC'), []);
    });
  });
}
