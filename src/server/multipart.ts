/**
 * `multipart/form-data` (RFC 7578) as an async sequence of parts, on busboy: the parser that
 * Express's multer and Fastify's multipart plugin run on, kept small and streaming. The body is
 * fed to busboy chunk by chunk with backpressure; a file part's bytes are a Node stream the
 * caller must read (or drain) before the next part arrives, so memory stays at a few chunks
 * whatever the size of the files.
 *
 * Why busboy over our own parser (demo/server/form-data.ts, removed): it is the ecosystem's
 * reviewed implementation (header limits, quoted parameters, RFC 5987 `filename*`), and the
 * measured throughput is the same order as ours; see docs/server.md.
 */
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { BodyAbortedError, TooLargeError } from './body.js';

/** The body is not well-formed multipart: answer 400. */
export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

export type Part =
  /** A part with a file name (or typed `application/octet-stream`): bytes to stream. */
  | { kind: 'file'; name: string; mimeType: string; stream: Readable }
  /** A part without a file name: busboy has read it into memory, up to `maxFieldBytes`. */
  | { kind: 'field'; name: string; mimeType: string; value: string; truncated: boolean };

export interface MultipartLimits {
  /** A field part's value; busboy truncates beyond it (`truncated`). */
  maxFieldBytes: number;
  /** File parts busboy reports; more are skipped. */
  maxFileParts: number;
  /** All bytes of the body, headers and delimiters included. */
  maxBodyBytes: number;
  tooLarge: () => TooLargeError;
}

type Queued = Part | { kind: 'error'; error: Error } | { kind: 'end' };

/** Errors of busboy's own (malformed input) become MultipartError; ours pass as they are. */
function asMultipartError(error: unknown): Error {
  if (error instanceof BodyAbortedError || error instanceof TooLargeError) return error;
  if (error instanceof MultipartError) return error;
  return new MultipartError(error instanceof Error ? error.message : String(error));
}

/**
 * The parts of `body`, in order. Stopping early (a `return` or `throw` in the caller's loop)
 * stops reading the body. Throws MultipartError for a malformed body, TooLargeError past
 * `maxBodyBytes`, and whatever the body stream ends with (BodyAbortedError).
 */
export async function* multipartParts(
  body: ReadableStream<Uint8Array> | null,
  contentType: string,
  limits: MultipartLimits,
): AsyncGenerator<Part, void, undefined> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      defParamCharset: 'utf8',
      limits: {
        fieldSize: limits.maxFieldBytes,
        fields: 4,
        files: limits.maxFileParts,
        parts: limits.maxFileParts + 4,
        headerPairs: 16,
        fieldNameSize: 200,
      },
    });
  } catch (error) {
    throw asMultipartError(error);
  }
  const queue: Queued[] = [];
  let wake: (() => void) | undefined;
  let current: Readable | undefined;
  const push = (item: Queued) => {
    queue.push(item);
    wake?.();
  };
  const fail = (error: unknown) => {
    const failure = asMultipartError(error);
    current?.destroy(failure);
    push({ kind: 'error', error: failure });
  };
  parser.on('file', (name, stream, info) => {
    current = stream;
    // Its error reaches the reader through the iterator; unread, it must not crash the process.
    stream.on('error', () => undefined);
    stream.once('end', () => {
      if (current === stream) current = undefined;
    });
    push({ kind: 'file', name, mimeType: info.mimeType, stream });
  });
  parser.on('field', (name, value, info) =>
    push({ kind: 'field', name, mimeType: info.mimeType, value, truncated: info.valueTruncated }),
  );
  parser.on('error', fail);
  parser.on('finish', () => push({ kind: 'end' }));

  const reader = body?.getReader();
  let stopped = false;
  const pump = async () => {
    let received = 0;
    try {
      for (;;) {
        const next = reader ? await reader.read() : { done: true as const, value: undefined };
        if (stopped) return;
        if (next.done) {
          parser.end();
          return;
        }
        received += next.value.length;
        if (received > limits.maxBodyBytes) throw limits.tooLarge();
        if (!parser.write(next.value)) {
          await new Promise<void>((resolve) => {
            const done = () => {
              parser.off('drain', done);
              parser.off('error', done);
              parser.off('close', done);
              resolve();
            };
            parser.on('drain', done).on('error', done).on('close', done);
          });
        }
      }
    } catch (error) {
      if (!stopped) fail(error);
    }
  };
  void pump();

  try {
    for (;;) {
      const item = queue.shift();
      if (!item) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      if (item.kind === 'end') return;
      if (item.kind === 'error') throw item.error;
      yield item;
      // A file part the caller did not read to its end would stall the parser.
      if (item.kind === 'file' && !item.stream.readableEnded) item.stream.resume();
    }
  } finally {
    stopped = true;
    reader?.cancel().catch(() => undefined);
    current?.resume();
    parser.removeAllListeners('file').removeAllListeners('field');
    parser.on('error', () => undefined);
    parser.destroy();
  }
}

/**
 * The bytes of a file part, as they arrive. Busboy's errors inside the part (the body ended in
 * the middle of it) become MultipartError.
 */
export async function* partChunks(stream: Readable): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } catch (error) {
    throw asMultipartError(error);
  }
}
