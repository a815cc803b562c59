import { createHash, timingSafeEqual } from 'node:crypto';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  importJWK,
  importSPKI,
  jwtVerify,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';

/**
 * Who may use the staff API, the way hospitals run it: the portal's identity provider issues
 * OIDC access tokens (JWTs) that are verified here against its published keys, issuer and
 * audience; a small single-clinic set-up without one can use static API tokens, of which only
 * the SHA-256 hash is configured.
 *
 * The check runs before anything is read: a refused request reaches neither the store nor the
 * audit trail, and its answer says why (`code`), never with a token or a claim value in it.
 */

/** `write` and `delete` each imply `read`. */
export type Permission = 'read' | 'write' | 'delete';

/** Asymmetric algorithms only: `none` and HMAC (whose "key" could be the public key) never pass. */
export type StaffJwtAlgorithm = 'RS256' | 'ES256' | 'EdDSA';
export const STAFF_JWT_ALGORITHMS: readonly StaffJwtAlgorithm[] = ['RS256', 'ES256', 'EdDSA'];

export interface StaffJwtOptions {
  /** The identity provider's JWKS (`jwks_uri` of its OIDC discovery document). */
  jwksUrl?: string | URL;
  /** Or one public key: SPKI PEM, or a public JWK as an object or JSON text. */
  publicKey?: string | JWK;
  /** Expected `iss`. */
  issuer: string;
  /** Expected `aud` (one of them, if several). */
  audience: string | string[];
  /** Default all of `STAFF_JWT_ALGORITHMS`. */
  algorithms?: StaffJwtAlgorithm[];
  /**
   * Where the roles are: a claim name or a dotted path (`realm_access.roles` for Keycloak).
   * Its value is an array of strings or one space-separated string. Default `roles`.
   */
  rolesClaim?: string;
  /** The role values that grant each permission. Default `second-opinion:<permission>`. */
  roleValues?: Partial<Record<Permission, string>>;
  /** Allowed clock difference with the identity provider, seconds. Default 30. */
  clockToleranceSeconds?: number;
}

export interface StaticTokenOptions {
  /** Recorded in the audit trail as `token:<name>`. */
  name: string;
  /** SHA-256 (hex) of the token; the token itself is never configured. */
  sha256: string;
  permissions: Permission[];
}

export interface StaffAuthOptions {
  jwt?: StaffJwtOptions;
  staticTokens?: StaticTokenOptions[];
}

export type AuthFailureCode =
  | 'missing-token'
  | 'malformed-token'
  | 'expired'
  | 'not-yet-valid'
  | 'bad-signature'
  | 'unsupported-alg'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'unknown-token'
  | 'insufficient-permission'
  /** The identity provider's keys cannot be fetched: not the caller's fault (503). */
  | 'auth-unavailable';

export interface StaffIdentity {
  /** The JWT's `sub`, or `token:<name>`. */
  actor: string;
  permissions: ReadonlySet<Permission>;
}

export type AuthResult =
  | { ok: true; identity: StaffIdentity }
  | { ok: false; status: 401 | 403 | 503; code: AuthFailureCode };

export type StaffAuthenticator = (request: Request, needed: Permission) => Promise<AuthResult>;

const DEFAULT_ROLE_VALUES: Record<Permission, string> = {
  read: 'second-opinion:read',
  write: 'second-opinion:write',
  delete: 'second-opinion:delete',
};

const refused = (code: AuthFailureCode): AuthResult => ({
  ok: false,
  status: code === 'insufficient-permission' ? 403 : code === 'auth-unavailable' ? 503 : 401,
  code,
});

