/**
 * A request being received into PostgreSQL: its claim row, its files written chunk by chunk
 * under the claim's token, and the one transaction that turns all of it into a stored request.
 */
import type pg from 'pg';
import type { DocumentType } from '../../schema/constants.js';
import { ChunkSink, ClaimLostError, type WrittenFile } from './postgres-files.js';
import { guard, unflushed } from './postgres-sql.js';
import type { FileSink, NewRequest, PendingRequest, StoredRequest } from './types.js';

export class PostgresPendingRequest implements PendingRequest {
  private state: 'open' | 'committed' | 'abandoned' = 'open';
  private readonly files: WrittenFile[] = [];

  constructor(
    private readonly pool: pg.Pool,
    /** This claim's own id: a claim taken over gets a new token, so the old one's writes fail. */
    private readonly token: string,
    private readonly chunkBytes: number,
  ) {}

  async addFile(type: DocumentType, index: number): Promise<FileSink> {
    this.assertOpen();
    const id = await guard(async () => {
      const inserted = await unflushed<{ id: string }>(
        this.pool,
        `INSERT INTO intake_files (claim_token, type, file_index)
         SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM intake_claims WHERE token = $1)
         RETURNING id`,
        [this.token, type, index],
      );
      if (inserted.rowCount !== 1) throw new ClaimLostError();
      return inserted.rows[0].id;
    });
    const file: WrittenFile = { type, index, id };
    this.files.push(file);
    return new ChunkSink(this.pool, this.token, file, this.chunkBytes);
  }

  async commit(request: NewRequest): Promise<StoredRequest> {
    this.assertOpen();
    const fileIds = request.files.map((info) => {
      const written = this.files.find(
        (file) => file.type === info.type && file.index === info.index,
      );
      // The record must describe the bytes that were stored, or a download would not match it.
      if (written?.size !== info.size || written.sha256 !== info.sha256) {
        throw new Error(`File ${info.type}:${info.index} was not stored as recorded.`);
      }
      return written.id;
    });
    const stored: StoredRequest = {
      ...request,
      status: 'new',
      statusChangedAt: request.receivedAt,
      history: [],
    };
    // One statement: the claim ends, the request appears and takes its files, or nothing happens.
    // Files written but not in the record (a part the handler dropped) go with the claim.
    const committed = await guard(() =>
      this.pool.query(
        `WITH claim AS (
           DELETE FROM intake_claims WHERE token = $1 AND submission_id = $2
           RETURNING fingerprint
         ), request AS (
           INSERT INTO intake_requests
             (reference, submission_id, fingerprint, received_at, payload, files, status_changed_at)
           SELECT $3, $2, fingerprint, $4, $5, $6, $4 FROM claim
           RETURNING reference
         ), handed AS (
           UPDATE intake_files SET reference = (SELECT reference FROM request), claim_token = NULL
            WHERE claim_token = $1 AND id = ANY($7::bigint[]) AND EXISTS (SELECT 1 FROM request)
         ), dropped AS (
           DELETE FROM intake_files
            WHERE claim_token = $1 AND NOT id = ANY($7::bigint[]) AND EXISTS (SELECT 1 FROM request)
         )
         SELECT reference FROM request`,
        [
          this.token,
          request.submissionId,
          request.reference,
          request.receivedAt,
          JSON.stringify(request.payload),
          JSON.stringify(request.files),
          fileIds,
        ],
      ),
    );
    if (committed.rowCount !== 1) throw new ClaimLostError();
    this.state = 'committed';
    return stored;
  }

  async abandon(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'abandoned';
    await guard(() =>
      unflushed(
        this.pool,
        `WITH files AS (DELETE FROM intake_files WHERE claim_token = $1)
         DELETE FROM intake_claims WHERE token = $1`,
        [this.token],
      ),
    );
  }

  private assertOpen(): void {
    if (this.state !== 'open') throw new Error(`This request was already ${this.state}.`);
  }
}
