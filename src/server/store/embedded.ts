/**
 * The embedded store: plain files under one data folder, no database to run. Meant for one
 * server process (several instances behind a load balancer use PostgreSQL); it stays correct
 * with several processes of one machine on the same folder, since claims live on disk.
 *
 * ```
 * <dataDir>/requests/<sha256 of key>/record.json    the stored request (+ key and fingerprint)
 * <dataDir>/requests/<sha256 of key>/files/<type>-<index>
 * <dataDir>/claims/<sha256 of key>/claim.json       a request being received (embedded-claims.ts)
 * <dataDir>/claims/<sha256 of key>/request/…        its files so far, then its record
 * <dataDir>/audit/<reference>.jsonl                 append-only; kept after the request is deleted
 * <dataDir>/trash/<random>/                         a removal in progress; emptied by open()
 * ```
 *
 * All or nothing: `commit()` renames the claim's `request/` folder to `requests/<hash>` — one
 * rename, which also fails if that key was stored meanwhile — so a crash leaves either the whole
 * request or a claim that `open()` (or a later `begin()`) removes once its lease ran out or its
 * process is gone. Everything is flushed (fsync) before it counts; files are 0600, folders 0700.
 * Names on disk come from the key's hash and the part names, never from the patient.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import {
  claimExpired,
  createClaim,
  discardFolder,
  newToken,
  ownsClaim,
  renewClaim,
  RENEW_EVERY_MS,
} from './embedded-claims.js';
import {
  DIRECTORY_MODE,
  emptyFolder,
  FILE_MODE,
  guarded,
  isMissing,
  namesIn,
  syncDirectory,
  writeAll,
  writeNewFile,
} from './durable-files.js';
import { describeStaffSide, RECORD, storedFileName, type RecordFile } from './embedded-staff.js';
import {
  StoreUnavailableError,
  type BeginResult,
  type FileSink,
  type IntakeStore,
  type NewRequest,
  type PendingRequest,
  type StoredRequest,
} from './types.js';

export interface EmbeddedStoreOptions {
  /** Created (mode 0700) when missing. */
  dataDir: string;
}

const keyFolder = (key: string) => createHash('sha256').update(key).digest('hex');

function withoutKey({
  idempotencyKey: _key,
  fingerprint: _fingerprint,
  ...request
}: RecordFile): StoredRequest {
  return request;
}

/** The folders of a data folder. */
export function layoutOf(dataDir: string) {
  return {
    root: dataDir,
    requests: join(dataDir, 'requests'),
    claims: join(dataDir, 'claims'),
    audit: join(dataDir, 'audit'),
    trash: join(dataDir, 'trash'),
  };
}

