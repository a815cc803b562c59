/**
 * What `npm start` serves besides the pages: the package's receiving server
 * (`createReceivingHandler` with the embedded store and the staff API) and, in front of the staff
 * API, the demo sign-in (./auth/demo-auth.ts) whose JWKS the staff API reads like an identity
 * provider's. The browser tests of the inbox mount the same (test/server/inbox-server.ts).
 *
 * Development only: the demo sign-in signs anyone on this machine in as a clinician.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createEmbeddedStore,
  createReceivingHandler,
  createStaffHandler,
  toNodeListener,
  type FrameOptions,
  type RequestLogEntry,
} from '../src/server/index.ts';
import { createDemoAuth, DEMO_AUTH_PATH, type ConnectHandler } from './auth/demo-auth.ts';

export interface DemoServerOptions {
  /** The embedded store's folder. */
  dataDir: string;
  /** Default `/api/second-opinion`, where the demo pages send their requests. */
  basePath?: string;
  /** One line per answered request (never a field value); default none. */
  log?: (entry: RequestLogEntry) => void;
  /** The isolation frame (`mode="isolated"`, docs/isolation.md); not served without it. */
  frame?: FrameOptions;
}

export interface DemoServer {
  /** Connect-style: the sign-in and the server's routes; anything else goes to `next()`. */
  handle: ConnectHandler;
  close(): Promise<void>;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export function createDemoServer(options: DemoServerOptions): DemoServer {
  const basePath = (options.basePath ?? '/api/second-opinion').replace(/\/+$/, '');
  const auth = createDemoAuth();
  const store = createEmbeddedStore({ dataDir: options.dataDir });
  const opened = store.open();
  /** Built on the first request: the JWKS URL and the page origins need the port. */
  let listener: Promise<Listener> | undefined;

  const build = async (port: number): Promise<Listener> => {
    const { issuer, audience } = await auth;
    await opened;
    // The inbox's POST and DELETE carry an Origin header even on the same origin.
    const origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
    const staff = createStaffHandler({
      store,
      auth: {
        jwt: { jwksUrl: `http://127.0.0.1:${port}${DEMO_AUTH_PATH}/jwks.json`, issuer, audience },
      },
      allowedOrigins: origins,
    });
    const handler = createReceivingHandler({
      store,
      basePath,
      staff,
      ...(options.frame ? { frame: options.frame } : {}),
      log: options.log ?? (() => {}),
    });
    return toNodeListener(handler);
  };

  const handle: ConnectHandler = (req, res, next) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path.startsWith(`${DEMO_AUTH_PATH}/`)) {
      auth.then((ready) => ready.handle(req, res, next), next);
      return;
    }
    if (path === basePath || path.startsWith(`${basePath}/`)) {
      listener ??= build(req.socket.localPort!);
      listener.then(
        (serve) => serve(req, res),
        () => {
          res.writeHead(503, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
          res.end('The demo server could not start.');
        },
      );
      return;
    }
    next();
  };

  return { handle, close: () => opened.then(() => store.close()) };
}
