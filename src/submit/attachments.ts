import {
  ATTACHMENT_KIND_INFO,
  ATTACHMENT_KINDS,
  type AttachmentKind,
  type FileRefusal,
  type RefusalReason,
} from '../schema/attachment-kinds.js';
import { MAX_FILE_NAME_LENGTH, type AttachedFile } from '../schema/documents.js';

// The kinds and refusals are shared with the texts that name them (src/content), which may not
// import this module: see CONTRIBUTING.md, "Layering".
export {
  ATTACHMENT_KIND_INFO,
  ATTACHMENT_KINDS,
  type AttachmentKind,
  type FileRefusal,
  type RefusalReason,
} from '../schema/attachment-kinds.js';

/**
 * What a patient may attach, decided by a file's content rather than its name: the limits, the
 * magic bytes of each accepted kind, and the SHA-256 that lets the server check what arrived.
 * No DOM beyond `Blob`/`File` and `crypto.subtle`, so the sniffing also runs on the server.
 */

const MIB = 1024 * 1024;

/** The defaults of the element's limits, which the reference endpoint enforces as well. */
export const DEFAULT_ATTACHMENT_LIMITS = {
  /** Bytes per file: 25 MiB. */
  maxFileSize: 25 * MIB,
  /** Bytes of all files together: 100 MiB. */
  maxTotalSize: 100 * MIB,
  /** Files in all rows together. */
  maxFiles: 20,
} as const;

/** The default `accept`: every kind above. */
export const DEFAULT_ACCEPT = ATTACHMENT_KINDS.map(
  (kind) => ATTACHMENT_KIND_INFO[kind].mediaType,
).join(', ');

export interface AttachmentRules {
  kinds: readonly AttachmentKind[];
  maxFileSize: number;
  maxTotalSize: number;
  maxFiles: number;
}

/** How many first bytes decide a file's kind: DICOM's marker sits at offset 128. */
export const SNIFF_LENGTH = 132;

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length &&
  signature.every((byte, index) => bytes[offset + index] === byte);

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/**
 * The kind of a file from its first bytes (at least `SNIFF_LENGTH` of them, when the file is
 * that long), or undefined when it is none of the kinds above.
 */
export function sniffKind(bytes: Uint8Array): AttachmentKind | undefined {
  if (startsWith(bytes, ascii('%PDF'))) return 'pdf';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
    return 'tiff';
  }
  // A DICOM Part 10 file: a 128-byte preamble, then "DICM".
  if (startsWith(bytes, ascii('DICM'), 128)) return 'dicom';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  return undefined;
}

/**
 * The kinds an `accept` value allows. Like the HTML attribute it lists media types and
 * extensions, separated by commas (`application/pdf, .dcm, image/*`); only the kinds above can
 * be recognized, so other entries allow nothing. An empty value allows every kind.
 */
export function parseAccept(accept: string | null | undefined): AttachmentKind[] {
  const tokens = (accept ?? '')
    .split(/[\s,]+/)
    .map((token) => token.trim().toLowerCase())
    .filter(Boolean);
  if (tokens.length === 0) return [...ATTACHMENT_KINDS];
  return ATTACHMENT_KINDS.filter((kind) => {
    const { mediaType, extensions } = ATTACHMENT_KIND_INFO[kind];
    return tokens.some(
      (token) =>
        token === mediaType ||
        extensions.includes(token) ||
        (token.endsWith('/*') && mediaType.startsWith(token.slice(0, -1))),
    );
  });
}

/** The `accept` of the file input for these kinds: media types and extensions. */
export function inputAccept(kinds: readonly AttachmentKind[]): string {
  return kinds
    .flatMap((kind) => [
      ATTACHMENT_KIND_INFO[kind].mediaType,
      ...ATTACHMENT_KIND_INFO[kind].extensions,
    ])
    .join(',');
}

/** A limit read from an attribute: a positive whole number, else the default. */
export function limitOrDefault(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

/** Lower-case hex SHA-256 of a blob's bytes. */
export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * A name the payload can carry: at most `MAX_FILE_NAME_LENGTH` characters, shortened in the
 * middle so that the extension stays.
 */
export function attachedFileName(name: string): string {
  // Control characters have no place in a name a server writes into a header or a log.
  const clean =
    [...name]
      .filter((char) => char >= ' ' && char !== '\u007f')
      .join('')
      .trim() || 'file';
  if (clean.length <= MAX_FILE_NAME_LENGTH) return clean;
  const dot = clean.lastIndexOf('.');
  const extension = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : '';
  return clean.slice(0, MAX_FILE_NAME_LENGTH - extension.length) + extension;
}

export interface AdmittedFile {
  file: File;
  meta: AttachedFile;
}

/** What is already attached, for the limits that span rows. */
export interface HeldFiles {
  count: number;
  totalSize: number;
  /** Hashes already in the row the files go to: the same file twice is one too many. */
  rowHashes: ReadonlySet<string>;
}

/**
 * Checks files one by one, in order, against the rules and what is already held: each one
 * either joins (with its metadata and SHA-256) or is refused with the reason; a refusal never
 * stops the others. The cheap checks (size, count, first bytes) run before a file is read whole.
 */
export async function admitFiles(
  files: Iterable<File>,
  held: HeldFiles,
  rules: AttachmentRules,
): Promise<{ admitted: AdmittedFile[]; refused: FileRefusal[] }> {
  const admitted: AdmittedFile[] = [];
  const refused: FileRefusal[] = [];
  let count = held.count;
  let totalSize = held.totalSize;
  const rowHashes = new Set(held.rowHashes);
  for (const file of files) {
    const refuse = (reason: RefusalReason, limit?: number) =>
      refused.push({ name: file.name, size: file.size, reason, ...(limit ? { limit } : {}) });
    if (file.size === 0) {
      refuse('empty');
      continue;
    }
    let kind: AttachmentKind | undefined;
    try {
      kind = sniffKind(new Uint8Array(await file.slice(0, SNIFF_LENGTH).arrayBuffer()));
    } catch {
      refuse('unreadable');
      continue;
    }
    if (!kind || !rules.kinds.includes(kind)) {
      refuse('type');
      continue;
    }
    if (file.size > rules.maxFileSize) {
      refuse('file-size', rules.maxFileSize);
      continue;
    }
    if (count + 1 > rules.maxFiles) {
      refuse('count', rules.maxFiles);
      continue;
    }
    if (totalSize + file.size > rules.maxTotalSize) {
      refuse('total-size', rules.maxTotalSize);
      continue;
    }
    let sha256: string;
    try {
      sha256 = await sha256Hex(file);
    } catch {
      refuse('unreadable');
      continue;
    }
    if (rowHashes.has(sha256)) {
      refuse('duplicate');
      continue;
    }
    rowHashes.add(sha256);
    count += 1;
    totalSize += file.size;
    admitted.push({
      file,
      meta: {
        name: attachedFileName(file.name),
        size: file.size,
        type: ATTACHMENT_KIND_INFO[kind].mediaType,
        sha256,
      },
    });
  }
  return { admitted, refused };
}
