import { FHIR_JSON } from '../../fhir/canonical.js';
import { DOCUMENT_TYPES, MAX_LENGTH, type DocumentType } from '../../schema/constants.js';
import { emptyAnswer, jsonAnswer, problemAnswer } from '../answers.js';
import type { StaffHandler } from '../handler.js';
import { BodyAbortedError, readLimited, TooLargeError } from '../body.js';
import {
  REQUEST_STATUSES,
  StatusConflictError,
  StoreUnavailableError,
  type IntakeStore,
  type ListQuery,
  type RequestStatus,
} from '../store/types.js';
import { errorKind } from '../error-kind.js';
import { createAuditor } from './audit.js';
import {
  createStaffAuthenticator,
  wwwAuthenticate,
  type Permission,
  type StaffAuthenticator,
  type StaffAuthOptions,
  type StaffIdentity,
} from './auth.js';
import { toFhirBundle } from './fhir-bundle.js';
import { download } from './http.js';
import { REFERENCE_PATTERN } from '../reference.js';

/**
 * The staff API: `{basePath}/staff/…`, where the medical team lists, reads, downloads, moves
 * and exports requests. Every route authenticates first (./auth.ts): a refused request reads
 * nothing and leaves nothing in the audit trail. Every read of health data, download, status
 * change, export and deletion is audited (./audit.ts) before the data leaves.
 */
export interface StaffHandlerOptions {
  store: IntakeStore;
  /** How tokens are checked: configuration, or an authenticator built from it. */
  auth: StaffAuthOptions | StaffAuthenticator;
  /** Origins of the staff inbox allowed to call from a browser (CORS). Default none. */
  allowedOrigins?: readonly string[];
  /**
   * The staff API's public URL (`https://clinic.example/api/second-opinion/staff`) for the links
   * in FHIR exports; default: taken from each request's own URL.
   */
  publicUrl?: string;
  now?: () => Date;
  /** Told about unexpected errors (never with a field value in them). Default `console.error`. */
  onError?: (error: unknown) => void;
}

const json = (body: unknown) => jsonAnswer(200, body);
/** `detail` is written here, never built from what the caller sent. */
const problem = (
  status: number,
  code: string,
  detail: string,
  headers: Record<string, string> = {},
) => problemAnswer(status, detail, { code }, headers);

/** new ⇄ in-review ⇄ answered ⇄ closed: one step forward, or one back to undo a slip. */
const ORDER: readonly RequestStatus[] = REQUEST_STATUSES;
const STATUS_BODY_LIMIT = 16 * 1024;
const RETRY_AFTER_SECONDS = '5';

type Route =
  | { name: 'list' }
  | { name: 'request' | 'status' | 'fhir' | 'audit'; reference: string }
  | { name: 'file'; reference: string; type: DocumentType; index: number };

const ROUTE_METHODS: Record<Route['name'], Partial<Record<string, Permission>>> = {
  list: { GET: 'read' },
  request: { GET: 'read', DELETE: 'delete' },
  status: { POST: 'write' },
  fhir: { GET: 'read' },
  audit: { GET: 'read' },
  file: { GET: 'read' },
};

/** The route of a subpath (`/requests/SO-…/files/imaging/0`), with the reference upper-cased. */
function parseRoute(subpath: string): Route | undefined {
  let parts: string[];
  try {
    parts = subpath.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined; // a broken %-escape
  }
  if (parts[0] !== 'requests') return undefined;
  if (parts.length === 1) return { name: 'list' };
  const reference = parts[1].toUpperCase();
  if (parts.length === 2) return { name: 'request', reference };
  if (
    parts.length === 3 &&
    (parts[2] === 'status' || parts[2] === 'fhir' || parts[2] === 'audit')
  ) {
    return { name: parts[2], reference };
  }
  if (parts.length === 5 && parts[2] === 'files') {
    const type = parts[3] as DocumentType;
    const index = /^(0|[1-9][0-9]{0,3})$/.test(parts[4]) ? Number(parts[4]) : -1;
    if (DOCUMENT_TYPES.includes(type) && index >= 0)
      return { name: 'file', reference, type, index };
  }
  return undefined;
}

/** The list's query string, checked; a string says what is wrong. */
function listQuery(params: URLSearchParams): ListQuery | string {
  const query: ListQuery = {};
  const status = params.get('status');
  if (status) {
    if (!REQUEST_STATUSES.includes(status as RequestStatus)) return 'status is not a known status';
    query.status = status as RequestStatus;
  }
  const reference = params.get('reference');
  if (reference) query.reference = reference.trim().toUpperCase();
  const limit = params.get('limit');
  if (limit) {
    if (!/^[1-9][0-9]*$/.test(limit) || Number(limit) > 200) return 'limit must be 1 to 200';
    query.limit = Number(limit);
  }
  const before = params.get('before');
  if (before) {
    if (Number.isNaN(Date.parse(before))) return 'before must be an ISO 8601 time';
    query.before = new Date(before).toISOString();
  }
  return query;
}

