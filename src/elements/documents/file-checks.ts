import type { ReactiveControllerHost } from 'lit';
import type { DocumentType } from '../../schema/constants.js';
import type { AttachedFile } from '../../schema/documents.js';
import {
  admitFiles,
  ATTACHMENT_KINDS,
  DEFAULT_ATTACHMENT_LIMITS,
  limitOrDefault,
  parseAccept,
  type AttachmentRules,
  type FileRefusal,
} from '../../submit/attachments.js';

/** A file the element holds: the bytes to send and what the payload says about them. */
export interface HeldFile {
  /** Stable across re-renders, for the list's keys. */
  key: number;
  file: File;
  meta: AttachedFile;
}

/** The element's settings the checks follow, read afresh for every addition. */
export interface FileLimitsSource {
  accept: string;
  maxFileSize: number;
  maxTotalSize: number;
  maxFiles: number;
}

const sameFile = (meta: AttachedFile, listed: unknown): boolean => {
  if (typeof listed !== 'object' || listed === null) return false;
  const other = listed as Partial<AttachedFile>;
  return other.sha256 === meta.sha256 && other.name === meta.name && other.size === meta.size;
};

/**
 * The files of the document checklist, per document type, and the checking of new ones: kind by
 * content (the first bytes), size, total size and count across every row (`admitFiles`), and
 * the refusals of the last addition to each row. Holds state and tells the host to re-render;
 * renders nothing itself.
 *
 * Files stay while another status hides their row's list, so "I don't have it" and back does
 * not lose them; the host decides which ones its value lists.
 */
export class DocumentFileChecks {
  private readonly held = new Map<DocumentType, HeldFile[]>();
  private refusals = new Map<DocumentType, FileRefusal[]>();
  private readonly reading = new Set<DocumentType>();
  private nextKey = 0;
  /** Additions run one after another, so each one's limits count the ones before. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly host: ReactiveControllerHost & FileLimitsSource) {}

  /** The limits and kinds as set on the host; a missing or nonsensical one is the default. */
  get rules(): AttachmentRules {
    const { host } = this;
    const kinds = parseAccept(host.accept);
    return {
      // An `accept` naming nothing the widget can recognize would refuse every file.
      kinds: kinds.length > 0 ? kinds : [...ATTACHMENT_KINDS],
      maxFileSize: limitOrDefault(host.maxFileSize, DEFAULT_ATTACHMENT_LIMITS.maxFileSize),
      maxTotalSize: limitOrDefault(host.maxTotalSize, DEFAULT_ATTACHMENT_LIMITS.maxTotalSize),
      maxFiles: limitOrDefault(host.maxFiles, DEFAULT_ATTACHMENT_LIMITS.maxFiles),
    };
  }

  filesOf(type: DocumentType): HeldFile[] {
    return this.held.get(type) ?? [];
  }

  refusalsOf(type: DocumentType): FileRefusal[] {
    return this.refusals.get(type) ?? [];
  }

  /** Whether files added to this row are still being checked. */
  isReading(type: DocumentType): boolean {
    return this.reading.has(type);
  }

  /** Runs `task` after every addition before it has finished. */
  serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Checks `files` for a row against the rules and every file already held; keeps the accepted
   * ones and remembers the refusals (replacing the row's earlier ones). Call inside `serially`.
   */
  async check(
    type: DocumentType,
    files: readonly File[],
  ): Promise<{ admitted: HeldFile[]; refused: FileRefusal[] }> {
    this.reading.add(type);
    this.host.requestUpdate();
    try {
      const all = [...this.held.values()].flat();
      const { admitted, refused } = await admitFiles(
        files,
        {
          count: all.length,
          totalSize: all.reduce((sum, { meta }) => sum + meta.size, 0),
          rowHashes: new Set(this.filesOf(type).map(({ meta }) => meta.sha256)),
        },
        this.rules,
      );
      this.refusals = new Map(this.refusals).set(type, refused);
      const kept = admitted.map((file) => ({ ...file, key: this.nextKey++ }));
      if (kept.length > 0) this.held.set(type, [...this.filesOf(type), ...kept]);
      return { admitted: kept, refused };
    } finally {
      this.reading.delete(type);
      this.host.requestUpdate();
    }
  }

  /** Drops a row's file by its position; returns it, or undefined when there is none. */
  remove(type: DocumentType, index: number): HeldFile | undefined {
    const row = this.filesOf(type);
    const removed = row[index];
    if (!removed) return undefined;
    this.held.set(
      type,
      row.filter((_, i) => i !== index),
    );
    this.host.requestUpdate();
    return removed;
  }

  /** A value from outside keeps the held files it lists; files cannot arrive through it. */
  keepListed(entries: readonly unknown[]): void {
    for (const type of [...this.held.keys()]) {
      const entry = entries.find(
        (item): item is Record<string, unknown> =>
          typeof item === 'object' && item !== null && (item as { type?: unknown }).type === type,
      );
      const listed = Array.isArray(entry?.files) ? (entry.files as unknown[]) : [];
      this.held.set(
        type,
        this.filesOf(type).filter(({ meta }) => listed.some((item) => sameFile(meta, item))),
      );
    }
  }

  /** Forgets every file and refusal (a form reset). */
  clear(): void {
    this.held.clear();
    this.refusals = new Map();
    this.host.requestUpdate();
  }
}
