/**
 * The receiving handler on `node:http`: IncomingMessage → Request with a streamed body,
 * Response → ServerResponse streamed back, and the clocks a web-standard handler cannot keep.
 *
 * - Idle timeout: a body that delivers no byte for `idleTimeoutMs` while the handler waits for
 *   one is aborted (a client sending one byte a minute holds nothing for long).
 * - Total timeout: a body still arriving after `totalTimeoutMs` is aborted.
 * Aborting errors the body stream with `BodyAbortedError`: the handler abandons the upload
 * (nothing stays on disk) and answers 408, which is sent if the connection still takes it.
 * - After an early answer (413, 422…) the rest of the body is read and dropped, up to
 *   `maxDrainBytes`, so the client receives the answer instead of a reset connection.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BodyAbortedError, type BodyAbortReason } from './body.js';
import {
  createReceivingHandler,
  type ReceivingHandler,
  type ReceivingHandlerOptions,
} from './handler.js';
import type { IntakeStore } from './store/types.js';

export interface NodeAdapterOptions {
  /** Default 30 s. */
  idleTimeoutMs?: number;
  /** Default 10 minutes. */
  totalTimeoutMs?: number;
  /** Unread body bytes dropped after an early answer before the connection is closed; default 128 MiB. */
  maxDrainBytes?: number;
}

type Timeouts = Required<NodeAdapterOptions>;

const DEFAULTS: Timeouts = {
  idleTimeoutMs: 30_000,
  totalTimeoutMs: 10 * 60_000,
  maxDrainBytes: 128 * 1024 * 1024,
};
const CHUNK_QUEUE_BYTES = 64 * 1024;

/** The request's body as a web stream, with backpressure and the two clocks. */
function bodyOf(req: IncomingMessage, timeouts: Timeouts) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let settled = false;
  let idle: NodeJS.Timeout | undefined;
  const stopIdle = () => clearTimeout(idle);
  const finish = () => {
    settled = true;
    stopIdle();
    clearTimeout(total);
  };
  const abort = (reason: BodyAbortReason) => {
    if (settled) return;
    finish();
    req.pause();
    controller.error(new BodyAbortedError(reason));
  };
  const startIdle = () => {
    stopIdle();
    if (!settled) idle = setTimeout(() => abort('idle-timeout'), timeouts.idleTimeoutMs);
  };
  const total = setTimeout(() => abort('total-timeout'), timeouts.totalTimeoutMs);
  const state = { cancelled: false, aborted: () => settled && !req.complete && !state.cancelled };

  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        req.pause();
        req.on('data', (chunk: Buffer) => {
          if (settled) return;
          startIdle();
          c.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((c.desiredSize ?? 0) <= 0) {
            // The handler is busy (writing to disk): its delay is not the client's idleness.
            stopIdle();
            req.pause();
          }
        });
        req.once('end', () => {
          if (settled) return;
          finish();
          c.close();
        });
        req.once('error', () => abort('client-gone'));
        req.once('close', () => {
          if (!req.complete) abort('client-gone');
        });
      },
      pull() {
        startIdle();
        req.resume();
      },
      cancel() {
        state.cancelled = true;
        finish();
        // What follows is dropped by drainRest, within its limit, once the answer is out.
        req.pause();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: CHUNK_QUEUE_BYTES }),
  );
  return { stream, state, finish };
}

/** The path of `req.url` on a fixed origin: `//evil/x` stays a path. */
function urlOf(req: IncomingMessage): string {
  const host = req.headers.host;
  const origin = host && /^[a-z0-9.:[\]-]+$/i.test(host) ? `http://${host}` : 'http://localhost';
  const path = req.url?.startsWith('/') ? req.url : '/';
  return origin + path;
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    try {
      headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    } catch {
      // A header the Fetch API refuses is one no route reads.
    }
  }
  return headers;
}

/** Drops what the client still sends, up to a limit, so that it reads the answer. */
function drainRest(req: IncomingMessage, timeouts: Timeouts): void {
  if (req.complete || req.destroyed) return;
  let dropped = 0;
  const hangUp = () => req.socket.destroy();
  let idle = setTimeout(hangUp, timeouts.idleTimeoutMs);
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    clearTimeout(idle);
    if (dropped > timeouts.maxDrainBytes) hangUp();
    else idle = setTimeout(hangUp, timeouts.idleTimeoutMs);
  });
  req.once('end', () => clearTimeout(idle));
  req.once('close', () => clearTimeout(idle));
  req.resume();
}

