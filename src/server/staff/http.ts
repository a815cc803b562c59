import { NO_STORE_HEADERS } from '../answers.js';

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
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_').trim() || 'file';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

export function download(
  body: ReadableStream<Uint8Array>,
  info: { name: string; size: number; contentType: string },
): Response {
  return new Response(body, {
    headers: {
      ...NO_STORE_HEADERS,
      'Content-Type': info.contentType || 'application/octet-stream',
      'Content-Length': String(info.size),
      'Content-Disposition': contentDisposition(info.name),
      // Should a browser open it anyway, it runs nothing with this origin's rights.
      'Content-Security-Policy': 'sandbox',
    },
  });
}