/** RFC 6750 b64token. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;

export const sha256Hex = (text: string): string =>
  createHash('sha256').update(text, 'utf8').digest('hex');

function withImplied(granted: Iterable<Permission>): ReadonlySet<Permission> {
  const permissions = new Set(granted);
  if (permissions.has('write') || permissions.has('delete')) permissions.add('read');
  return permissions;
}

function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const key of path.split('.')) {
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)[key]
        : undefined;
  }
  return value;
}

function rolesIn(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter(Boolean);
  return Array.isArray(value) ? value.filter((role) => typeof role === 'string') : [];
}

async function keyResolver(options: StaffJwtOptions): Promise<JWTVerifyGetKey> {
  if (options.jwksUrl) return createRemoteJWKSet(new URL(options.jwksUrl));
  const { publicKey } = options;
  if (!publicKey) throw new TypeError('staff auth: jwt needs jwksUrl or publicKey');
  if (typeof publicKey === 'string' && publicKey.includes('-----BEGIN')) {
    // An SPKI key is imported for one algorithm: take the first configured one it fits.
    const algorithms = options.algorithms ?? STAFF_JWT_ALGORITHMS;
    const keys = new Map<string, CryptoKey>();
    for (const alg of algorithms) {
      try {
        keys.set(alg, await importSPKI(publicKey, alg));
      } catch {
        // Not a key of this algorithm's type.
      }
    }
    if (keys.size === 0) throw new TypeError('staff auth: publicKey fits none of the algorithms');
    return (header) => {
      const key = keys.get(header.alg);
      if (!key) throw new errors.JOSEAlgNotAllowed('alg not allowed');
      return key;
    };
  }
  const jwk: JWK = typeof publicKey === 'string' ? (JSON.parse(publicKey) as JWK) : publicKey;
  if (jwk.d || jwk.kty === 'oct') throw new TypeError('staff auth: publicKey must be public');
  // A local JWK set checks the key's `alg`/`kty` against the token header, like a remote set.
  await importJWK(jwk); // fails early on a broken key
  return createLocalJWKSet({ keys: [jwk] });
}

function failureCode(error: unknown): AuthFailureCode {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'not-yet-valid';
    if (error.claim === 'iss') return 'wrong-issuer';
    if (error.claim === 'aud') return 'wrong-audience';
    return 'malformed-token';
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return 'unsupported-alg';
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return 'bad-signature';
  }
  if (
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JWKInvalid
  ) {
    return 'malformed-token';
  }
  // Fetching the keys failed (timeout, network, a JWKS that is not one): the token is not at fault.
  return 'auth-unavailable';
}

function jwtChecker(options: StaffJwtOptions) {
  const algorithms = options.algorithms ?? [...STAFF_JWT_ALGORITHMS];
  const roleValues = { ...DEFAULT_ROLE_VALUES, ...options.roleValues };
  const rolesClaim = options.rolesClaim ?? 'roles';
  const resolver = keyResolver(options);
  // An unhandled rejection here would end the process before the first request reports it.
  resolver.catch(() => undefined);

  return async (token: string): Promise<AuthResult> => {
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      return refused('malformed-token');
    }
    // Said before verifying, so that `none` or HS256 answer "unsupported", not "bad signature".
    if (!algorithms.includes(alg as StaffJwtAlgorithm)) return refused('unsupported-alg');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await resolver, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms,
        clockTolerance: options.clockToleranceSeconds ?? 30,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      return refused(failureCode(error));
    }
    if (typeof payload.sub !== 'string' || !payload.sub) return refused('malformed-token');
    const roles = new Set(rolesIn(claimAt(payload, rolesClaim)));
    const granted = (Object.keys(roleValues) as Permission[]).filter((permission) =>
      roles.has(roleValues[permission]),
    );
    return { ok: true, identity: { actor: payload.sub, permissions: withImplied(granted) } };
  };
}

function staticChecker(tokens: readonly StaticTokenOptions[]) {
  const known = tokens.map((token) => {
    if (!/^[0-9a-f]{64}$/i.test(token.sha256)) {
      throw new TypeError(`staff auth: static token "${token.name}" needs a SHA-256 hex hash`);
    }
    return { ...token, hash: Buffer.from(token.sha256, 'hex') };
  });
  return (token: string): AuthResult | undefined => {
    const presented = createHash('sha256').update(token, 'utf8').digest();
    // Every hash is compared, in constant time, so the answer time says nothing.
    let match: (typeof known)[number] | undefined;
    for (const candidate of known) {
      if (timingSafeEqual(candidate.hash, presented)) match ??= candidate;
    }
    if (!match) return undefined;
    return {
      ok: true,
      identity: { actor: `token:${match.name}`, permissions: withImplied(match.permissions) },
    };
  };
}

/** Checks `Authorization: Bearer …` and whether its holder has `needed`. */
export function createStaffAuthenticator(options: StaffAuthOptions): StaffAuthenticator {
  const checkJwt = options.jwt ? jwtChecker(options.jwt) : undefined;
  const checkStatic = staticChecker(options.staticTokens ?? []);

  return async (request, needed) => {
    const header = request.headers.get('authorization');
    if (header === null || header.trim() === '') return refused('missing-token');
    const token = BEARER.exec(header.trim())?.[1];
    if (!token) return refused('malformed-token');

    const result = checkStatic(token) ?? (await checkJwtOrUnknown(token));
    if (!result.ok) return result;
    return result.identity.permissions.has(needed) ? result : refused('insufficient-permission');
  };

  async function checkJwtOrUnknown(token: string): Promise<AuthResult> {
    if (checkJwt && JWT_SHAPE.test(token)) return checkJwt(token);
    return refused('unknown-token');
  }
}

/** The `WWW-Authenticate` value for a refusal (RFC 6750 §3). */
export function wwwAuthenticate(code: AuthFailureCode): string {
  const error = code === 'insufficient-permission' ? 'insufficient_scope' : 'invalid_token';
  return `Bearer error="${error}", error_description="${code}"`;
}
