/**
 * Reading a request body that may stop arriving: bounded reads, and the errors a body stream
 * ends with when the transport gives up on it (the Node adapter's idle and total timeouts, or a
 * client that went away).
 */

/** Why a body stopped arriving before its end. */
export type BodyAbortReason = 'idle-timeout' | 'total-timeout' | 'client-gone';

/** Put into a request's body stream by the transport; the handler answers 408 for a timeout. */
export class BodyAbortedError extends Error {
  constructor(readonly reason: BodyAbortReason) {
    super(`request body aborted: ${reason}`);
    this.name = 'BodyAbortedError';
  }
}

/** A body (or a part of one) larger than a limit; the handler answers 413. */
export class TooLargeError extends Error {
  constructor(
    readonly limit: 'max-body-size' | 'max-file-size' | 'max-total-size' | 'max-files',
    readonly maximum: number,
    detail: string,
  ) {
    super(detail);
    this.name = 'TooLargeError';
  }
}

/** Concatenates chunks that were read. */
export function concatBytes(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/**
 * Reads a whole body of at most `limit` bytes. The first byte beyond the limit stops the reading
 * (the rest is never buffered) with `tooLarge()`.
 */
export async function readLimited(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
  tooLarge: () => TooLargeError,
): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return concatBytes(chunks, total);
      total += value.length;
      if (total > limit) throw tooLarge();
      chunks.push(value);
    }
  } finally {
    // Stops the transport from reading more of a body nobody will read.
    reader.cancel().catch(() => undefined);
  }
}

/** A body (or the submission part) of a media type the server does not take; answered 415. */
export class UnsupportedTypeError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'UnsupportedTypeError';
  }
}
