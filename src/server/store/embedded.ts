/**
 * The embedded store: plain files under one data folder, for a single server process with no
 * database to run. (Several instances behind a load balancer need the PostgreSQL store.)
 *
 * ```
 * <dataDir>/requests/<sha256 of key>/record.json   the stored request (+ key and fingerprint)
 * <dataDir>/requests/<sha256 of key>/files/<type>-<index>
 * <dataDir>/uploads/<random>/                      a request being received; removed by open()
 * <dataDir>/audit/<reference>.jsonl                append-only; kept after the request is deleted
 * <dataDir>/trash/<random>/                        a deletion in progress; removed by open()
 * ```
 *
 * All or nothing: a request is received into its own folder under `uploads/` (files flushed as
 * they close, then the record), and `commit()` renames that folder into `requests/`: one rename,
 * so a crash leaves either the whole request or an upload that `open()` removes. Folder names
 * come from the key's hash and the files' part names, never from a name the patient chose.
 * Claims on keys live in memory: one process owns the folder.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { DocumentType } from '../../schema/constants.js';
import {
  DIRECTORY_MODE,
  emptyFolder,
  FILE_MODE,
  guarded,
  isMissing,
  namesIn,
  replaceFile,
  syncDirectory,
  writeAll,
} from './durable-files.js';
import {
  StoreUnavailableError,
  type AuditEntry,
  type BeginResult,
  type FileSink,
  type IntakeStore,
  type ListQuery,
  type NewRequest,
  type PendingRequest,
  type RequestSummary,
  type StatusChange,
  type StoredRequest,
} from './types.js';

export interface EmbeddedStoreOptions {
  /** Created (mode 0700) when missing. */
  dataDir: string;
}

/** What `record.json` holds: the request, and what idempotency compares. */
interface RecordFile extends StoredRequest {
  idempotencyKey: string;
  fingerprint: string;
}

interface Indexed {
  key: string;
  folder: string;
  fingerprint: string;
  summary: RequestSummary;
}

interface Claim {
  fingerprint: string;
  since: number;
}

const RECORD = 'record.json';
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

const folderOf = (key: string) => createHash('sha256').update(key).digest('hex');
const storedFileName = (type: DocumentType, index: number) => `${type}-${index}`;
const summaryOf = (request: StoredRequest): RequestSummary => ({
  reference: request.reference,
  receivedAt: request.receivedAt,
  status: request.status,
  statusChangedAt: request.statusChangedAt,
  fileCount: request.files.length,
});

function withoutKey({ idempotencyKey: _key, fingerprint: _fp, ...request }: RecordFile) {
  return request satisfies StoredRequest;
}

