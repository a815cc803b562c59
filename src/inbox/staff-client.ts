/**
 * The staff API client the inbox talks through (`{endpoint}/staff/…`, docs/server.md and the
 * server plan's "Staff API"). No DOM: it runs wherever `fetch` does, and the inbox element only
 * renders what it answers.
 *
 * The token comes from the host page's `getToken()`, called once per request and never kept:
 * the host's sign-in owns refreshing it. Requests carry no cookies (`credentials: 'omit'`) and
 * are never cached (`cache: 'no-store'`): they are health data.
 *
 * Errors are `StaffApiError`s with the server's machine `code` and no field value, so an
 * element can say what went wrong in the staff member's language and a log learns nothing.
 */
import type { DocumentType } from '../schema/constants.js';
import type {
  AuditEntry,
  ListQuery,
  RequestStatus,
  RequestSummary,
  StoredRequest,
} from '../server/store/types.js';

export type {
  AuditEntry,
  ListQuery,
  RequestStatus,
  RequestSummary,
  StoredFileInfo,
  StoredRequest,
  StatusChange,
} from '../server/store/types.js';

/** The statuses in the order of the team's work. */
export const STATUS_ORDER: readonly RequestStatus[] = ['new', 'in-review', 'answered', 'closed'];

/**
 * Where a request may move from `status`: one step on, or one step back. The server refuses
 * any other move (409 `invalid-transition`); offering only these spares the staff a refusal.
 */
export function statusMoves(status: RequestStatus): RequestStatus[] {
  const at = STATUS_ORDER.indexOf(status);
  return [STATUS_ORDER[at + 1], STATUS_ORDER[at - 1]].filter(
    (move): move is RequestStatus => move !== undefined,
  );
}

/** Why a call failed: the server's answer, no answer, or an answer we cannot read. */
export type StaffFailure = 'http' | 'network' | 'timeout' | 'malformed-response' | 'token';

export class StaffApiError extends Error {
  constructor(
    readonly reason: StaffFailure,
    /** The HTTP status (0 without an answer). */
    readonly status = 0,
    /** The problem's machine `code` (`expired`, `not-found`, `invalid-transition`, …), if any. */
    readonly code?: string,
  ) {
    super(`staff API: ${reason}${status ? ` ${status}` : ''}${code ? ` (${code})` : ''}`);
    this.name = 'StaffApiError';
  }
}

/** A downloaded file or export: the bytes and the name to save them under. */
export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

export interface RequestPage {
  requests: RequestSummary[];
  /** The cursor of the next (older) page; absent on the last page. */
  next?: string;
}

export interface StaffClientOptions {
  /** The receiving server's base path or URL, e.g. `/api/second-opinion`. */
  endpoint: string;
  /** The staff member's bearer token, asked for on every request and never stored. */
  getToken: () => Promise<string> | string;
  /** JSON calls give up after this many ms (default 30 s); downloads after ten times as long. */
  timeoutMs?: number;
  /** For tests and non-browser hosts; default the global `fetch`. */
  fetch?: typeof fetch;
}

export interface StaffClient {
  list(query?: ListQuery): Promise<RequestPage>;
  get(reference: string): Promise<StoredRequest>;
  setStatus(
    reference: string,
    change: { from: RequestStatus; to: RequestStatus },
    note?: string,
  ): Promise<StoredRequest>;
  audit(reference: string): Promise<AuditEntry[]>;
  remove(reference: string): Promise<void>;
  /** `fallbackName` is used when the answer names no file (it should, as an attachment). */
  file(
    reference: string,
    type: DocumentType,
    index: number,
    fallbackName: string,
  ): Promise<DownloadedFile>;
  /** The FHIR R4 transaction Bundle, as `<reference>.fhir.json` unless the server names it. */
  fhirBundle(reference: string): Promise<DownloadedFile>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** The file name of `Content-Disposition` (RFC 6266): `filename*` (UTF-8) first, then `filename`. */
export function dispositionFileName(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      // Not valid percent-encoding: fall through to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;\s]+)/i.exec(header);
  if (!plain) return undefined;
  return plain[2] !== undefined ? plain[2].replace(/\\(.)/g, '$1') : plain[1];
}

/** A name that is safe as a download name: no path, no control characters. */
function safeFileName(name: string, fallback: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f\u007f/\\]+/g, '_').trim();
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : fallback;
}

async function problemCode(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as { code?: unknown };
    return typeof body?.code === 'string' ? body.code : undefined;
  } catch {
    return undefined;
  }
}

