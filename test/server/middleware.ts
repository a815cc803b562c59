import type { Context, Next } from 'koa';

/** Routes the test pages' requests to local endpoints (filled in with the reference endpoint). */
export function testEndpointMiddleware() {
  return async (_context: Context, next: Next) => next();
}