async function writeResponse(
  response: Response,
  req: IncomingMessage,
  res: ServerResponse,
  closeAfter: boolean,
): Promise<void> {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  if (closeAfter) res.setHeader('Connection', 'close');
  if (!response.body || req.method === 'HEAD') {
    await response.body?.cancel();
    res.end();
    return;
  }
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) throw new Error('client gone');
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          const go = () => {
            res.off('drain', go);
            res.off('close', go);
            resolve();
          };
          res.on('drain', go).on('close', go);
        });
      }
    }
    res.end();
  } catch {
    await reader.cancel().catch(() => undefined);
    res.destroy();
  }
}

/** A `node:http` request listener around a web-standard handler. */
export function toNodeListener(
  handler: ReceivingHandler,
  options: NodeAdapterOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const timeouts: Timeouts = { ...DEFAULTS, ...options };
  return (req, res) => {
    const method = req.method ?? 'GET';
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const body = hasBody ? bodyOf(req, timeouts) : undefined;
    const gone = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) gone.abort();
      body?.finish();
    });
    const request = new Request(urlOf(req), {
      method,
      headers: headersOf(req),
      signal: gone.signal,
      ...(body ? { body: body.stream, duplex: 'half' } : {}),
    });
    handler(request)
      .catch(() => new Response(null, { status: 500, headers: { 'Cache-Control': 'no-store' } }))
      .then(async (response) => {
        const unread = body !== undefined && !req.complete;
        await writeResponse(response, req, res, unread);
        if (unread && !body.state.aborted()) drainRest(req, timeouts);
        else if (unread) res.once('finish', () => req.socket.destroy());
      })
      .catch(() => res.destroy());
  };
}

/**
 * Connect-style middleware (Vite, Express, connect): requests under `basePath` go to the
 * handler, anything else to `next()`.
 */
export function toNodeMiddleware(
  handler: ReceivingHandler,
  basePath: string,
  options: NodeAdapterOptions = {},
): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const listener = toNodeListener(handler, options);
  const base = basePath.replace(/\/+$/, '');
  return (req, res, next) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path === base || path.startsWith(`${base}/`)) listener(req, res);
    else next();
  };
}

export interface ServerConfig extends Omit<ReceivingHandlerOptions, 'store'>, NodeAdapterOptions {
  /** Opened by `startServer`, closed by `close()`. */
  store: IntakeStore;
  /** Default 0: a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** How long `close()` lets requests in flight finish; default 10 s. */
  shutdownGraceMs?: number;
  /** Close on SIGTERM and SIGINT (then exit); default false. */
  handleSignals?: boolean;
}

export interface RunningServer {
  url: string;
  server: Server;
  /** Stops accepting, lets requests in flight finish (up to the grace period), closes the store. */
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  await config.store.open();
  const handler = createReceivingHandler(config);
  /** Handlers still running: a response may be gone (client left) while its handler stores. */
  const active = new Set<Promise<Response>>();
  let allDone: (() => void) | undefined;
  const tracked: ReceivingHandler = (request) => {
    const run = handler(request);
    active.add(run);
    const settle = () => {
      active.delete(run);
      if (active.size === 0) allDone?.();
    };
    run.then(settle, settle);
    return run;
  };
  const server = createServer(toNodeListener(tracked, config));
  // Our own body clocks apply; Node's whole-request timeout (5 min) would cut long uploads.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port ?? 0, config.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host =
    config.host && config.host !== '0.0.0.0' && config.host !== '::' ? config.host : '127.0.0.1';
  const hostInUrl = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const handlersDone =
        active.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => (allDone = resolve));
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, config.shutdownGraceMs ?? 10_000);
      });
      // Requests in flight finish (their answers included) within the grace period.
      await Promise.race([handlersDone.then(() => stopped), grace]);
      clearTimeout(timer);
      server.closeAllConnections();
      await stopped;
      await config.store.close();
    })());

  if (config.handleSignals) {
    const onSignal = () => {
      void close().finally(() => process.exit(0));
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  return { url: `http://${hostInUrl}:${port}`, server, close };
}
