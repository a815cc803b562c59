/**
 * An identity provider for the staff tests: real key pairs, a JWKS served over real HTTP on a
 * free port (as a hospital's OIDC provider publishes its `jwks_uri`), and tokens signed with
 * them, good and bad.
 */
import { createServer } from 'node:http';
import { createHmac, createHash } from 'node:crypto';
import { base64url, exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';

export const ISSUER = 'https://id.clinic.example/realms/staff';
export const AUDIENCE = 'second-opinion-staff';
export const ROLES = {
  read: 'second-opinion:read',
  write: 'second-opinion:write',
  delete: 'second-opinion:delete',
};

/** Starts the provider; `close()` stops its server. `requests` counts JWKS fetches. */
export async function startIdentityProvider() {
  const rsa = await generateKeyPair('RS256', { extractable: true });
  const ec = await generateKeyPair('ES256', { extractable: true });
  const stranger = await generateKeyPair('RS256', { extractable: true });
  const keys = [
    { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
    { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
  ];
  const rsaPem = await exportSPKI(rsa.publicKey);
  let requests = 0;
  const server = createServer((request, response) => {
    requests += 1;
    if (request.url !== '/jwks') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ keys }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();

  /** A signed access token; `claims` and `options` override the defaults. */
  async function token(claims = {}, options = {}) {
    const { alg = 'RS256', key, kid } = options;
    const signingKey = key ?? (alg === 'ES256' ? ec.privateKey : rsa.privateKey);
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ roles: [ROLES.read], ...claims })
      .setProtectedHeader({ alg, kid: kid ?? (alg === 'ES256' ? 'ec-1' : 'rsa-1'), typ: 'JWT' })
      .setSubject(claims.sub ?? 'staff-1')
      .setIssuer(claims.iss ?? ISSUER)
      .setAudience(claims.aud ?? AUDIENCE)
      .setIssuedAt(claims.iat ?? now)
      .setExpirationTime(claims.exp ?? now + 300)
      .sign(signingKey);
  }

  return {
    jwksUrl: `http://127.0.0.1:${port}/jwks`,
    rsaPem,
    get requests() {
      return requests;
    },
    token,
    /** Each kind of bad token, with the code the API must answer. */
    async badTokens() {
      const now = Math.floor(Date.now() / 1000);
      const good = await token();
      const [header, payload] = good.split('.');
      const unsigned = (head) => `${base64url.encode(JSON.stringify(head))}.${payload}.`;
      // HS256 "signed" with the public key as the secret: the classic key-confusion attack.
      const hsHeader = base64url.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'rsa-1' }));
      const hsSignature = base64url.encode(
        createHmac('sha256', rsaPem).update(`${hsHeader}.${payload}`).digest(),
      );
      return [
        { name: 'missing', header: undefined, status: 401, code: 'missing-token' },
        {
          name: 'not bearer',
          header: `Basic ${btoa('staff:secret')}`,
          status: 401,
          code: 'malformed-token',
        },
        {
          name: 'malformed JWT',
          header: 'Bearer abc.def.ghi',
          status: 401,
          code: 'malformed-token',
        },
        {
          name: 'expired',
          token: await token({ exp: now - 3600, iat: now - 7200 }),
          status: 401,
          code: 'expired',
        },
        {
          name: 'not yet valid',
          token: await token({ nbf: now + 3600 }),
          status: 401,
          code: 'not-yet-valid',
        },
        {
          name: 'wrong signature',
          token: await token({}, { key: stranger.privateKey }),
          status: 401,
          code: 'bad-signature',
        },
        {
          name: 'tampered payload',
          token: `${header}.${base64url.encode(JSON.stringify({ ...JSON.parse(new TextDecoder().decode(base64url.decode(payload))), roles: Object.values(ROLES) }))}.${good.split('.')[2]}`,
          status: 401,
          code: 'bad-signature',
        },
        {
          name: 'alg none',
          token: unsigned({ alg: 'none', typ: 'JWT' }),
          status: 401,
          code: 'unsupported-alg',
        },
        {
          name: 'HS256 with the public key',
          token: `${hsHeader}.${payload}.${hsSignature}`,
          status: 401,
          code: 'unsupported-alg',
        },
        {
          name: 'wrong issuer',
          token: await token({ iss: 'https://evil.example' }),
          status: 401,
          code: 'wrong-issuer',
        },
        {
          name: 'wrong audience',
          token: await token({ aud: 'another-app' }),
          status: 401,
          code: 'wrong-audience',
        },
        {
          name: 'unknown static token',
          token: 'st_not-a-configured-token',
          status: 401,
          code: 'unknown-token',
        },
      ];
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

export const STATIC_TOKEN = 'st_clinic-reception-0123456789abcdef0123456789abcdef';
export const STATIC_READ_ONLY = 'st_clinic-auditor-fedcba9876543210fedcba9876543210';
export const sha256 = (text) => createHash('sha256').update(text).digest('hex');

export function staticTokens() {
  return [
    { name: 'reception', sha256: sha256(STATIC_TOKEN), permissions: ['write'] },
    { name: 'auditor', sha256: sha256(STATIC_READ_ONLY), permissions: ['read'] },
  ];
}

export function authOptions(provider) {
  return {
    jwt: { jwksUrl: provider.jwksUrl, issuer: ISSUER, audience: AUDIENCE },
    staticTokens: staticTokens(),
  };
}

export const bearer = (token) => ({ authorization: `Bearer ${token}` });
