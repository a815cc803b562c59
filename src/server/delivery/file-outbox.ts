import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreUnavailableError } from '../store/types.js';
import type { Delivery, DeliveryChannel, Outbox } from './types.js';
import { REFERENCE_PATTERN } from '../reference.js';

/**
 * The outbox of the embedded store: one small JSON file per channel and reference in a folder
 * (`<DATA_DIR>/outbox`), replaced atomically (write, then rename) on every change. One server
 * process uses it, as the embedded store itself; a 'sent' file stays as the proof that makes a
 * second `enqueue` a no-op.
 */
interface Record extends Delivery {
  state: 'pending' | 'sent' | 'given-up';
  /** ISO 8601: not due before (a retry's time, or a claim's lease). */
  dueAt: string;
}

export function createFileOutbox(directory: string): Outbox {
  const fileOf = (channel: DeliveryChannel, reference: string) => {
    // The reference becomes a file name: only the server's own format may.
    if (!REFERENCE_PATTERN.test(reference)) throw new RangeError('outbox: not a request reference');
    return join(directory, `${channel}-${reference}.json`);
  };
  let ready: Promise<unknown> | undefined;
  const prepared = () => (ready ??= mkdir(directory, { recursive: true }));

  async function unavailable<T>(work: () => Promise<T>): Promise<T> {
    try {
      await prepared();
      return await work();
    } catch (error) {
      if (error instanceof RangeError) throw error;
      throw new StoreUnavailableError('outbox: cannot read or write its folder', { cause: error });
    }
  }

  async function read(file: string): Promise<Record | undefined> {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as Record;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  let writes = 0;
  async function write(record: Record): Promise<void> {
    const file = fileOf(record.channel, record.reference);
    const temporary = `${file}.${process.pid}.${(writes += 1)}.tmp`;
    await writeFile(temporary, JSON.stringify(record));
    await rename(temporary, file);
  }

  async function update(
    channel: DeliveryChannel,
    reference: string,
    change: (record: Record) => Partial<Record>,
  ) {
    const record = await read(fileOf(channel, reference));
    if (record) await write({ ...record, ...change(record) });
  }

  return {
    enqueue: (channel, reference, receivedAt) =>
      unavailable(async () => {
        const record: Record = {
          channel,
          reference,
          receivedAt,
          attempts: 0,
          state: 'pending',
          dueAt: new Date(0).toISOString(),
        };
        try {
          // `wx`: only the first enqueue creates it; a repeated one finds it and leaves it.
          await writeFile(fileOf(channel, reference), JSON.stringify(record), { flag: 'wx' });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
      }),

    pending: (now, leaseMs) =>
      unavailable(async () => {
        const names = (await readdir(directory)).filter((name) => name.endsWith('.json'));
        const due: Record[] = [];
        for (const name of names) {
          const record = await read(join(directory, name));
          if (record?.state === 'pending' && Date.parse(record.dueAt) <= now.getTime()) {
            due.push(record);
          }
        }
        due.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
        const leaseEnd = new Date(now.getTime() + leaseMs).toISOString();
        for (const record of due) await write({ ...record, dueAt: leaseEnd });
        return due.map(({ channel, reference, receivedAt, attempts }) => ({
          channel,
          reference,
          receivedAt,
          attempts,
        }));
      }),

    markSent: (channel, reference) =>
      unavailable(() => update(channel, reference, () => ({ state: 'sent' }))),

    markFailed: (channel, reference, retryAt) =>
      unavailable(() =>
        update(channel, reference, (record) => ({
          attempts: record.attempts + 1,
          ...(retryAt ? { dueAt: retryAt.toISOString() } : { state: 'given-up' }),
        })),
      ),
  };
}