export function createStaffClient(options: StaffClientOptions): StaffClient {
  const base = options.endpoint.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const requestPath = (reference: string) =>
    `${base}/staff/requests/${encodeURIComponent(reference)}`;

  async function call(
    path: string,
    init: { method?: string; body?: unknown; accept: string; timeoutMs?: number },
  ): Promise<Response> {
    let token: string;
    try {
      token = await options.getToken();
    } catch {
      throw new StaffApiError('token');
    }
    if (typeof token !== 'string' || !token) throw new StaffApiError('token');
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      Accept: init.accept,
    };
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(path, {
        method: init.method ?? 'GET',
        headers,
        body: init.body === undefined ? null : JSON.stringify(init.body),
        credentials: 'omit',
        cache: 'no-store',
        signal: AbortSignal.timeout(init.timeoutMs ?? timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      throw new StaffApiError(timedOut ? 'timeout' : 'network');
    }
    if (!response.ok) {
      throw new StaffApiError('http', response.status, await problemCode(response));
    }
    return response;
  }

  async function json<T>(
    path: string,
    init: { method?: string; body?: unknown } = {},
    check: (value: unknown) => value is T,
  ): Promise<T> {
    const response = await call(path, { ...init, accept: 'application/json' });
    let value: unknown;
    try {
      value = await response.json();
    } catch {
      throw new StaffApiError('malformed-response', response.status);
    }
    if (!check(value)) throw new StaffApiError('malformed-response', response.status);
    return value;
  }

  async function download(path: string, accept: string, fallbackName: string) {
    const response = await call(path, { accept, timeoutMs: timeoutMs * 10 });
    let blob: Blob;
    try {
      blob = await response.blob();
    } catch {
      throw new StaffApiError('network', response.status);
    }
    const named = dispositionFileName(response.headers.get('Content-Disposition'));
    return { blob, fileName: safeFileName(named ?? fallbackName, fallbackName) };
  }

  return {
    list(query = {}) {
      const params = new URLSearchParams();
      if (query.status) params.set('status', query.status);
      if (query.reference) params.set('reference', query.reference);
      if (query.limit !== undefined) params.set('limit', String(query.limit));
      if (query.before) params.set('before', query.before);
      const search = params.size ? `?${params}` : '';
      return json(`${base}/staff/requests${search}`, {}, isRequestPage);
    },
    get(reference) {
      return json(requestPath(reference), {}, isStoredRequest);
    },
    setStatus(reference, change, note) {
      // `from`: the status the staff member saw; the server refuses (409) if a colleague moved it.
      const body = {
        status: change.to,
        from: change.from,
        ...(note?.trim() ? { note: note.trim() } : {}),
      };
      return json(`${requestPath(reference)}/status`, { method: 'POST', body }, isStoredRequest);
    },
    async audit(reference) {
      const page = await json(`${requestPath(reference)}/audit`, {}, isAuditPage);
      return page.entries;
    },
    async remove(reference) {
      await call(requestPath(reference), { method: 'DELETE', accept: 'application/json' });
    },
    file(reference, type, index, fallbackName) {
      const path = `${requestPath(reference)}/files/${encodeURIComponent(type)}/${index}`;
      return download(path, '*/*', fallbackName);
    },
    fhirBundle(reference) {
      return download(
        `${requestPath(reference)}/fhir`,
        'application/fhir+json',
        `${reference}.fhir.json`,
      );
    },
  };
}

// Shape checks: enough that rendering cannot trip over an answer of another shape.

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isSummary(value: unknown): value is RequestSummary {
  return (
    isObject(value) &&
    typeof value.reference === 'string' &&
    typeof value.receivedAt === 'string' &&
    typeof value.status === 'string' &&
    STATUS_ORDER.includes(value.status as RequestStatus)
  );
}

function isRequestPage(value: unknown): value is RequestPage {
  return (
    isObject(value) &&
    Array.isArray(value.requests) &&
    value.requests.every(isSummary) &&
    (value.next === undefined || typeof value.next === 'string')
  );
}

function isStoredRequest(value: unknown): value is StoredRequest {
  return (
    isSummary(value) &&
    isObject((value as unknown as StoredRequest).payload) &&
    Array.isArray((value as unknown as StoredRequest).files) &&
    Array.isArray((value as unknown as StoredRequest).history)
  );
}

function isAuditPage(value: unknown): value is { entries: AuditEntry[] } {
  return (
    isObject(value) &&
    Array.isArray(value.entries) &&
    value.entries.every(
      (entry) =>
        isObject(entry) && typeof entry.at === 'string' && typeof entry.action === 'string',
    )
  );
}
