/**
 * Attachments in PostgreSQL: written as they arrive in rows of at most `chunkBytes`
 * (`intake_file_chunks`), read back as a stream one row at a time. Neither side holds more than
 * a chunk of a file in memory.
 */
import { createHash, type Hash } from 'node:crypto';
import type pg from 'pg';
import type { DocumentType } from '../../schema/constants.js';
import { guard, unflushed } from './postgres-sql.js';
import type { FileSink } from './types.js';

/** 256 KiB: big enough that a 100 MiB file is 400 rows, small enough to hold a few hundred at once. */
export const DEFAULT_CHUNK_BYTES = 256 * 1024;

/** A file as written under a claim, for `commit()` to check against the record it is given. */
export interface WrittenFile {
  type: DocumentType;
  index: number;
  id: string;
  /** Set by `close()`. */
  size?: number;
  sha256?: string;
}

/** The claim this upload belongs to was taken over or ended: its writes are refused. */
export class ClaimLostError extends Error {
  constructor() {
    super('The claim on this idempotency key has ended; the upload cannot continue.');
    this.name = 'ClaimLostError';
  }
}

/**
 * Writes one file under the claim `token`. Every chunk written also moves the claim's lease on,
 * so an upload that is still arriving is never taken for a crashed one.
 */
export class ChunkSink implements FileSink {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private seq = 0;
  private size = 0;
  private readonly hash: Hash = createHash('sha256');

  constructor(
    private readonly pool: pg.Pool,
    private readonly token: string,
    private readonly file: WrittenFile,
    private readonly chunkBytes: number,
  ) {}

  async write(bytes: Uint8Array): Promise<void> {
    if (this.file.size !== undefined) throw new Error('write() after close()');
    this.hash.update(bytes);
    this.size += bytes.byteLength;
    let rest = bytes;
    while (this.pendingBytes + rest.byteLength >= this.chunkBytes) {
      const take = this.chunkBytes - this.pendingBytes;
      this.pending.push(rest.subarray(0, take));
      rest = rest.subarray(take);
      await this.flush();
    }
    if (rest.byteLength) {
      // A copy: the caller may reuse its buffer once write() resolves.
      this.pending.push(Uint8Array.prototype.slice.call(rest));
      this.pendingBytes += rest.byteLength;
    }
  }

  async close(): Promise<void> {
    if (this.file.size !== undefined) return;
    if (this.pendingBytes) await this.flush();
    const size = this.size;
    const sha256 = this.hash.digest('hex');
    await guard(async () => {
      const updated = await unflushed(
        this.pool,
        'UPDATE intake_files SET size = $3, sha256 = $4 WHERE id = $1 AND claim_token = $2',
        [this.file.id, this.token, size, sha256],
      );
      if (updated.rowCount !== 1) throw new ClaimLostError();
    });
    Object.assign(this.file, { size, sha256 });
  }

  private async flush(): Promise<void> {
    const chunk = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    const seq = this.seq++;
    await guard(async () => {
      const written = await unflushed(
        this.pool,
        `WITH live AS (
           UPDATE intake_claims SET expires_at = now() + lease_ms * interval '1 millisecond'
            WHERE token = $1
           RETURNING 1
         )
         INSERT INTO intake_file_chunks (file_id, seq, data) SELECT $2, $3, $4 FROM live`,
        [this.token, this.file.id, seq, chunk],
      );
      if (written.rowCount !== 1) throw new ClaimLostError();
    });
  }
}

/**
 * The bytes of file `fileId`, `chunks` rows long, as a stream that reads the next row only when
 * the reader asks for it. A row missing (the request deleted meanwhile) errors the stream rather
 * than ending it early, so a download is never silently cut short.
 */
export function chunkStream(
  pool: pg.Pool,
  fileId: string,
  chunks: number,
): ReadableStream<Uint8Array> {
  let seq = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (seq === chunks) {
        controller.close();
        return;
      }
      const result = await guard(() =>
        pool.query<{ data: Buffer }>(
          'SELECT data FROM intake_file_chunks WHERE file_id = $1 AND seq = $2',
          [fileId, seq],
        ),
      );
      if (result.rowCount !== 1) throw new Error('A stored file is no longer complete.');
      seq += 1;
      const { data } = result.rows[0];
      controller.enqueue(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    },
  });
}
