/**
 * The answers the receiving server gives: JSON, or RFC 9457 problem details with a machine
 * `code`. Every answer concerns health data, so none may be cached or sniffed.
 */
import { STATUS_CODES } from 'node:http';

export const NO_STORE_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
} as const;

/** RFC 9110's names where Node still has the older ones. */
const TITLES: Record<number, string> = {
  413: 'Content Too Large',
  422: 'Unprocessable Content',
};

export interface ProblemFields {
  /** A machine-readable code: `request-in-flight`, `idempotency-key-reused`, `store-unavailable`… */
  code?: string;
  /** Field errors (dotted path + the schema's issue code): what the widget shows. */
  errors?: { path: string; code: string }[];
  limit?: string;
  maximum?: number;
  reference?: string;
  /** Staff API, `status-changed`: the status a colleague's change left. */
  currentStatus?: string;
}

/** `body` as JSON of the given media type, with its length. */
function jsonResponse(
  status: number,
  mediaType: string,
  body: unknown,
  headers: Record<string, string>,
): Response {
  const text = JSON.stringify(body);
  return new Response(text, {
    status,
    headers: {
      ...NO_STORE_HEADERS,
      'Content-Type': `${mediaType}; charset=utf-8`,
      'Content-Length': String(Buffer.byteLength(text)),
      ...headers,
    },
  });
}

export function jsonAnswer(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return jsonResponse(status, 'application/json', body, headers);
}

/** RFC 9457 problem details. */
export function problemAnswer(
  status: number,
  detail: string,
  fields: ProblemFields = {},
  headers: Record<string, string> = {},
): Response {
  const title = TITLES[status] ?? STATUS_CODES[status] ?? 'Error';
  const body = { type: 'about:blank', title, status, detail, ...fields };
  return jsonResponse(status, 'application/problem+json', body, headers);
}

export function emptyAnswer(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers: { ...NO_STORE_HEADERS, ...headers } });
}