export function createEmbeddedStore(options: EmbeddedStoreOptions): IntakeStore {
  const dirs = layoutOf(options.dataDir);
  let state: 'new' | 'open' | 'closed' = 'new';
  const assertOpen = () => {
    if (state !== 'open') throw new StoreUnavailableError(`embedded store is ${state}`);
  };

  async function readRecord(folder: string): Promise<RecordFile | undefined> {
    try {
      return JSON.parse(await readFile(join(dirs.requests, folder, RECORD), 'utf8')) as RecordFile;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  function pendingFor(key: string, claimDir: string, token: string, fingerprint: string) {
    const requestDir = join(claimDir, 'request');
    const filesDir = join(requestDir, 'files');
    const handles = new Set<FileHandle>();
    let created: Promise<unknown> | undefined;
    let lastRenewal = Date.now();
    let ended = false;
    const ensureFolders = () =>
      (created ??= mkdir(filesDir, { recursive: true, mode: DIRECTORY_MODE }));
    const renew = async () => {
      if (Date.now() - lastRenewal < RENEW_EVERY_MS) return;
      lastRenewal = Date.now();
      await renewClaim(claimDir);
    };
    const assertActive = () => {
      if (ended) throw new Error('this claim has ended');
    };

    const pending: PendingRequest = {
      addFile: (type, index) =>
        guarded('adding a file', async (): Promise<FileSink> => {
          assertActive();
          await ensureFolders();
          const handle = await open(join(filesDir, storedFileName(type, index)), 'wx', FILE_MODE);
          handles.add(handle);
          return {
            write: (bytes) =>
              guarded('writing a file', async () => {
                await writeAll(handle, bytes);
                await renew();
              }),
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
          assertActive();
          assertOpen();
          if (handles.size > 0) throw new Error('commit() before every file was closed');
          if (!(await ownsClaim(claimDir, token))) {
            throw new StoreUnavailableError('embedded store: the claim on this key was lost');
          }
          // Files made requestDir and its files/ already; a request without files makes it now.
          const withFiles = created !== undefined;
          if (!withFiles) await mkdir(requestDir, { mode: DIRECTORY_MODE });
          const record: RecordFile = {
            ...request,
            status: 'new',
            statusChangedAt: request.receivedAt,
            history: [],
            idempotencyKey: key,
            fingerprint,
          };
          // requestDir is the claim's own until the rename: the record needs no temporary name.
          await writeNewFile(join(requestDir, RECORD), JSON.stringify(record));
          if (withFiles) await syncDirectory(filesDir);
          await syncDirectory(requestDir);
          // The commit point. Fails (EEXIST/ENOTEMPTY) if the key was stored meanwhile.
          await rename(requestDir, join(dirs.requests, keyFolder(key)));
          ended = true;
          await syncDirectory(dirs.requests);
          await discardFolder(claimDir, dirs.trash);
          return withoutKey(record);
        }),

      abandon: async () => {
        if (ended) return;
        ended = true;
        await Promise.all([...handles].map((handle) => handle.close().catch(() => undefined)));
        handles.clear();
        await guarded('removing an upload', async () => {
          if (await ownsClaim(claimDir, token)) await discardFolder(claimDir, dirs.trash);
        });
      },
    };
    return pending;
  }

  async function begin(key: string, fingerprint: string, leaseMs: number): Promise<BeginResult> {
    const folder = keyFolder(key);
    const stored = async (): Promise<BeginResult | undefined> => {
      const record = await readRecord(folder);
      return (
        record && { state: 'stored', fingerprint: record.fingerprint, reference: record.reference }
      );
    };
    const before = await stored();
    if (before) return before;
    const claimDir = join(dirs.claims, folder);
    const token = newToken();
    let created = await createClaim(claimDir, { token, pid: process.pid, leaseMs, fingerprint });
    if (!created && (await claimExpired(claimDir)) !== false) {
      // A crashed or stalled claim: whoever moves it away first may claim anew.
      await discardFolder(claimDir, dirs.trash);
      created = await createClaim(claimDir, { token, pid: process.pid, leaseMs, fingerprint });
    }
    if (!created) return { state: 'in-flight' };
    // Stored between our first look and the claim: the claim is not needed.
    const after = await stored();
    if (after) {
      await discardFolder(claimDir, dirs.trash);
      return after;
    }
    return { state: 'claimed', pending: pendingFor(key, claimDir, token, fingerprint) };
  }

  const staff = describeStaffSide({ dirs, readRecord, assertOpen, withoutKey });

  return {
    kind: 'embedded',

    async open() {
      await guarded('opening', async () => {
        for (const dir of Object.values(dirs)) {
          await mkdir(dir, { recursive: true, mode: DIRECTORY_MODE });
        }
        // What a crash left: removals never finished, claims whose process or lease is gone.
        await emptyFolder(dirs.trash);
        for (const name of await namesIn(dirs.claims)) {
          const dir = join(dirs.claims, name);
          if (await claimExpired(dir)) await discardFolder(dir, dirs.trash);
        }
      });
      state = 'open';
    },

    async close() {
      state = 'closed';
      await staff.settle();
    },

    async healthy() {
      if (state !== 'open') return false;
      try {
        if (!(await stat(dirs.requests)).isDirectory()) return false;
        const probe = join(dirs.trash, `.health-${newToken()}`);
        const handle = await open(probe, 'wx', FILE_MODE);
        await handle.close();
        await rm(probe);
        return true;
      } catch {
        return false;
      }
    },

    begin(key, fingerprint, leaseMs) {
      return guarded('claiming a key', async () => {
        assertOpen();
        return begin(key, fingerprint, leaseMs);
      });
    },

    ...staff.methods,
  };
}
