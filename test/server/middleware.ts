/**
 * The server side of the browser tests, mounted into @web/test-runner's dev server (Koa):
 *
 * - `/api/second-opinion…`: the reference endpoint (demo/server/endpoint.ts), storing into a
 *   fresh directory under the OS temp dir, one per test-runner process, removed on exit.
 * - `/api/cors/second-opinion…`: the same endpoint with this server's own two origins allowed
 *   (`http://localhost:<port>`, `http://127.0.0.1:<port>`), so that a page on one host name can
 *   test CORS by posting to the other. Same storage.
 * - `/test-api/…`: routes that misbehave on purpose, for the widget's submit tests. Every request
 *   to them, except to the log itself, is recorded as `{ method, path, headers, body }` (header
 *   names lower-case, body as text, path without query):
 *   - `ANY /test-api/respond/<status>?type=&body=&delay=&header=`: answers `<status>` (200–599)
 *     with `body` (default empty) as `type` (default `application/json`; `type=` sends none),
 *     after `delay` ms, with each `header=Name: value` added (e.g. `Retry-After: 1`);
 *   - `ANY /test-api/hang`: never answers; ends when the client gives up;
 *   - `ANY /test-api/reset`: resets the connection without answering;
 *   - `GET /test-api/requests`: the recorded requests, oldest first; `DELETE` clears them.
 *   A new behaviour (say `fail-then-succeed/<key>`) is one more entry in `faultRoutes`; state it
 *   needs goes into `TestApiState`, which `DELETE /test-api/requests` resets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context, Next } from 'koa';
import { createIntakeEndpoint, type ConnectHandler } from '../../demo/server/endpoint.ts';

const ENDPOINT_PREFIX = '/api/second-opinion';
const CORS_ENDPOINT_BASE = '/api/cors/second-opinion';
const TEST_API_PREFIX = '/test-api/';
const LOG_PATH = '/test-api/requests';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

interface TestApiState {
  requests: RecordedRequest[];
}

interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** The path after `/test-api/<route>/`, e.g. `503` for `/test-api/respond/503`. */
  rest: string;
  query: URLSearchParams;
  state: TestApiState;
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

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of req) chunks.push(chunk as Buffer);
  } catch {
    // The client went away mid-body: what arrived is still worth recording.
  }
  return Buffer.concat(chunks).toString('utf8');
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

  hang({ res }) {
    markUnanswered(res);
    return closed(res);
  },

  reset({ req, res }) {
    markUnanswered(res);
    req.socket.resetAndDestroy();
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

async function testApi(ctx: Context, state: TestApiState): Promise<void> {
  ctx.respond = false;
  const { req, res } = ctx;
  const method = req.method ?? 'GET';
  if (ctx.path === LOG_PATH) {
    if (method === 'GET') return sendJson(res, 200, state.requests);
    if (method === 'DELETE') {
      state.requests = [];
      return sendText(res, 204);
    }
    return sendText(res, 405, '', { Allow: 'GET, DELETE' });
  }

  state.requests.push({
    method,
    path: ctx.path,
    headers: headersOf(req),
    body: await readText(req),
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
  });
}

export function testEndpointMiddleware() {
  const dataDir = mkdtempSync(join(tmpdir(), 'second-opinion-tests-'));
  process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const quiet = () => {};
  const endpoint = createIntakeEndpoint({ dataDir, log: quiet });
  // Built on first use: the port is known only once the server listens.
  let corsEndpoint: ConnectHandler | undefined;
  const state: TestApiState = { requests: [] };

  return async (ctx: Context, next: Next) => {
    if (ctx.path.startsWith(ENDPOINT_PREFIX)) return runConnect(endpoint, ctx, next);
    if (ctx.path.startsWith(CORS_ENDPOINT_BASE)) {
      const port = ctx.req.socket.localPort;
      corsEndpoint ??= createIntakeEndpoint({
        dataDir,
        basePath: CORS_ENDPOINT_BASE,
        allowedOrigins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`],
        log: quiet,
      });
      return runConnect(corsEndpoint, ctx, next);
    }
    if (ctx.path.startsWith(TEST_API_PREFIX)) return testApi(ctx, state);
    return next();
  };
}
