/**
 * Staff authentication on its own: JWTs verified against a JWKS fetched over real HTTP, a
 * configured public key, static tokens, roles → permissions, and every bad token answered with
 * its own code. (That the routes refuse them and audit nothing is in staff-routes.test.mjs.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createStaffAuthenticator } from '../../src/server/staff/auth.ts';
import {
  AUDIENCE,
  ISSUER,
  ROLES,
  STATIC_READ_ONLY,
  STATIC_TOKEN,
  authOptions,
  bearer,
  startIdentityProvider,
} from './staff-tokens.mjs';

const request = (headers = {}) => new Request('http://staff.test/requests', { headers });

let provider;
before(async () => {
  provider = await startIdentityProvider();
});
after(() => provider.close());

describe('Staff authentication', () => {
  it('accepts a JWT from the JWKS fetched over HTTP, with the subject as actor', async () => {
    const authenticate = createStaffAuthenticator(authOptions(provider));
    const before = provider.requests;
    for (const alg of ['RS256', 'ES256']) {
      const result = await authenticate(request(bearer(await provider.token({}, { alg }))), 'read');
      assert.deepEqual(result.ok && result.identity.actor, 'staff-1', alg);
    }
    assert.ok(provider.requests > before, 'the JWKS was fetched from the provider');
  });

  it('refuses every bad token with its own code', async () => {
    const authenticate = createStaffAuthenticator(authOptions(provider));
    for (const bad of await provider.badTokens()) {
      const headers = bad.header
        ? { authorization: bad.header }
        : bad.token
          ? bearer(bad.token)
          : {};
      const result = await authenticate(request(headers), 'read');
      assert.deepEqual(result, { ok: false, status: bad.status, code: bad.code }, bad.name);
    }
  });

  it('maps roles to permissions: write and delete imply read, nothing implies delete', async () => {
    const authenticate = createStaffAuthenticator(authOptions(provider));
    const cases = [
      { roles: [ROLES.read], granted: ['read'] },
      { roles: [ROLES.write], granted: ['read', 'write'] },
      { roles: [ROLES.delete], granted: ['read', 'delete'] },
      { roles: ['other-app:admin'], granted: [] },
      { roles: `${ROLES.read} ${ROLES.write}`, granted: ['read', 'write'] },
    ];
    for (const { roles, granted } of cases) {
      const token = await provider.token({ roles });
      for (const permission of ['read', 'write', 'delete']) {
        const result = await authenticate(request(bearer(token)), permission);
        const expected = granted.includes(permission)
          ? true
          : { ok: false, status: 403, code: 'insufficient-permission' };
        assert.deepEqual(result.ok || result, expected, `${roles} → ${permission}`);
      }
    }
  });

  it('reads roles from a nested claim (Keycloak realm_access.roles)', async () => {
    const options = authOptions(provider);
    const authenticate = createStaffAuthenticator({
      jwt: { ...options.jwt, rolesClaim: 'realm_access.roles' },
    });
    const token = await provider.token({ roles: [], realm_access: { roles: [ROLES.write] } });
    assert.equal((await authenticate(request(bearer(token)), 'write')).ok, true);
    const flat = await provider.token({ roles: [ROLES.write] });
    assert.equal(
      (await authenticate(request(bearer(flat)), 'write')).code,
      'insufficient-permission',
    );
  });

  it('verifies with a configured PEM public key instead of a JWKS', async () => {
    const authenticate = createStaffAuthenticator({
      jwt: { publicKey: provider.rsaPem, issuer: ISSUER, audience: AUDIENCE },
    });
    const good = await authenticate(request(bearer(await provider.token())), 'read');
    assert.equal(good.ok, true);
    for (const bad of await provider.badTokens()) {
      if (!bad.token || bad.code === 'unknown-token') continue;
      const result = await authenticate(request(bearer(bad.token)), 'read');
      // The EC key is not configured here, so nothing changes for the RSA-signed bad tokens.
      assert.equal(result.code, bad.code, bad.name);
    }
  });

  it('accepts static tokens by their hash, as token:<name>, with their permissions', async () => {
    const authenticate = createStaffAuthenticator(authOptions(provider));
    const writer = await authenticate(request(bearer(STATIC_TOKEN)), 'write');
    assert.equal(writer.ok && writer.identity.actor, 'token:reception');
    const reader = await authenticate(request(bearer(STATIC_READ_ONLY)), 'write');
    assert.deepEqual(reader, { ok: false, status: 403, code: 'insufficient-permission' });
    const withoutJwt = createStaffAuthenticator({
      staticTokens: authOptions(provider).staticTokens,
    });
    const jwt = await withoutJwt(request(bearer(await provider.token())), 'read');
    assert.equal(jwt.code, 'unknown-token');
  });

  it('answers 503 auth-unavailable when the JWKS cannot be fetched', async () => {
    const authenticate = createStaffAuthenticator({
      jwt: { jwksUrl: `${provider.jwksUrl}-missing`, issuer: ISSUER, audience: AUDIENCE },
    });
    const result = await authenticate(request(bearer(await provider.token())), 'read');
    assert.deepEqual(result, { ok: false, status: 503, code: 'auth-unavailable' });
  });
});
