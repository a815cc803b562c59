/**
 * Test-only: what a store holds, read through the store itself (never a product route), for
 * the browser and end-to-end test servers. Each file's size and SHA-256 are computed again
 * from the stored bytes, so a test sees what was really kept.
 */
import { createHash } from 'node:crypto';
import type { IntakeStore, StoredRequest } from '../../src/server/store/types.ts';

export async function storedRequests(store: IntakeStore): Promise<StoredRequest[]> {
  const summaries = await store.list({ limit: 200 });
  const requests = await Promise.all(
    summaries.map(async ({ reference }) => {
      const request = await store.get(reference);
      if (!request) return undefined;
      const files = await Promise.all(
        request.files.map(async (file) => {
          const opened = await store.openFile(reference, file.type, file.index);
          const hash = createHash('sha256');
          let size = 0;
          const reader = opened?.body.getReader();
          for (let next = await reader?.read(); next && !next.done; next = await reader!.read()) {
            hash.update(next.value);
            size += next.value.length;
          }
          return { ...file, size, sha256: hash.digest('hex') };
        }),
      );
      return { ...request, files };
    }),
  );
  return requests.filter((request) => request !== undefined);
}