interface RequestedChange {
  status: RequestStatus;
  /** The status the staff member saw when choosing: the change holds only if it still is. */
  from?: RequestStatus;
  note?: string;
}

/** `{ status, from?, note? }` from a JSON body; a string says what is wrong. */
function statusChange(text: string): RequestedChange | string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'the body is not JSON';
  }
  if (typeof body !== 'object' || body === null) return 'the body must be an object';
  const { status, from, note } = body as Record<string, unknown>;
  if (!REQUEST_STATUSES.includes(status as RequestStatus)) return 'status is not a known status';
  if (from !== undefined && !REQUEST_STATUSES.includes(from as RequestStatus)) {
    return 'from is not a known status';
  }
  if (note !== undefined && (typeof note !== 'string' || note.length > MAX_LENGTH.longText)) {
    return `note must be text of at most ${MAX_LENGTH.longText} characters`;
  }
  const trimmed = typeof note === 'string' ? note.trim() : '';
  return {
    status: status as RequestStatus,
    ...(from !== undefined ? { from: from as RequestStatus } : {}),
    ...(trimmed ? { note: trimmed } : {}),
  };
}

function isAllowedMove(from: RequestStatus, to: RequestStatus): boolean {
  return Math.abs(ORDER.indexOf(from) - ORDER.indexOf(to)) === 1;
}

