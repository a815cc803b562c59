/**
 * The server side of the browser tests, mounted into @web/test-runner's dev server (Koa):
 *
 * - `/api/second-opinion…`: the receiving server (src/server/handler.ts) on an embedded store
 *   in a fresh directory under the OS temp dir, one per test-runner process, removed on exit.
 * - `/api/cors/second-opinion…`: the same server with this server's own two origins allowed
 *   (`http://localhost:<port>`, `http://127.0.0.1:<port>`), so that a page on one host name can
 *   test CORS by posting to the other. Same store.
 * - `/test-api/stored` (test only, never a product route): `GET` lists what the store holds,
 *   newest first, each request whole with its files' SHA-256 computed again from the stored
 *   bytes; `DELETE` deletes every stored request. Not recorded.
 * - `/test-api/…`: routes that misbehave on purpose, for the widget's submit tests. Every request
 *   to them, except to the log itself, is recorded as `{ method, path, headers, body }` (header
 *   names lower-case, body as text, path without query):
 *   - `ANY /test-api/respond/<status>?type=&body=&delay=&header=`: answers `<status>` (200–599)
 *     with `body` (default empty) as `type` (default `application/json`; `type=` sends none),
 *     after `delay` ms, with each `header=Name: value` added (e.g. `Retry-After: 1`);
 *   - `ANY /test-api/hang`: never answers; ends when the client gives up;
 *   - `ANY /test-api/reset`: resets the connection without answering;
 *   - `POST /test-api/flaky/<key>?fail=N&mode=&status=&retryAfter=&delay=`: the first N
 *     requests for `<key>` (default 1) fail, the others are passed on to the real endpoint
 *     (`/api/second-opinion`, over HTTP, headers and body as received), so what is stored and
 *     the idempotency are real. `mode` says how a request fails:
 *     `status` (default): answers `status` (default 503) as problem+json, with
 *       `Retry-After: <retryAfter>` when given (seconds or an HTTP date, passed as is);
 *     `reset`: resets the connection; `hang`: never answers;
 *     `malformed`: a 200 whose body is not JSON;
 *     `lose`: passes the request on (so it IS stored) and then resets the connection, as when
 *       an answer is lost on the way back;
 *     `hold`: passes the request on but holds back the body's last byte until
 *       `POST /test-api/release/<key>`, so the endpoint is still receiving it meanwhile (its
 *       key is in flight); the answer goes to the client if it is still waiting.
 *     `delay` (ms) waits before anything, failing or passing on (a client that gives up first
 *     ends the request: nothing is passed on).
 *     `cors=1` answers any origin as an embedding server must (preflight included), and
 *     `cors=expose` also exposes `Retry-After` to the page: for cross-origin tests.
 *   - `POST /test-api/release/<key>`: lets the requests `hold` keeps for `flaky/<key>` finish.
 *   - `GET /test-api/requests`: the recorded requests, oldest first; `DELETE` clears them and
 *     the flaky counters, and releases what `hold` keeps.
 *   A new behaviour is one more entry in `faultRoutes`; state it needs goes into
 *   `TestApiState`, which `DELETE /test-api/requests` resets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context, Next } from 'koa';
import { createReceivingHandler } from '../../src/server/handler.ts';
import { toNodeMiddleware } from '../../src/server/node.ts';
import { createEmbeddedStore } from '../../src/server/store/embedded.ts';
import type { IntakeStore } from '../../src/server/store/types.ts';
import { storedRequests } from './stored.ts';

type ConnectHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

const ENDPOINT_PREFIX = '/api/second-opinion';
const CORS_ENDPOINT_BASE = '/api/cors/second-opinion';
const TEST_API_PREFIX = '/test-api/';
const LOG_PATH = '/test-api/requests';
const STORED_PATH = '/test-api/stored';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

interface TestApiState {
  requests: RecordedRequest[];
  /** Requests seen per `flaky/<key>`. */
  flaky: Map<string, number>;
  /** Per `flaky/<key>`, what lets its held requests finish. */
  held: Map<string, Array<() => void>>;
}

interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** The path after `/test-api/<route>/`, e.g. `503` for `/test-api/respond/503`. */
  rest: string;
  query: URLSearchParams;
  state: TestApiState;
  /** The request body, already read (for recording). */
  body: Buffer;
}

type FaultRoute = (route: RouteContext) => Promise<void> | void;

