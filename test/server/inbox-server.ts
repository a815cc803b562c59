/**
 * The real receiving server for the inbox's browser tests, mounted into @web/test-runner's dev
 * server (Koa) beside the reference endpoint of ./middleware.ts: the demo's server
 * (demo/demo-server.ts) at `/api/inbox/second-opinion…` — `createReceivingHandler` with the
 * embedded store in a fresh folder under the OS temp dir (removed on exit) and the staff API,
 * which checks JWTs through its JWKS path — and the demo sign-in at `/demo/auth/…`
 * (`POST /demo/auth/token`), whose key pair is made at start.
 *
 * Nothing is mocked: what the widget posts is stored, and what the inbox shows, downloads and
 * changes comes from that store through the staff API.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context, Next } from 'koa';
import { createDemoServer } from '../../demo/demo-server.ts';

export const INBOX_BASE_PATH = '/api/inbox/second-opinion';

export function inboxServerMiddleware() {
  const dataDir = mkdtempSync(join(tmpdir(), 'second-opinion-inbox-tests-'));
  process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const server = createDemoServer({ dataDir, basePath: INBOX_BASE_PATH });

  return async (ctx: Context, next: Next) => {
    ctx.respond = false;
    const passedOn = await new Promise<boolean>((resolve) => {
      const onClose = () => resolve(false);
      ctx.res.once('close', onClose);
      server.handle(ctx.req, ctx.res, () => {
        ctx.res.off('close', onClose);
        resolve(true);
      });
    });
    if (passedOn) {
      ctx.respond = true;
      await next();
    }
  };
}
