/**
 * File-system steps the embedded store builds on: writes that survive a power cut (write to a
 * temporary name, flush, rename, flush the folder) and the translation of I/O failures into
 * `StoreUnavailableError`, so that a full or read-only disk is answered with 503, never a hang.
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreUnavailableError } from './types.js';

/** Health data: readable by the server's user only. */
export const FILE_MODE = 0o600;
export const DIRECTORY_MODE = 0o700;

export function errnoOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

export const isMissing = (error: unknown) => errnoOf(error) === 'ENOENT';

/**
 * Any failure of the file system (disk full, read-only, permissions, a folder that vanished)
 * means the store cannot serve now. The message names the operation and the error code only:
 * paths can hold nothing patient-chosen here, but errors end in logs, so they stay terse.
 */
export function unavailable(operation: string, error: unknown): Error {
  if (error instanceof StoreUnavailableError) return error;
  const code = errnoOf(error);
  if (!code) return error instanceof Error ? error : new Error(String(error));
  return new StoreUnavailableError(`embedded store: ${operation} failed (${code})`, {
    cause: error,
  });
}

/** Runs `task`, turning a file-system failure into `StoreUnavailableError`. */
export async function guarded<T>(operation: string, task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    throw unavailable(operation, error);
  }
}

/** Makes renames and new names in `dir` survive a power cut. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes all of `bytes`: `FileHandle.write` may write fewer bytes than asked. */
export async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

const temporaryName = (prefix: string) => `.${prefix}-${randomBytes(8).toString('hex')}`;

/** Creates `path` (it must not exist) with `text`, flushed to disk. */
export async function writeNewFile(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx', FILE_MODE);
  try {
    await writeAll(handle, Buffer.from(text));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `dir/name` with `text` so that a reader (or a crash) sees the old or the new file,
 * never half of one.
 */
export async function replaceFile(dir: string, name: string, text: string): Promise<void> {
  const temp = join(dir, `${temporaryName('write')}.tmp`);
  await writeNewFile(temp, text);
  try {
    await rename(temp, join(dir, name));
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** The names in a folder; none when it does not exist. */
export async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

/** Empties a folder the store owns (uploads a crash left, deletions a crash interrupted). */
export async function emptyFolder(dir: string): Promise<number> {
  const names = await namesIn(dir);
  await Promise.all(names.map((name) => rm(join(dir, name), { recursive: true, force: true })));
  return names.length;
}