export function createStaffHandler(options: StaffHandlerOptions): StaffHandler {
  const { store } = options;
  const authenticate =
    typeof options.auth === 'function' ? options.auth : createStaffAuthenticator(options.auth);
  const now = options.now ?? (() => new Date());
  const audit = createAuditor(store, now);
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const onError =
    options.onError ?? ((error: unknown) => console.error(`staff api: ${errorKind(error)}`));

  const notFound = () => problem(404, 'not-found', 'There is no request with this reference.');
  const statusChanged = (current: RequestStatus) =>
    problemAnswer(409, `Someone changed this request's status meanwhile: it is now ${current}.`, {
      code: 'status-changed',
      currentStatus: current,
    });

  function staffBase(request: Request, subpath: string): string {
    if (options.publicUrl) return options.publicUrl.replace(/\/+$/, '');
    const url = new URL(request.url);
    // The path ends with the subpath (`requests/…`); what is before it is the staff API's root.
    const tail = subpath.replace(/^\/+|\/+$/g, '');
    const path = url.pathname.replace(/\/+$/, '');
    const root = path.endsWith(tail) ? path.slice(0, path.length - tail.length) : path;
    return `${url.origin}${root.replace(/\/+$/, '')}`;
  }

  async function serve(
    route: Route,
    method: string,
    request: Request,
    subpath: string,
    who: StaffIdentity,
  ): Promise<Response> {
    if (route.name === 'list') {
      const query = listQuery(new URL(request.url).searchParams);
      if (typeof query === 'string') return problem(400, 'invalid-query', query);
      if (query.reference && !REFERENCE_PATTERN.test(query.reference))
        return json({ requests: [] });
      const limit = query.limit ?? 50;
      const requests = await store.list({ ...query, limit });
      const last = requests.at(-1);
      return json({
        requests,
        ...(requests.length === limit && last ? { next: last.receivedAt } : {}),
      });
    }

    const { reference } = route;
    if (route.name === 'audit') {
      // Kept after a deletion, so asked for without checking that the request still exists.
      if (!REFERENCE_PATTERN.test(reference)) return json({ entries: [] });
      return json({ entries: await store.auditFor(reference) });
    }
    if (!REFERENCE_PATTERN.test(reference)) return notFound();

    switch (route.name) {
      case 'request': {
        if (method === 'DELETE') {
          if (!(await store.delete(reference))) return notFound();
          await audit.record(who.actor, 'delete', reference);
          return emptyAnswer(204);
        }
        const stored = await store.get(reference);
        if (!stored) return notFound();
        await audit.record(who.actor, 'read', reference);
        return json(stored);
      }
      case 'file': {
        const file = await store.openFile(reference, route.type, route.index);
        if (!file) return notFound();
        try {
          await audit.record(who.actor, 'download', reference, `${route.type}:${route.index}`);
        } catch (error) {
          await file.body.cancel();
          throw error;
        }
        return download(file.body, file.info);
      }
      case 'fhir': {
        const stored = await store.get(reference);
        if (!stored) return notFound();
        const base = staffBase(request, subpath);
        const bundle = toFhirBundle(stored, {
          fileUrl: (type, index) => `${base}/requests/${reference}/files/${type}/${index}`,
          now: now(),
        });
        await audit.record(who.actor, 'export', reference);
        return jsonAnswer(200, bundle, { 'Content-Type': `${FHIR_JSON}; charset=utf-8` });
      }
      case 'status': {
        const type = request.headers.get('content-type') ?? '';
        if (!/^application\/json\s*(;|$)/i.test(type)) {
          return problem(415, 'unsupported-media-type', 'Send the status change as JSON.');
        }
        let text: string;
        try {
          const bytes = await readLimited(
            request.body,
            STATUS_BODY_LIMIT,
            () => new TooLargeError('max-body-size', STATUS_BODY_LIMIT, 'status change too large'),
          );
          text = new TextDecoder().decode(bytes);
        } catch (error) {
          if (!(error instanceof TooLargeError)) throw error;
          return problem(413, 'too-large', 'The body is too large.');
        }
        const change = statusChange(text);
        if (typeof change === 'string') return problem(400, 'invalid-body', change);
        const current = await store.get(reference);
        if (!current) return notFound();
        if (change.from !== undefined && change.from !== current.status) {
          return statusChanged(current.status);
        }
        if (!isAllowedMove(current.status, change.status)) {
          return problem(
            409,
            'invalid-transition',
            `A request cannot move from ${current.status} to ${change.status}.`,
          );
        }
        let updated;
        try {
          // Compare-and-set on the status just checked: a colleague's change in between wins.
          updated = await store.setStatus(
            reference,
            {
              status: change.status,
              ...(change.note ? { note: change.note } : {}),
              at: now().toISOString(),
              actor: who.actor,
            },
            current.status,
          );
        } catch (error) {
          if (error instanceof StatusConflictError) return statusChanged(error.current);
          throw error;
        }
        if (!updated) return notFound();
        await audit.record(who.actor, 'status', reference, change.status);
        return json(updated);
      }
    }
  }

  function withCors(response: Response, origin: string | null): Response {
    if (origin === null) return response;
    response.headers.set('Access-Control-Allow-Origin', origin);
    response.headers.append('Vary', 'Origin');
    response.headers.set(
      'Access-Control-Expose-Headers',
      'Content-Disposition, WWW-Authenticate, Retry-After',
    );
    return response;
  }

  function preflight(origin: string): Response {
    const response = new Response(null, { status: 204 });
    response.headers.set('Access-Control-Allow-Origin', origin);
    response.headers.set('Access-Control-Allow-Methods', 'GET, POST, DELETE');
    response.headers.set('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    response.headers.set('Access-Control-Max-Age', '600');
    response.headers.set('Vary', 'Origin');
    return response;
  }

  return async (request, subpath) => {
    const origin = request.headers.get('origin');
    // A page of any other origin is refused outright, even with a token it somehow holds.
    if (origin !== null && !allowedOrigins.has(origin)) {
      return problem(403, 'origin-not-allowed', 'This origin may not call the staff API.');
    }
    const route = parseRoute(subpath);
    if (!route) return withCors(problem(404, 'unknown-route', 'No such staff route.'), origin);
    if (request.method === 'OPTIONS' && origin !== null) return preflight(origin);
    const methods = ROUTE_METHODS[route.name];
    const needed = methods[request.method];
    if (!needed) {
      const allow = Object.keys(methods).join(', ');
      return withCors(
        problem(405, 'method-not-allowed', `Use ${allow}.`, { Allow: allow }),
        origin,
      );
    }

    const auth = await authenticate(request, needed);
    if (!auth.ok) {
      const headers: Record<string, string> =
        auth.status === 503
          ? { 'Retry-After': RETRY_AFTER_SECONDS }
          : { 'WWW-Authenticate': wwwAuthenticate(auth.code) };
      const detail =
        auth.status === 503
          ? 'The identity provider cannot be reached to check the token.'
          : `The token was refused: ${auth.code}.`;
      return withCors(problem(auth.status, auth.code, detail, headers), origin);
    }

    try {
      return withCors(await serve(route, request.method, request, subpath, auth.identity), origin);
    } catch (error) {
      // A body that stopped arriving: the receiving handler answers 408 for it.
      if (error instanceof BodyAbortedError) throw error;
      if (error instanceof StoreUnavailableError) {
        return withCors(
          problem(503, 'store-unavailable', 'Storage is unavailable; try again shortly.', {
            'Retry-After': RETRY_AFTER_SECONDS,
          }),
          origin,
        );
      }
      onError(error);
      return withCors(problem(500, 'internal-error', 'Something went wrong.'), origin);
    }
  };
}
