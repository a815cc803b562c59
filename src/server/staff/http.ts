/**
 * The staff API's answers: JSON, FHIR JSON and problem+json (RFC 9457) with a machine `code`,
 * each marked `Cache-Control: no-store` and `nosniff` (they carry health data or talk about it).
 */
const BASE_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
} as const;

export function json(body: unknown, status = 200, contentType = 'application/json'): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...BASE_HEADERS, 'Content-Type': `${contentType}; charset=utf-8` },
  });
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** `detail` is written by this code, never built from what the caller sent. */
export function problem(
  status: number,
  code: string,
  detail: string,
  headers: Record<string, string> = {},
): Response {
  const body = { type: 'about:blank', title: TITLES[status] ?? 'Error', status, code, detail };
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      ...BASE_HEADERS,
      'Content-Type': 'application/problem+json; charset=utf-8',
      ...headers,
    },
  });
}

export function noContent(): Response {
  return new Response(null, { status: 204, headers: BASE_HEADERS });
}

/** RFC 5987 value-chars: `encodeURIComponent` leaves `'()*` as they are, which are not allowed. */
const encodeRfc5987 = (text: string) =>
  encodeURIComponent(text).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/**
 * `attachment` always (the browser saves, never renders), with the patient's file name as UTF-8
 * and a plain ASCII stand-in for old clients (RFC 6266).
 */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_').trim() || 'file';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

export function download(
  body: ReadableStream<Uint8Array>,
  info: { name: string; size: number; contentType: string },
): Response {
  return new Response(body, {
    headers: {
      ...BASE_HEADERS,
      'Content-Type': info.contentType || 'application/octet-stream',
      'Content-Length': String(info.size),
      'Content-Disposition': contentDisposition(info.name),
      // Should a browser open it anyway, it runs nothing with this origin's rights.
      'Content-Security-Policy': 'sandbox',
    },
  });
}

/** Reads a small body, refusing more than `limit` bytes without reading them all. */
export async function readSmallBody(request: Request, limit: number): Promise<string | undefined> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
