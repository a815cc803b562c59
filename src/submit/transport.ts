/**
 * One attempt to POST a request body: fetch, or XMLHttpRequest when upload progress is wanted
 * (fetch cannot report it). Both have the same timeout, cancellation and result shape. No DOM.
 */

export interface AttemptRequest {
  url: URL;
  headers: Record<string, string>;
  body: BodyInit;
  credentials: RequestCredentials;
  /** Time allowed without progress: see `SubmitOptions.timeoutMs`. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  onProgress?: ((sentBytes: number, totalBytes: number) => void) | undefined;
}

export type AttemptResult =
  | { type: 'response'; status: number; retryAfter: string | null; text: string }
  | { type: 'network' }
  | { type: 'timeout' }
  | { type: 'cancelled' };

export type Transport = (request: AttemptRequest) => Promise<AttemptResult>;

/**
 * Posts with fetch: exact `credentials`, no referrer, no cache. The timeout covers the whole
 * exchange, body included: a server that sends headers and then stalls must not leave the
 * patient waiting forever.
 */
export function fetchTransport(send: typeof fetch): Transport {
  return async (request) => {
    if (request.signal?.aborted) return { type: 'cancelled' };
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, request.timeoutMs);
    const onAbort = () => controller.abort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await send(request.url, {
        method: 'POST',
        credentials: request.credentials,
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
      });
      const text = await response.text();
      return {
        type: 'response',
        status: response.status,
        retryAfter: response.headers.get('Retry-After'),
        text,
      };
    } catch {
      if (request.signal?.aborted) return { type: 'cancelled' };
      return timedOut ? { type: 'timeout' } : { type: 'network' };
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    }
  };
}

/** How often upload progress is reported at most (the end of the upload always is). */
const PROGRESS_INTERVAL_MS = 100;

/**
 * Posts with XMLHttpRequest, reporting upload progress. The timeout restarts whenever bytes
 * leave, so a large upload on a slow line is not cut off while it is moving; once everything is
 * sent, the server has `timeoutMs` to answer.
 *
 * XHR has no `credentials: 'omit'` for same-origin requests and no per-request referrer policy:
 * `pickTransport` only uses it where `credentials` means exactly the same as with fetch.
 */
export const xhrTransport: Transport = (request) =>
  new Promise((resolve) => {
    if (request.signal?.aborted) {
      resolve({ type: 'cancelled' });
      return;
    }
    const xhr = new XMLHttpRequest();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const finish = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const onAbort = () => {
      finish({ type: 'cancelled' });
      xhr.abort();
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        finish({ type: 'timeout' });
        xhr.abort();
      }, request.timeoutMs);
    };

    xhr.open('POST', request.url.href);
    xhr.withCredentials = request.credentials === 'include';
    xhr.responseType = 'text';
    for (const [name, value] of Object.entries(request.headers)) xhr.setRequestHeader(name, value);
    // Listeners on `upload` must exist before send(), or the browser skips the progress events.
    // WebKit fires a progress event for every 8 KB handed to the network (hundreds a second);
    // reporting each one re-rendered the intake so often that the page froze for seconds.
    let reportedAt = -Infinity;
    xhr.upload.addEventListener('progress', (event) => {
      arm();
      if (!event.lengthComputable) return;
      const now = performance.now();
      if (event.loaded < event.total && now - reportedAt < PROGRESS_INTERVAL_MS) return;
      reportedAt = now;
      request.onProgress?.(event.loaded, event.total);
    });
    // The upload's end counts as all of it sent: WebKit may skip the final progress event, and
    // the bar would stay short of 100% until the answer comes.
    xhr.upload.addEventListener('load', (event) => {
      arm();
      if (event.lengthComputable) request.onProgress?.(event.total, event.total);
    });
    xhr.addEventListener('load', () =>
      finish({
        type: 'response',
        status: xhr.status,
        retryAfter: xhr.getResponseHeader('Retry-After'),
        text: xhr.responseText,
      }),
    );
    xhr.addEventListener('error', () => finish({ type: 'network' }));
    xhr.addEventListener('abort', () => finish({ type: 'cancelled' }));
    request.signal?.addEventListener('abort', onAbort, { once: true });
    arm();
    xhr.send(request.body as XMLHttpRequestBodyInit);
  });

/**
 * Whether XMLHttpRequest sends cookies exactly as fetch would with `credentials`. XHR always
 * sends them to its own origin; `withCredentials` only governs other origins.
 */
export function xhrHonoursCredentials(credentials: RequestCredentials, url: URL): boolean {
  if (credentials !== 'omit') return true;
  const pageOrigin = globalThis.location?.origin;
  return pageOrigin !== undefined && url.origin !== pageOrigin;
}

/**
 * fetch, unless the caller wants upload progress for a body worth measuring (a FormData, a
 * Blob: not a JSON string) and XMLHttpRequest can honour `credentials`.
 */
export function pickTransport(request: {
  url: URL;
  body: BodyInit;
  credentials: RequestCredentials;
  wantsProgress: boolean;
}): Transport {
  const measurable = typeof request.body !== 'string';
  if (
    request.wantsProgress &&
    measurable &&
    typeof XMLHttpRequest === 'function' &&
    xhrHonoursCredentials(request.credentials, request.url)
  ) {
    return xhrTransport;
  }
  return fetchTransport(globalThis.fetch.bind(globalThis));
}