/** Resolves when the connection is gone, answered or not. */
function closed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.closed) resolve();
    else res.once('close', () => resolve());
  });
}

/**
 * Koa presets 404, and the test runner reports every 404 as a missing file. Nothing is ever
 * written with this status: these requests get no answer at all.
 */
function markUnanswered(res: ServerResponse): void {
  res.statusCode = 0;
}

function sendText(
  res: ServerResponse,
  status: number,
  body = '',
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  sendText(res, status, JSON.stringify(value), { 'Content-Type': 'application/json' });
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of req) chunks.push(chunk as Buffer);
  } catch {
    // The client went away mid-body: what arrived is still worth recording.
  }
  return Buffer.concat(chunks);
}

/** Waits `ms`; true when the client went away meanwhile. */
async function goneWithin(res: ServerResponse, ms: number): Promise<boolean> {
  if (!(ms > 0)) return res.closed;
  return Promise.race([
    closed(res).then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), ms)),
  ]);
}

interface ForwardedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Passes a request on to the real endpoint of this same server, over HTTP, as an embedder's
 * proxy would: whatever the endpoint does with JSON or multipart bodies, it does here too.
 */
function forwardToEndpoint(
  req: IncomingMessage,
  body: Buffer,
  /** Until it resolves, the body's last byte is not sent. */
  hold?: Promise<void>,
): Promise<ForwardedAnswer> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(headersOf(req))) {
    if (!['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)) {
      headers[name] = value;
    }
  }
  headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: req.socket.localAddress,
        port: req.socket.localPort,
        method: req.method ?? 'POST',
        path: ENDPOINT_PREFIX,
        headers,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('error', reject);
        answer.on('end', () => {
          const answerHeaders: Record<string, string> = {};
          for (const name of ['content-type', 'cache-control', 'retry-after']) {
            const value = answer.headers[name];
            if (typeof value === 'string') answerHeaders[name] = value;
          }
          resolve({
            status: answer.statusCode ?? 502,
            headers: answerHeaders,
            body: Buffer.concat(chunks),
          });
        });
      },
    );
    outgoing.on('error', reject);
    if (!hold || body.length === 0) {
      outgoing.end(body);
      return;
    }
    outgoing.write(body.subarray(0, -1));
    void hold.then(() => outgoing.end(body.subarray(-1)));
  });
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = [value].flat().join(', ');
  }
  return headers;
}

const faultRoutes: Record<string, FaultRoute> = {
  async respond({ res, rest, query }) {
    const status = Number(rest);
    if (!/^\d{3}$/.test(rest) || status < 200 || status > 599) {
      return sendText(res, 400, 'respond/<status>: a status from 200 to 599');
    }
    const delay = Number(query.get('delay') ?? 0);
    if (delay > 0) {
      const gone = await Promise.race([
        closed(res).then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), delay)),
      ]);
      if (gone) return;
    }
    const type = query.get('type') ?? 'application/json';
    const headers: Record<string, string> = type ? { 'Content-Type': type } : {};
    for (const header of query.getAll('header')) {
      const colon = header.indexOf(':');
      if (colon > 0) headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
    }
    sendText(res, status, query.get('body') ?? '', headers);
  },

  release({ res, rest, state }) {
    for (const release of state.held.get(rest) ?? []) release();
    state.held.delete(rest);
    sendText(res, 204);
  },

  hang({ res }) {
    markUnanswered(res);
    return closed(res);
  },

  reset({ req, res }) {
    markUnanswered(res);
    req.socket.resetAndDestroy();
  },

  async flaky({ req, res, rest, query, state, body }) {
    const cors = query.get('cors');
    const origin = req.headers.origin;
    if (cors && origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      if (cors === 'expose') res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'POST');
        res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Idempotency-Key, Accept');
        return sendText(res, 204);
      }
    }
    const key = rest || 'default';
    const seen = (state.flaky.get(key) ?? 0) + 1;
    state.flaky.set(key, seen);
    if (await goneWithin(res, Number(query.get('delay') ?? 0))) return;
    const failures = Number(query.get('fail') ?? 1);
    if (seen > failures) {
      const answer = await forwardToEndpoint(req, body);
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
      return;
    }
    switch (query.get('mode') ?? 'status') {
      case 'reset':
        markUnanswered(res);
        req.socket.resetAndDestroy();
        return;
      case 'hang':
        markUnanswered(res);
        return closed(res);
      case 'malformed':
        return sendText(res, 200, '{"reference": "SO-', { 'Content-Type': 'application/json' });
      case 'lose':
        await forwardToEndpoint(req, body);
        markUnanswered(res);
        req.socket.resetAndDestroy();
        return;
      case 'hold': {
        const released = new Promise<void>((resolve) =>
          state.held.set(key, [...(state.held.get(key) ?? []), resolve]),
        );
        const answer = await forwardToEndpoint(req, body, released);
        if (res.closed) return;
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
        return;
      }
      default: {
        const status = Number(query.get('status') ?? 503);
        const retryAfter = query.get('retryAfter');
        sendText(res, status, JSON.stringify({ type: 'about:blank', title: 'Try later', status }), {
          'Content-Type': 'application/problem+json',
          ...(retryAfter !== null ? { 'Retry-After': retryAfter } : {}),
        });
      }
    }
  },
};