export function createEmbeddedStore(options: EmbeddedStoreOptions): IntakeStore {
  const root = options.dataDir;
  const requestsDir = join(root, 'requests');
  const uploadsDir = join(root, 'uploads');
  const auditDir = join(root, 'audit');
  const trashDir = join(root, 'trash');
  const byKey = new Map<string, Indexed>();
  const byReference = new Map<string, Indexed>();
  const claims = new Map<string, Claim>();
  /** Status changes of one request run one after the other, so none is lost. */
  const recordLocks = new Map<string, Promise<unknown>>();
  let state: 'new' | 'open' | 'closed' = 'new';

  function assertOpen(): void {
    if (state !== 'open') throw new StoreUnavailableError(`embedded store is ${state}`);
  }

  function index(key: string, record: RecordFile): void {
    const entry = {
      key,
      folder: folderOf(key),
      fingerprint: record.fingerprint,
      summary: summaryOf(record),
    };
    byKey.set(key, entry);
    byReference.set(record.reference.toUpperCase(), entry);
  }

  async function readRecord(folder: string): Promise<RecordFile | undefined> {
    try {
      return JSON.parse(await readFile(join(requestsDir, folder, RECORD), 'utf8')) as RecordFile;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  function locked<T>(reference: string, task: () => Promise<T>): Promise<T> {
    const previous = recordLocks.get(reference) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.catch(() => undefined);
    recordLocks.set(reference, settled);
    void settled.then(() => {
      if (recordLocks.get(reference) === settled) recordLocks.delete(reference);
    });
    return run;
  }

  function pendingFor(key: string, claim: Claim): PendingRequest {
    const uploadDir = join(uploadsDir, randomBytes(12).toString('hex'));
    const handles = new Set<FileHandle>();
    let created: Promise<void> | undefined;
    let ended = false;
    const release = () => {
      if (claims.get(key) === claim) claims.delete(key);
    };
    const ensureFolder = () =>
      (created ??= mkdir(join(uploadDir, 'files'), { recursive: true, mode: DIRECTORY_MODE }).then(
        () => undefined,
      ));

    return {
      addFile: (type, index) =>
        guarded('adding a file', async (): Promise<FileSink> => {
          if (ended) throw new Error('the request has ended');
          await ensureFolder();
          const handle = await open(
            join(uploadDir, 'files', storedFileName(type, index)),
            'wx',
            FILE_MODE,
          );
          handles.add(handle);
          return {
            write: (bytes) => guarded('writing a file', () => writeAll(handle, bytes)),
            close: () =>
              guarded('closing a file', async () => {
                if (!handles.delete(handle)) return;
                try {
                  await handle.sync();
                } finally {
                  await handle.close();
                }
              }),
          };
        }),

      commit: (request: NewRequest) =>
        guarded('storing a request', async () => {
          if (ended) throw new Error('the request has ended');
          if (claims.get(key) !== claim || byKey.has(key)) {
            // Our lease ran out and another request with this key took over.
            throw new StoreUnavailableError('embedded store: the claim on this key was lost');
          }
          if (handles.size > 0) throw new Error('commit() before every file was closed');
          assertOpen();
          await ensureFolder();
          const record: RecordFile = {
            ...request,
            status: 'new',
            statusChangedAt: request.receivedAt,
            history: [],
            idempotencyKey: key,
            fingerprint: claim.fingerprint,
          };
          await replaceFile(uploadDir, RECORD, JSON.stringify(record));
          await syncDirectory(join(uploadDir, 'files'));
          // The commit point: the whole folder appears in requests/ at once.
          await rename(uploadDir, join(requestsDir, folderOf(key)));
          ended = true;
          index(key, record);
          release();
          await syncDirectory(requestsDir);
          return withoutKey(record);
        }),

      abandon: async () => {
        if (ended) return;
        ended = true;
        release();
        await Promise.all([...handles].map((handle) => handle.close().catch(() => undefined)));
        handles.clear();
        await guarded('removing an upload', () => rm(uploadDir, { recursive: true, force: true }));
      },
    };
  }

  return {
    kind: 'embedded',

    async open() {
      await guarded('opening', async () => {
        for (const dir of [root, requestsDir, uploadsDir, auditDir, trashDir]) {
          await mkdir(dir, { recursive: true, mode: DIRECTORY_MODE });
        }
        // What a crash left: uploads never committed, deletions never finished.
        await emptyFolder(uploadsDir);
        await emptyFolder(trashDir);
        byKey.clear();
        byReference.clear();
        for (const folder of await namesIn(requestsDir)) {
          const record = await readRecord(folder);
          if (record) index(record.idempotencyKey, record);
        }
      });
      state = 'open';
    },

    async close() {
      state = 'closed';
      await Promise.all(recordLocks.values());
    },

    async healthy() {
      if (state !== 'open') return false;
      try {
        const probe = join(uploadsDir, `.health-${randomBytes(6).toString('hex')}`);
        const handle = await open(probe, 'wx', FILE_MODE);
        await handle.close();
        await rm(probe);
        return true;
      } catch {
        return false;
      }
    },

    async begin(key, fingerprint, leaseMs): Promise<BeginResult> {
      assertOpen();
      const stored = byKey.get(key);
      if (stored) {
        return {
          state: 'stored',
          fingerprint: stored.fingerprint,
          reference: stored.summary.reference,
        };
      }
      const held = claims.get(key);
      if (held && Date.now() - held.since < leaseMs) return { state: 'in-flight' };
      const claim = { fingerprint, since: Date.now() };
      claims.set(key, claim);
      return { state: 'claimed', pending: pendingFor(key, claim) };
    },

    async list(query: ListQuery) {
      assertOpen();
      const limit = Math.min(Math.max(1, query.limit ?? DEFAULT_LIMIT), MAX_LIMIT);
      const reference = query.reference?.toUpperCase();
      return [...byKey.values()]
        .map((entry) => entry.summary)
        .filter(
          (summary) =>
            (!query.status || summary.status === query.status) &&
            (!reference || summary.reference === reference) &&
            (!query.before || summary.receivedAt < query.before),
        )
        .sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0))
        .slice(0, limit);
    },

    async get(reference) {
      assertOpen();
      const entry = byReference.get(reference.toUpperCase());
      if (!entry) return undefined;
      const record = await guarded('reading a request', () => readRecord(entry.folder));
      return record && withoutKey(record);
    },

    async openFile(reference, type, index) {
      const request = await this.get(reference);
      const info = request?.files.find((file) => file.type === type && file.index === index);
      const entry = byReference.get(reference.toUpperCase());
      if (!info || !entry) return undefined;
      const path = join(requestsDir, entry.folder, 'files', storedFileName(type, index));
      const handle = await guarded('opening a file', () => open(path, 'r'));
      const stream = createReadStream('', { fd: handle, autoClose: true });
      return { info, body: Readable.toWeb(stream) as ReadableStream<Uint8Array> };
    },

    setStatus(reference, change: StatusChange) {
      assertOpen();
      const entry = byReference.get(reference.toUpperCase());
      if (!entry) return Promise.resolve(undefined);
      return locked(entry.summary.reference, () =>
        guarded('changing a status', async () => {
          const record = await readRecord(entry.folder);
          if (!record || byReference.get(reference.toUpperCase()) !== entry) return undefined;
          record.status = change.status;
          record.statusChangedAt = change.at;
          record.history.push(change);
          await replaceFile(join(requestsDir, entry.folder), RECORD, JSON.stringify(record));
          entry.summary = summaryOf(record);
          return withoutKey(record);
        }),
      );
    },

    delete(reference) {
      assertOpen();
      const entry = byReference.get(reference.toUpperCase());
      if (!entry) return Promise.resolve(false);
      return locked(entry.summary.reference, () =>
        guarded('deleting a request', async () => {
          if (byReference.get(reference.toUpperCase()) !== entry) return false;
          const doomed = join(trashDir, randomBytes(12).toString('hex'));
          // Out of requests/ in one rename; the removal may then take its time (or a crash).
          await rename(join(requestsDir, entry.folder), doomed);
          byKey.delete(entry.key);
          byReference.delete(entry.summary.reference.toUpperCase());
          await syncDirectory(requestsDir);
          await rm(doomed, { recursive: true, force: true });
          return true;
        }),
      );
    },

    async closedBefore(before) {
      assertOpen();
      return [...byKey.values()]
        .map((entry) => entry.summary)
        .filter((summary) => summary.status === 'closed' && summary.statusChangedAt < before)
        .map((summary) => summary.reference);
    },

    appendAudit(entry: AuditEntry) {
      assertOpen();
      const file = join(auditDir, `${auditName(entry.reference)}.jsonl`);
      return locked(`audit:${entry.reference}`, () =>
        guarded('writing the audit', async () => {
          await appendFile(file, `${JSON.stringify(entry)}\n`, { mode: FILE_MODE, flush: true });
        }),
      );
    },

    async auditFor(reference) {
      assertOpen();
      const text = await guarded('reading the audit', async () => {
        try {
          return await readFile(join(auditDir, `${auditName(reference)}.jsonl`), 'utf8');
        } catch (error) {
          if (isMissing(error)) return '';
          throw error;
        }
      });
      // A crash in the middle of an append leaves at most one partial last line: skipped.
      return text
        .split('\n')
        .filter((line) => line.endsWith('}'))
        .map((line) => JSON.parse(line) as AuditEntry);
    },
  };
}

/** References are `SO-XXXX-XXXX`; anything else is hashed so it can never become a path. */
function auditName(reference: string): string {
  const upper = reference.toUpperCase();
  return /^[A-Z0-9-]{1,40}$/.test(upper) ? upper : createHash('sha256').update(upper).digest('hex');
}
