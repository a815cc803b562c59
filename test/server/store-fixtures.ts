/**
 * What the store contract suite stores: requests with real payloads, files of random bytes
 * written in uneven pieces, and the means to read a stored file back and hash it.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { DocumentType } from '../../src/schema/constants.js';
import type {
  IntakeStore,
  NewRequest,
  PendingRequest,
  StoredFileInfo,
} from '../../src/server/store/types.js';
import { proxyRequest } from '../fixtures/payloads.js';

/** One file to store: where it goes, its bytes, and the piece sizes it arrives in. */
export interface TestFile {
  type: DocumentType;
  index: number;
  bytes: Uint8Array;
}

const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';

export function newReference(): string {
  const group = () =>
    Array.from({ length: 4 }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]).join(
      '',
    );
  return `SO-${group()}-${group()}`;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A fingerprint as the handler computes one: SHA-256 hex of something unique to the answers. */
export function fingerprintOf(text: string): string {
  return sha256(new TextEncoder().encode(text));
}

export function testFile(type: DocumentType, index: number, size: number): TestFile {
  return { type, index, bytes: new Uint8Array(randomBytes(size)) };
}

export function infoOf(file: TestFile): StoredFileInfo {
  return {
    type: file.type,
    index: file.index,
    name: `${file.type}-${file.index}.pdf`,
    size: file.bytes.byteLength,
    contentType: 'application/pdf',
    sha256: sha256(file.bytes),
  };
}

/** The record `commit()` gets for `files`, with a payload whose documents list the same files. */
export function newRequest(
  submissionId: string,
  files: TestFile[] = [],
  receivedAt: string = new Date().toISOString(),
  reference: string = newReference(),
): NewRequest {
  const infos = files.map(infoOf);
  const types = [...new Set(infos.map((info) => info.type))];
  const documents = types.map((type) => ({
    type,
    status: 'attached' as const,
    language: 'ka',
    translationNeeded: true,
    files: infos
      .filter((info) => info.type === type)
      .map((info) => ({
        name: info.name,
        size: info.size,
        type: info.contentType,
        sha256: info.sha256,
      })),
  }));
  return {
    reference,
    submissionId,
    receivedAt,
    payload: proxyRequest(documents, submissionId, receivedAt),
    files: infos,
  };
}

/** Writes `file` through `pending` in uneven pieces (up to `maxPiece` bytes), as a socket delivers. */
export async function writeFile(
  pending: PendingRequest,
  file: TestFile,
  maxPiece = 100_000,
): Promise<void> {
  const sink = await pending.addFile(file.type, file.index);
  let offset = 0;
  while (offset < file.bytes.byteLength) {
    const length = Math.min(1 + randomInt(maxPiece), file.bytes.byteLength - offset);
    // A copy, as a network read hands over a fresh buffer each time.
    await sink.write(file.bytes.slice(offset, offset + length));
    offset += length;
  }
  await sink.close();
}

/** Claims `submissionId`, writes `files`, commits; fails the test when the key was not free. */
export async function storeRequest(
  store: IntakeStore,
  submissionId: string = crypto.randomUUID(),
  files: TestFile[] = [],
  receivedAt?: string,
): Promise<NewRequest> {
  const begun = await store.begin(submissionId, fingerprintOf(submissionId), 60_000);
  if (begun.state !== 'claimed') throw new Error(`expected a claim, got ${begun.state}`);
  for (const file of files) await writeFile(begun.pending, file);
  const request = newRequest(submissionId, files, receivedAt);
  await begun.pending.commit(request);
  return request;
}

/** Reads a stored file to its end; returns its size and SHA-256, never more than a piece at once. */
export async function readStream(
  body: ReadableStream<Uint8Array>,
): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    hash.update(value);
    size += value.byteLength;
  }
  return { size, sha256: hash.digest('hex') };
}

/** Calls `attempt` until it returns a value; for waits on a condition another party ends. */
export async function eventually<T>(
  attempt: () => Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** An ISO time `minutes` after a fixed start, so list order does not depend on the clock. */
export function minutesAfterStart(minutes: number): string {
  return new Date(Date.UTC(2026, 0, 5, 9, 0) + minutes * 60_000).toISOString();
}
