/**
 * The demo's sign-in: a stand-in for the identity provider a clinic's staff portal has, so that
 * `npm start` runs the whole chain (patient page → server → staff inbox) on one machine.
 * **Development only**: it hands a staff token to anyone on this machine who asks. It is mounted
 * by vite.config.ts beside the receiving server and is no part of `second-opinion-intake/server`.
 *
 * At start it makes an ES256 key pair (the private key never leaves this process) and serves:
 * - `GET  {basePath}/jwks.json`: the public key as a JSON Web Key Set, which the staff API reads
 *   through its ordinary JWKS path, exactly as it would read an identity provider's;
 * - `POST {basePath}/token`: `{ "access_token", "token_type": "Bearer", "expires_in" }`, a JWT
 *   signed with the private key, with `sub`, `iss`, `aud`, `iat`, `exp` and
 *   `roles: ["second-opinion:read", "second-opinion:write", "second-opinion:delete"]`.
 * Only loopback clients get an answer (in case the dev server is started with `--host`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet } from 'jose';

export type ConnectHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export const DEMO_AUTH_PATH = '/demo/auth';
export const DEMO_ISSUER = 'urn:second-opinion-intake:demo-auth';
export const DEMO_AUDIENCE = 'second-opinion-intake:staff-api';
export const DEMO_ROLES = [
  'second-opinion:read',
  'second-opinion:write',
  'second-opinion:delete',
] as const;

export interface DemoAuthOptions {
  basePath?: string;
  issuer?: string;
  audience?: string;
  /** The `sub` of the tokens, which the audit trail records (default `demo-clinician`). */
  subject?: string;
  /** Lifetime of a token (default 10 minutes): short, as staff tokens should be. */
  ttlSeconds?: number;
  roles?: readonly string[];
}

export interface DemoAuth {
  /** The connect-style handler of the two routes; other paths go to `next()`. */
  handle: ConnectHandler;
  /** The public key set, as served at `{basePath}/jwks.json`. */
  jwks: JSONWebKeySet;
  issuer: string;
  audience: string;
  /** Signs a token as the token route does (tests use it directly, e.g. with other roles). */
  issueToken(claims?: {
    subject?: string;
    roles?: readonly string[];
    ttlSeconds?: number;
  }): Promise<string>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

export async function createDemoAuth(options: DemoAuthOptions = {}): Promise<DemoAuth> {
  const basePath = (options.basePath ?? DEMO_AUTH_PATH).replace(/\/+$/, '');
  const issuer = options.issuer ?? DEMO_ISSUER;
  const audience = options.audience ?? DEMO_AUDIENCE;
  const defaultTtl = options.ttlSeconds ?? 600;
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomUUID();
  const jwks: JSONWebKeySet = {
    keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }],
  };

  const issueToken: DemoAuth['issueToken'] = (claims = {}) =>
    new SignJWT({ roles: [...(claims.roles ?? options.roles ?? DEMO_ROLES)] })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setSubject(claims.subject ?? options.subject ?? 'demo-clinician')
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(`${claims.ttlSeconds ?? defaultTtl}s`)
      .sign(privateKey);

  const handle: ConnectHandler = (req, res, next) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== `${basePath}/jwks.json` && path !== `${basePath}/token`) return next();
    if (!LOOPBACK.test(req.socket.remoteAddress ?? '')) {
      return send(res, 403, { title: 'The demo sign-in answers this machine only.' });
    }
    if (path.endsWith('/jwks.json')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return send(res, 405, { title: 'Method Not Allowed' }, { Allow: 'GET, HEAD' });
      }
      return send(res, 200, jwks, { 'Content-Type': 'application/jwk-set+json' });
    }
    if (req.method !== 'POST') {
      return send(res, 405, { title: 'Method Not Allowed' }, { Allow: 'POST' });
    }
    // The body is not read: the demo signs everyone in as the same clinician.
    req.resume();
    issueToken().then(
      (token) =>
        send(res, 200, { access_token: token, token_type: 'Bearer', expires_in: defaultTtl }),
      () => send(res, 500, { title: 'The token could not be signed.' }),
    );
  };

  return { handle, jwks, issuer, audience, issueToken };
}
