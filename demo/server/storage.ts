/**
 * File storage for the reference endpoint: one JSON file per submission, named after its
 * `submissionId`. Good enough for a demo and for tests; a real service would use a database with
 * a unique constraint on the submission id (which also makes "exactly once" hold across several
 * server processes, which this in-process design does not).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface StoredSubmission<Payload = unknown> {
  reference: string;
  /** ISO 8601, set by the server. */
  receivedAt: string;
  payload: Payload;
}

export interface SubmissionStore {
  find(submissionId: string): Promise<StoredSubmission | undefined>;
  save(submissionId: string, record: StoredSubmission): Promise<void>;
  /** Newest first. */
  list(): Promise<StoredSubmission[]>;
  clear(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RECORD_FILE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json$/;
const TEMP_FILE = /^\.[0-9a-f]{16}\.tmp$/;

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** The name is built from the id, so the id must never be able to leave `dataDir`. */
function fileName(submissionId: string): string {
  if (!UUID.test(submissionId)) throw new TypeError('submissionId must be a UUID');
  // UUIDs compare case-insensitively; one spelling per submission keeps one file per submission.
  return `${submissionId.toLowerCase()}.json`;
}

async function readRecord(path: string): Promise<StoredSubmission | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as StoredSubmission;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Makes a rename survive a power cut; some platforms cannot open a directory, which is fine. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort only: the record itself is already on disk.
  }
}

export function createSubmissionStore(dataDir: string): SubmissionStore {
  return {
    find(submissionId) {
      return readRecord(join(dataDir, fileName(submissionId)));
    },

    async save(submissionId, record) {
      const target = join(dataDir, fileName(submissionId));
      await mkdir(dataDir, { recursive: true });
      // Written beside the target and renamed over it, so a reader (or a crash) never sees half a
      // file. Health data: readable by the server's user only.
      const temp = join(dataDir, `.${randomBytes(8).toString('hex')}.tmp`);
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(JSON.stringify(record, null, 2));
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      await syncDirectory(dataDir);
    },

    async list() {
      let names: string[];
      try {
        names = await readdir(dataDir);
      } catch (error) {
        if (isMissing(error)) return [];
        throw error;
      }
      const records = await Promise.all(
        names
          .filter((name) => RECORD_FILE.test(name))
          .map((name) => readRecord(join(dataDir, name))),
      );
      return records
        .filter((record) => record !== undefined)
        .sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
    },

    async clear() {
      let names: string[];
      try {
        names = await readdir(dataDir);
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      // Only our own files: a misconfigured dataDir must not cost anyone their other files.
      await Promise.all(
        names
          .filter((name) => RECORD_FILE.test(name) || TEMP_FILE.test(name))
          .map((name) => rm(join(dataDir, name), { force: true })),
      );
    },
  };
}
