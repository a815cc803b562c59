/**
 * The staff side of the embedded store: listing, reading, status changes, deletion and the
 * audit log, over the folders of embedded.ts. Request summaries are cached per record file and
 * refreshed from disk on each call (a `stat` per request), so another process's commits show.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { discardFolder } from './embedded-claims.js';
import { FILE_MODE, guarded, isMissing, namesIn, replaceFile, writeAll } from './durable-files.js';
import {
  StatusConflictError,
  type AuditEntry,
  type IntakeStore,
  type ListQuery,
  type RequestStatus,
  type RequestSummary,
  type StatusChange,
  type StoredRequest,
} from './types.js';

/** What `record.json` holds: the request, and what idempotency compares. */
export interface RecordFile extends StoredRequest {
  idempotencyKey: string;
  fingerprint: string;
}

interface StaffContext {
  dirs: { requests: string; audit: string; trash: string };
  readRecord(folder: string): Promise<RecordFile | undefined>;
  assertOpen(): void;
  withoutKey(record: RecordFile): StoredRequest;
}

interface Cached {
  folder: string;
  modified: number;
  summary: RequestSummary;
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;
export const RECORD = 'record.json';
/** A stored file's name in its request's `files/` folder. */
export const storedFileName = (type: string, index: number) => `${type}-${index}`;

const summaryOf = (request: StoredRequest): RequestSummary => ({
  reference: request.reference,
  receivedAt: request.receivedAt,
  status: request.status,
  statusChangedAt: request.statusChangedAt,
  fileCount: request.files.length,
});

/** References are `SO-XXXX-XXXX`; anything else is hashed, so it can never become a path. */
function auditName(reference: string): string {
  const upper = reference.toUpperCase();
  return /^[A-Z0-9-]{1,40}$/.test(upper) ? upper : createHash('sha256').update(upper).digest('hex');
}

export function describeStaffSide(context: StaffContext) {
  const { dirs, readRecord, assertOpen, withoutKey } = context;
  const cache = new Map<string, Cached>();
  /** Changes to one record (or audit file) run one after the other, so none is lost. */
  const locks = new Map<string, Promise<unknown>>();

  function locked<T>(name: string, task: () => Promise<T>): Promise<T> {
    const run = (locks.get(name) ?? Promise.resolve()).then(task, task);
    const settled = run.catch(() => undefined);
    locks.set(name, settled);
    void settled.then(() => {
      if (locks.get(name) === settled) locks.delete(name);
    });
    return run;
  }

  /** Every stored request's summary, read again where its record changed. */
  async function summaries(): Promise<Cached[]> {
    const folders = new Set(await namesIn(dirs.requests));
    for (const folder of cache.keys()) if (!folders.has(folder)) cache.delete(folder);
    await Promise.all(
      [...folders].map(async (folder) => {
        let modified: number;
        try {
          modified = (await stat(join(dirs.requests, folder, RECORD))).mtimeMs;
        } catch (error) {
          if (!isMissing(error)) throw error;
          cache.delete(folder);
          return;
        }
        if (cache.get(folder)?.modified === modified) return;
        const record = await readRecord(folder);
        if (record) cache.set(folder, { folder, modified, summary: summaryOf(record) });
      }),
    );
    return [...cache.values()];
  }

  async function find(reference: string): Promise<Cached | undefined> {
    const wanted = reference.toUpperCase();
    return (await summaries()).find((entry) => entry.summary.reference.toUpperCase() === wanted);
  }

  const methods = {
    list: (query: ListQuery) =>
      guarded('listing', async () => {
        assertOpen();
        const limit = Math.min(Math.max(1, query.limit ?? DEFAULT_LIMIT), MAX_LIMIT);
        const reference = query.reference?.toUpperCase();
        return (await summaries())
          .map((entry) => entry.summary)
          .filter(
            (summary) =>
              (!query.status || summary.status === query.status) &&
              (!reference || summary.reference.toUpperCase() === reference) &&
              (!query.before || summary.receivedAt < query.before),
          )
          .sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0))
          .slice(0, limit);
      }),

    get: (reference: string) =>
      guarded('reading a request', async () => {
        assertOpen();
        const entry = await find(reference);
        const record = entry && (await readRecord(entry.folder));
        return record && withoutKey(record);
      }),

    openFile: (reference: string, type: string, index: number) =>
      guarded('opening a file', async () => {
        assertOpen();
        const entry = await find(reference);
        const record = entry && (await readRecord(entry.folder));
        const info = record?.files.find((file) => file.type === type && file.index === index);
        if (!entry || !info) return undefined;
        const handle = await open(
          join(dirs.requests, entry.folder, 'files', storedFileName(info.type, info.index)),
          'r',
        );
        const stream = createReadStream('', { fd: handle, autoClose: true });
        return { info, body: Readable.toWeb(stream) as ReadableStream<Uint8Array> };
      }),

    setStatus: (reference: string, change: StatusChange, expected?: RequestStatus) =>
      guarded('changing a status', async () => {
        assertOpen();
        const entry = await find(reference);
        if (!entry) return undefined;
        return locked(entry.folder, async () => {
          const record = await readRecord(entry.folder);
          if (!record) return undefined;
          if (expected !== undefined && record.status !== expected) {
            throw new StatusConflictError(record.status);
          }
          record.status = change.status;
          record.statusChangedAt = change.at;
          record.history.push(change);
          await replaceFile(join(dirs.requests, entry.folder), RECORD, JSON.stringify(record));
          // Two changes within the file system's time resolution leave the same mtime: the
          // cached summary would keep the older status. Read it again on the next listing.
          cache.delete(entry.folder);
          return withoutKey(record);
        });
      }),

    delete: (reference: string) =>
      guarded('deleting a request', async () => {
        assertOpen();
        const entry = await find(reference);
        if (!entry) return false;
        // Out of requests/ in one rename; the removal may then take its time (or a crash).
        return locked(entry.folder, () =>
          discardFolder(join(dirs.requests, entry.folder), dirs.trash),
        );
      }),

    closedBefore: (before: string) =>
      guarded('listing closed requests', async () => {
        assertOpen();
        return (await summaries())
          .map((entry) => entry.summary)
          .filter((summary) => summary.status === 'closed' && summary.statusChangedAt < before)
          .map((summary) => summary.reference);
      }),

    appendAudit: (entry: AuditEntry) =>
      guarded('writing the audit', async () => {
        assertOpen();
        const name = auditName(entry.reference);
        await locked(`audit:${name}`, async () => {
          const handle = await open(join(dirs.audit, `${name}.jsonl`), 'a', FILE_MODE);
          try {
            await writeAll(handle, Buffer.from(`${JSON.stringify(entry)}\n`));
            await handle.sync();
          } finally {
            await handle.close();
          }
        });
      }),

    auditFor: (reference: string) =>
      guarded('reading the audit', async () => {
        assertOpen();
        let text = '';
        try {
          text = await readFile(join(dirs.audit, `${auditName(reference)}.jsonl`), 'utf8');
        } catch (error) {
          if (!isMissing(error)) throw error;
        }
        // A crash in the middle of an append leaves at most one partial last line: skipped.
        return text.split('\n').flatMap((line) => {
          try {
            return line ? [JSON.parse(line) as AuditEntry] : [];
          } catch {
            return [];
          }
        });
      }),
  } satisfies Omit<IntakeStore, 'kind' | 'open' | 'close' | 'healthy' | 'begin'>;

  return {
    methods,
    /** Resolves once every change under way has been written. */
    settle: () => Promise.all(locks.values()),
  };
}
