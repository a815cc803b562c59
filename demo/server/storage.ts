/**
 * File storage for the reference endpoint: one JSON file per submission, named after its
 * `submissionId`, and its attached files in a folder beside it (`<submissionId>.files/`, one
 * file per part, named `<document type>-<index>`: never a name the client chose). Good enough
 * for a demo and for tests; a real service would use a database with a unique constraint on the
 * submission id (which also makes "exactly once" hold across several server processes, which
 * this in-process design does not) and an object store for the files.
 *
 * Durability: files arrive in a temporary folder and are flushed to disk; the folder is renamed
 * into place; then the record is written to a temporary file, flushed and renamed. The record is
 * the proof that a submission was stored: files without a record (a crash in between) are
 * replaced when the same submission arrives again.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocumentType } from '../../src/schema/constants.ts';

/** One attached file as stored: the payload's metadata, where it came from, what is on disk. */
export interface StoredFile {
  /** The document it belongs to, and its position in that document's `files`. */
  type: DocumentType;
  index: number;
  name: string;
  /** Bytes. */
  size: number;
  /** The media type of the content, as checked. */
  contentType: string;
  /** SHA-256 (hex) of the bytes. In `list()`, computed again from the stored file. */
  sha256: string;
}

export interface StoredSubmission<Payload = unknown> {
  reference: string;
  /** ISO 8601, set by the server. */
  receivedAt: string;
  payload: Payload;
  /** Present when the submission came with files. */
  files?: StoredFile[];
}

/** A file being received: written in order, then flushed and closed. */
export interface UploadFile {
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** The files of one request while they arrive, in a temporary folder. */
export interface Upload {
  add(type: DocumentType, index: number): Promise<UploadFile>;
  /** Moves the folder to `target`, replacing what is there; discard() is then a no-op. */
  moveTo(target: string): Promise<void>;
  /** Removes what arrived; a no-op once moved. */
  discard(): Promise<void>;
}

export interface SubmissionStore {
  find(submissionId: string): Promise<StoredSubmission | undefined>;
  /** Stores the record, and moves the upload's files beside it. */
  save(submissionId: string, record: StoredSubmission, upload?: Upload): Promise<void>;
  createUpload(): Promise<Upload>;
  /** Newest first; each file's size and sha256 read again from disk. */
  list(): Promise<StoredSubmission[]>;
  clear(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RECORD_FILE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json$/;
const FILES_DIR = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.files$/;
const TEMP_FILE = /^\.[0-9a-f]{16}\.(tmp|upload)$/;
/** Stored file names: the part's document type and index, nothing from the client. */
const STORED_FILE = /^[a-z-]{1,40}-\d{1,4}$/;

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** The name is built from the id, so the id must never be able to leave `dataDir`. */
function baseName(submissionId: string): string {
  if (!UUID.test(submissionId)) throw new TypeError('submissionId must be a UUID');
  // UUIDs compare case-insensitively; one spelling per submission keeps one file per submission.
  return submissionId.toLowerCase();
}

const fileName = (submissionId: string) => `${baseName(submissionId)}.json`;
const filesDirName = (submissionId: string) => `${baseName(submissionId)}.files`;

function storedFileName(type: string, index: number): string {
  const name = `${type}-${index}`;
  if (!STORED_FILE.test(name)) throw new TypeError('not a stored file name');
  return name;
}

const tempName = (suffix: 'tmp' | 'upload') => `.${randomBytes(8).toString('hex')}.${suffix}`;

async function sha256OfFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

async function readRecord(path: string): Promise<StoredSubmission | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as StoredSubmission;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** The names in a folder; none if it does not exist (yet). */
async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (isMissing(error)) return [];
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

    async createUpload() {
      await mkdir(dataDir, { recursive: true });
      const dir = join(dataDir, tempName('upload'));
      await mkdir(dir, { mode: 0o700 });
      const handles: FileHandle[] = [];
      let moved = false;
      return {
        async add(type, index) {
          const handle = await open(join(dir, storedFileName(type, index)), 'wx', 0o600);
          handles.push(handle);
          let closed = false;
          return {
            async write(bytes) {
              await handle.write(bytes);
            },
            async close() {
              if (closed) return;
              closed = true;
              try {
                await handle.sync();
              } finally {
                await handle.close();
              }
            },
          };
        },
        async moveTo(target) {
          await syncDirectory(dir);
          await rm(target, { recursive: true, force: true });
          await rename(dir, target);
          moved = true;
          await syncDirectory(dataDir);
        },
        async discard() {
          if (moved) return;
          await Promise.all(handles.map((handle) => handle.close().catch(() => undefined)));
          await rm(dir, { recursive: true, force: true });
        },
      };
    },

    async save(submissionId, record, upload) {
      const target = join(dataDir, fileName(submissionId));
      await mkdir(dataDir, { recursive: true });
      // Replaces files left by a save that crashed before its record: they never counted.
      await upload?.moveTo(join(dataDir, filesDirName(submissionId)));
      // Written beside the target and renamed over it, so a reader (or a crash) never sees half a
      // file. Health data: readable by the server's user only.
      const temp = join(dataDir, tempName('tmp'));
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
      const names = await namesIn(dataDir);
      const records = await Promise.all(
        names
          .filter((name) => RECORD_FILE.test(name))
          .map(async (name) => {
            const record = await readRecord(join(dataDir, name));
            if (!record?.files) return record;
            const dir = join(dataDir, name.replace(/\.json$/, '.files'));
            const files = await Promise.all(
              record.files.map(async (file) => ({
                ...file,
                ...(await sha256OfFile(join(dir, storedFileName(file.type, file.index)))),
              })),
            );
            return { ...record, files };
          }),
      );
      return records
        .filter((record) => record !== undefined)
        .sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
    },

    async clear() {
      const names = await namesIn(dataDir);
      // Only our own files: a misconfigured dataDir must not cost anyone their other files.
      await Promise.all(
        names
          .filter((name) => RECORD_FILE.test(name) || FILES_DIR.test(name) || TEMP_FILE.test(name))
          .map((name) => rm(join(dataDir, name), { recursive: true, force: true })),
      );
    },
  };
}
