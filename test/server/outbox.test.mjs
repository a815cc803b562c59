/**
 * One contract for both outboxes (src/server/delivery/types.ts): the folder outbox of the embedded
 * store and the table of the PostgreSQL store, on a real PostgreSQL started for this file. What
 * the webhook and the acknowledgement email rely on to be sent once per request: a repeated
 * enqueue is a no-op, a claimed delivery is not handed out again before its lease ends (not even
 * to a second instance), a failure is due again at its retry time, sent and given-up ones never
 * come back.
 *
 * Run: `node --import tsx --test test/server/outbox.test.mjs`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { createFileOutbox } from '../../src/server/delivery/file-outbox.ts';
import { createPostgresOutbox } from '../../src/server/delivery/postgres-outbox.ts';
import { createPostgresStore } from '../../src/server/store/postgres.ts';
import { startPostgres } from './postgres.ts';

const T0 = new Date('2026-12-01T10:00:00.000Z');
const at = (seconds) => new Date(T0.getTime() + seconds * 1000);
const LEASE = 60_000;

let postgres;
before(async () => {
  postgres = await startPostgres({ fast: true });
  console.log(`# PostgreSQL outbox on ${postgres.engine}`);
});
after(() => postgres?.stop());

const kinds = {
  folder: async () => {
    const folder = mkdtempSync(join(tmpdir(), 'second-opinion-outbox-'));
    const open = () => createFileOutbox(folder);
    return { open, cleanup: async () => rmSync(folder, { recursive: true, force: true }) };
  },
  postgresql: async () => {
    const connectionString = await postgres.createDatabase();
    // The store applies the migrations, the outbox's table among them.
    const store = createPostgresStore({
      connectionString,
      maxConnections: postgres.maxConnections,
    });
    await store.open();
    await store.close();
    const opened = [];
    const open = () => {
      const outbox = createPostgresOutbox({ connectionString });
      opened.push(outbox);
      return outbox;
    };
    return {
      open,
      cleanup: async () => {
        await Promise.all(opened.map((outbox) => outbox.close()));
        await postgres.dropDatabase(connectionString);
      },
    };
  },
};

for (const [kind, make] of Object.entries(kinds)) {
  describe(`Outbox contract (${kind})`, () => {
    let made;
    let outbox;
    beforeEach(async () => {
      made = await make();
      outbox = made.open();
    });
    afterEach(() => made.cleanup());

    const refs = (deliveries) => deliveries.map((d) => `${d.channel}:${d.reference}`);

    it('hands out each enqueued delivery once, oldest first; a repeated enqueue is a no-op', async () => {
      await outbox.enqueue('email', 'SO-BBBB-2222', at(2).toISOString());
      await outbox.enqueue('webhook', 'SO-AAAA-1111', at(1).toISOString());
      await outbox.enqueue('email', 'SO-BBBB-2222', at(2).toISOString());
      const due = await outbox.pending(at(10), LEASE);
      assert.deepEqual(refs(due), ['webhook:SO-AAAA-1111', 'email:SO-BBBB-2222']);
      assert.deepEqual(due[0], {
        channel: 'webhook',
        reference: 'SO-AAAA-1111',
        receivedAt: at(1).toISOString(),
        attempts: 0,
      });
      // Claimed for the lease: not again before it ends, not even to another instance.
      assert.deepEqual(await outbox.pending(at(20), LEASE), []);
      assert.deepEqual(await made.open().pending(at(20), LEASE), []);
      // A sender that died: its deliveries are due again once the lease has run out.
      assert.deepEqual(refs(await outbox.pending(at(10 + LEASE / 1000), LEASE)), refs(due));
    });

    it('a failure is due again at its retry time with one more attempt; sent and given up never return', async () => {
      for (const reference of ['SO-SENT-0001', 'SO-FAIL-0002', 'SO-GIVE-0003']) {
        await outbox.enqueue('webhook', reference, at(0).toISOString());
      }
      assert.equal((await outbox.pending(at(1), LEASE)).length, 3);
      await outbox.markSent('webhook', 'SO-SENT-0001');
      await outbox.markFailed('webhook', 'SO-FAIL-0002', at(30));
      await outbox.markFailed('webhook', 'SO-GIVE-0003');
      // Recorded again after it was sent (the patient's retry): still sent, nothing new.
      await outbox.enqueue('webhook', 'SO-SENT-0001', at(0).toISOString());

      assert.deepEqual(await outbox.pending(at(29), 1000), []);
      const retried = await outbox.pending(at(30), 1000);
      assert.deepEqual(refs(retried), ['webhook:SO-FAIL-0002']);
      assert.equal(retried[0].attempts, 1);
      assert.deepEqual(refs(await outbox.pending(at(3600 * 24 * 365), 1000)), [
        'webhook:SO-FAIL-0002',
      ]);
    });

    // The folder outbox serves one process, as the embedded store does; several instances
    // share PostgreSQL's.
    if (kind === 'postgresql') {
      it('two instances claiming at once share the due deliveries without overlap', async () => {
        const references = Array.from(
          { length: 30 },
          (_, i) => `SO-PARA-${String(i).padStart(4, '0')}`,
        );
        for (const reference of references) {
          await outbox.enqueue('email', reference, at(0).toISOString());
        }
        const other = made.open();
        const [a, b] = await Promise.all([
          outbox.pending(at(1), LEASE),
          other.pending(at(1), LEASE),
        ]);
        const handedOut = [...refs(a), ...refs(b)];
        assert.equal(new Set(handedOut).size, handedOut.length, 'a delivery went to both');
        assert.equal(handedOut.length, references.length);
      });
    }
  });
}
