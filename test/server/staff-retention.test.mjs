/**
 * Retention against a real store: only requests closed longer ago than the limit are deleted,
 * with their files; each deletion is audited as `system:retention` and the audit stays.
 */
import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { applyRetention, startRetention } from '../../src/server/retention.ts';
import { requestWithFiles } from './staff-fixtures.mjs';
import { addRequest, openTestStore, STORE_KINDS, stopTestPostgres } from './staff-store.mjs';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const daysAgo = (days) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

/** Moves a stored request step by step to `status`, the last step `days` ago. */
async function moveTo(store, reference, status, days) {
  const steps = ['in-review', 'answered', 'closed'];
  for (const step of steps.slice(0, steps.indexOf(status) + 1)) {
    await store.setStatus(reference, { status: step, at: daysAgo(days), actor: 'staff-1' });
  }
}

after(stopTestPostgres);

for (const kind of STORE_KINDS) {
  let store;
  let cleanup;
  describe(`Retention of closed requests (${kind} store)`, () => {
    beforeEach(async () => {
      ({ store, cleanup } = await openTestStore(kind));
      await addRequest(store, requestWithFiles('SO-OLD2-CL0S', daysAgo(90)));
      await addRequest(store, requestWithFiles('SO-NEW2-CL0S', daysAgo(90)));
      await addRequest(store, requestWithFiles('SO-OLD2-ANSW', daysAgo(90)));
      await addRequest(store, requestWithFiles('SO-OLD2-NEW2', daysAgo(90)));
      await moveTo(store, 'SO-OLD2-CL0S', 'closed', 31);
      await moveTo(store, 'SO-NEW2-CL0S', 'closed', 29);
      await moveTo(store, 'SO-OLD2-ANSW', 'answered', 60);
    });
    afterEach(() => cleanup());

    it('deletes only requests closed longer ago than the limit, with their files', async () => {
      assert.deepEqual(await applyRetention(store, 30, NOW), ['SO-OLD2-CL0S']);
      assert.equal(await store.get('SO-OLD2-CL0S'), undefined);
      assert.equal(await store.openFile('SO-OLD2-CL0S', 'medical-record-extract', 0), undefined);
      for (const kept of ['SO-NEW2-CL0S', 'SO-OLD2-ANSW', 'SO-OLD2-NEW2']) {
        assert.ok(await store.get(kept), `${kept} is kept`);
      }
      assert.deepEqual(await applyRetention(store, 30, NOW), [], 'nothing is due twice');
    });

    it('audits each deletion as system:retention and keeps the earlier audit entries', async () => {
      await store.appendAudit({
        at: daysAgo(40),
        actor: 'staff-1',
        action: 'read',
        reference: 'SO-OLD2-CL0S',
      });
      await applyRetention(store, 30, NOW);
      assert.deepEqual(await store.auditFor('SO-OLD2-CL0S'), [
        { at: daysAgo(40), actor: 'staff-1', action: 'read', reference: 'SO-OLD2-CL0S' },
        {
          at: NOW.toISOString(),
          actor: 'system:retention',
          action: 'delete',
          reference: 'SO-OLD2-CL0S',
          detail: 'retention:30d',
        },
      ]);
      assert.deepEqual(await store.auditFor('SO-NEW2-CL0S'), []);
    });

    it('runs at start as a periodic job, and refuses a limit that is not a number of days', async () => {
      const job = startRetention({ store, closedDays: 30, now: () => NOW });
      await job.stop();
      assert.equal(await store.get('SO-OLD2-CL0S'), undefined);
      assert.ok(await store.get('SO-NEW2-CL0S'));
      await assert.rejects(applyRetention(store, 0, NOW), RangeError);
    });
  });
}