/** Runs a connect-style handler inside Koa; its `next()` continues with Koa's. */
async function runConnect(handler: ConnectHandler, ctx: Context, next: Next): Promise<void> {
  ctx.respond = false;
  const passedOn = await new Promise<boolean>((resolve) => {
    const onClose = () => resolve(false);
    ctx.res.once('close', onClose);
    handler(ctx.req, ctx.res, () => {
      ctx.res.off('close', onClose);
      resolve(true);
    });
  });
  if (passedOn) {
    ctx.respond = true;
    await next();
  }
}

async function testApi(ctx: Context, state: TestApiState, store: IntakeStore): Promise<void> {
  ctx.respond = false;
  const { req, res } = ctx;
  const method = req.method ?? 'GET';
  if (ctx.path === STORED_PATH) {
    const stored = await storedRequests(store);
    if (method === 'GET') return sendJson(res, 200, stored);
    if (method === 'DELETE') {
      for (const request of stored) await store.delete(request.reference);
      return sendText(res, 204);
    }
    return sendText(res, 405, '', { Allow: 'GET, DELETE' });
  }
  if (ctx.path === LOG_PATH) {
    if (method === 'GET') return sendJson(res, 200, state.requests);
    if (method === 'DELETE') {
      state.requests = [];
      state.flaky.clear();
      for (const releases of state.held.values()) for (const release of releases) release();
      state.held.clear();
      return sendText(res, 204);
    }
    return sendText(res, 405, '', { Allow: 'GET, DELETE' });
  }

  const body = await readBody(req);
  state.requests.push({
    method,
    path: ctx.path,
    headers: headersOf(req),
    body: body.toString('utf8'),
  });
  const [name = '', ...rest] = ctx.path.slice(TEST_API_PREFIX.length).split('/');
  const route = Object.hasOwn(faultRoutes, name) ? faultRoutes[name] : undefined;
  if (!route) return sendText(res, 404, `no test route ${name}`);
  await route({
    req,
    res,
    rest: rest.join('/'),
    query: new URLSearchParams(ctx.querystring),
    state,
    body,
  });
}

export function testEndpointMiddleware() {
  const dataDir = mkdtempSync(join(tmpdir(), 'second-opinion-tests-'));
  process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const store = createEmbeddedStore({ dataDir });
  const opened = store.open();
  const quiet = () => {};
  const endpoint = toNodeMiddleware(createReceivingHandler({ store, log: quiet }), ENDPOINT_PREFIX);
  // Built on first use: the port is known only once the server listens.
  let corsEndpoint: ConnectHandler | undefined;
  const state: TestApiState = { requests: [], flaky: new Map(), held: new Map() };

  return async (ctx: Context, next: Next) => {
    await opened;
    if (ctx.path.startsWith(ENDPOINT_PREFIX)) return runConnect(endpoint, ctx, next);
    if (ctx.path.startsWith(CORS_ENDPOINT_BASE)) {
      const port = ctx.req.socket.localPort;
      corsEndpoint ??= toNodeMiddleware(
        createReceivingHandler({
          store,
          basePath: CORS_ENDPOINT_BASE,
          allowedOrigins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`],
          log: quiet,
        }),
        CORS_ENDPOINT_BASE,
      );
      return runConnect(corsEndpoint, ctx, next);
    }
    if (ctx.path.startsWith(TEST_API_PREFIX)) return testApi(ctx, state, store);
    await next();
  };
}
