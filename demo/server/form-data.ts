/**
 * A streaming `multipart/form-data` parser (RFC 7578, RFC 2046 §5.1) for the reference endpoint,
 * on Node's `Buffer` only. It is push-based and synchronous: `write(chunk)` returns what the
 * chunk completed (a part's headers, body bytes, a part's end), and the caller handles those
 * (say, writing to a file) before it reads the next chunk. That keeps memory bounded (never more
 * than one chunk plus a delimiter) and gives backpressure for free.
 *
 * Why not a dependency: busboy would do the same in a few lines of ours, but it adds a package to
 * audit for ~150 lines that this endpoint can show in full; undici's `Request.formData()`, built
 * into Node, buffers the whole body (up to 100 MiB of files) in memory. Only what the widget and
 * HTML forms send is supported: no nested multipart, no `Content-Transfer-Encoding`.
 */

export interface PartHeaders {
  /** The `name` of `Content-Disposition: form-data`. */
  name: string;
  filename?: string;
  /** As sent, lower-case, without parameters; undefined when the part has none. */
  contentType?: string;
}

export type MultipartEvent =
  { kind: 'part'; headers: PartHeaders } | { kind: 'data'; bytes: Buffer } | { kind: 'end' };

/** The body is not well-formed multipart: answer 400. */
export class MultipartError extends Error {
  override name = 'MultipartError';
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
/** Headers of one part; ours are about 150 bytes. */
const MAX_HEADER_BYTES = 8 * 1024;

/** The boundary of a `multipart/form-data` content type, or undefined for any other type. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const [mediaType = '', ...parameters] = contentType.split(';');
  if (mediaType.trim().toLowerCase() !== 'multipart/form-data') return undefined;
  for (const parameter of parameters) {
    const separator = parameter.indexOf('=');
    if (parameter.slice(0, separator).trim().toLowerCase() !== 'boundary') continue;
    const value = parameter.slice(separator + 1).trim();
    const boundary = value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
    // RFC 2046: 1 to 70 characters.
    return /^[0-9A-Za-z'()+_,\-./:=? ]{1,70}$/.test(boundary) ? boundary : undefined;
  }
  return undefined;
}

/** `form-data; name="file:imaging:0"; filename="scan.pdf"` → its parameters. */
function dispositionParameters(value: string): Map<string, string> {
  const parameters = new Map<string, string>();
  const pattern = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (const match of value.matchAll(pattern)) {
    const quoted = match[2]?.replace(/\\(.)/g, '$1');
    parameters.set(match[1]!.toLowerCase(), quoted ?? match[3]!.trim());
  }
  return parameters;
}

function parseHeaders(block: Buffer): PartHeaders {
  let disposition: string | undefined;
  let contentType: string | undefined;
  for (const line of block.toString('utf8').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError('a part header without a name');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-disposition') disposition = value;
    if (name === 'content-type') contentType = value.split(';', 1)[0]!.trim().toLowerCase();
  }
  if (!disposition || !/^form-data\s*(;|$)/i.test(disposition)) {
    throw new MultipartError('a part without Content-Disposition: form-data');
  }
  const parameters = dispositionParameters(disposition);
  const name = parameters.get('name');
  if (name === undefined) throw new MultipartError('a part without a name');
  const filename = parameters.get('filename');
  return {
    name,
    ...(filename !== undefined ? { filename } : {}),
    ...(contentType ? { contentType } : {}),
  };
}

type State = 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done';

export class MultipartParser {
  /** `--boundary`: the first delimiter, which may open the body without a CRLF before it. */
  private readonly opening: Buffer;
  /** `CRLF--boundary`: every later delimiter. */
  private readonly delimiter: Buffer;
  private state: State = 'preamble';
  private pending: Buffer = Buffer.alloc(0);

  constructor(boundary: string) {
    this.opening = Buffer.from(`--${boundary}`);
    this.delimiter = Buffer.concat([CRLF, this.opening]);
  }

  write(chunk: Uint8Array): MultipartEvent[] {
    const events: MultipartEvent[] = [];
    if (this.state === 'done') return events; // The epilogue is ignored.
    let buffer = this.pending.length ? Buffer.concat([this.pending, chunk]) : Buffer.from(chunk);
    for (;;) {
      if (this.state === 'preamble') {
        const at = buffer.indexOf(this.opening);
        if (at < 0) {
          buffer = buffer.subarray(Math.max(0, buffer.length - this.opening.length + 1));
          break;
        }
        buffer = buffer.subarray(at + this.opening.length);
        this.state = 'after-delimiter';
      }
      if (this.state === 'after-delimiter') {
        if (buffer.length < 2) break;
        const next = buffer.subarray(0, 2).toString('latin1');
        if (next === '--') {
          this.state = 'done';
          buffer = Buffer.alloc(0);
          break;
        }
        if (next !== '\r\n') throw new MultipartError('a delimiter not followed by CRLF');
        buffer = buffer.subarray(2);
        this.state = 'headers';
      }
      if (this.state === 'headers') {
        const end = buffer.indexOf(HEADER_END);
        if (end < 0) {
          if (buffer.length > MAX_HEADER_BYTES) throw new MultipartError('part headers too long');
          break;
        }
        if (end > MAX_HEADER_BYTES) throw new MultipartError('part headers too long');
        events.push({ kind: 'part', headers: parseHeaders(buffer.subarray(0, end)) });
        buffer = buffer.subarray(end + HEADER_END.length);
        this.state = 'body';
      }
      if (this.state === 'body') {
        const at = buffer.indexOf(this.delimiter);
        if (at < 0) {
          // The tail may be the start of a delimiter: keep it for the next chunk.
          const safe = buffer.length - (this.delimiter.length - 1);
          if (safe > 0) {
            events.push({ kind: 'data', bytes: buffer.subarray(0, safe) });
            buffer = buffer.subarray(safe);
          }
          break;
        }
        if (at > 0) events.push({ kind: 'data', bytes: buffer.subarray(0, at) });
        events.push({ kind: 'end' });
        buffer = buffer.subarray(at + this.delimiter.length);
        this.state = 'after-delimiter';
        continue;
      }
      if (this.state === 'done') break;
    }
    // A copy, so the chunk the caller handed in can be released.
    this.pending = Buffer.from(buffer);
    return events;
  }

  /** Call at the end of the body: a body that stops before the closing delimiter is malformed. */
  end(): void {
    if (this.state !== 'done') throw new MultipartError('the body ends before its last delimiter');
  }
}
