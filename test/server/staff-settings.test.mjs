/**
 * The staff side's environment variables: each part off until set, a half-set part refused
 * with the variable it misses, and the services built from them working on a real store.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createFileOutbox } from '../../src/server/delivery/file-outbox.ts';
import { createStaffServices } from '../../src/server/staff/services.ts';
import { readStaffSettings } from '../../src/server/staff/settings.ts';
import { requestWithFiles } from './staff-fixtures.mjs';
import { addRequest, openTestStore } from './staff-store.mjs';
import { bearer, sha256, STATIC_TOKEN } from './staff-tokens.mjs';

const HASH = sha256(STATIC_TOKEN);

describe('Staff settings', () => {
  it('leave everything off when nothing is set', () => {
    assert.deepEqual(readStaffSettings({}), { allowedOrigins: [] });
  });

  it('read every part', () => {
    const settings = readStaffSettings({
      STAFF_JWKS_URL: 'https://id.clinic.example/realms/staff/protocol/openid-connect/certs',
      STAFF_JWT_ISSUER: 'https://id.clinic.example/realms/staff',
      STAFF_JWT_AUDIENCE: 'second-opinion-staff, inbox',
      STAFF_ROLES_CLAIM: 'realm_access.roles',
      STAFF_TOKENS: `reception:${HASH}:read+write`,
      STAFF_ORIGINS: 'https://inbox.clinic.example',
      WEBHOOK_URL: 'https://hooks.clinic.example/second-opinion',
      WEBHOOK_SECRET: 'whsec_0123456789abcdef0123456789abcdef',
      SMTP_URL: 'smtps://mailer:p%40ss@mail.clinic.example',
      MAIL_FROM: 'Clinic <second-opinion@clinic.example>',
      CLINIC_NAME: 'Example Clinic',
      CLINIC_CONTACT: '+995 32 200 00 00',
      RETENTION_CLOSED_DAYS: '90',
    });
    assert.deepEqual(settings, {
      allowedOrigins: ['https://inbox.clinic.example'],
      auth: {
        jwt: {
          jwksUrl: 'https://id.clinic.example/realms/staff/protocol/openid-connect/certs',
          issuer: 'https://id.clinic.example/realms/staff',
          audience: ['second-opinion-staff', 'inbox'],
          rolesClaim: 'realm_access.roles',
        },
        staticTokens: [{ name: 'reception', sha256: HASH, permissions: ['read', 'write'] }],
      },
      webhook: {
        url: 'https://hooks.clinic.example/second-opinion',
        secret: 'whsec_0123456789abcdef0123456789abcdef',
      },
      email: {
        smtp: {
          host: 'mail.clinic.example',
          port: 465,
          secure: true,
          auth: { user: 'mailer', pass: 'p@ss' },
        },
        from: 'Clinic <second-opinion@clinic.example>',
        clinic: { name: 'Example Clinic', contact: '+995 32 200 00 00' },
      },
      retentionClosedDays: 90,
    });
  });

  it('refuse a half-set part, naming what is missing', () => {
    const refusals = [
      [{ STAFF_JWKS_URL: 'https://id.example/certs' }, /STAFF_JWT_ISSUER/],
      [{ STAFF_JWKS_URL: 'https://id.example/certs', STAFF_JWT_ISSUER: 'x' }, /STAFF_JWT_AUDIENCE/],
      [
        {
          STAFF_JWKS_URL: 'http://id.example/certs',
          STAFF_JWT_ISSUER: 'x',
          STAFF_JWT_AUDIENCE: 'y',
        },
        /https/,
      ],
      [
        {
          STAFF_JWKS_URL: 'https://id.example/certs',
          STAFF_JWT_ISSUER: 'x',
          STAFF_JWT_AUDIENCE: 'y',
          STAFF_JWT_ALGORITHMS: 'HS256',
        },
        /only RS256, ES256, EdDSA/,
      ],
      [{ STAFF_TOKENS: 'reception:not-a-hash:read' }, /STAFF_TOKENS/],
      [{ STAFF_TOKENS: `reception:${HASH}:admin` }, /STAFF_TOKENS/],
      [{ WEBHOOK_URL: 'https://hooks.example' }, /WEBHOOK_SECRET/],
      [{ WEBHOOK_URL: 'https://hooks.example', WEBHOOK_SECRET: 'short' }, /32/],
      [{ SMTP_URL: 'smtp://mail.example' }, /MAIL_FROM/],
      [{ SMTP_URL: 'http://mail.example', MAIL_FROM: 'a@b.c' }, /smtp:\/\//],
      [{ RETENTION_CLOSED_DAYS: '0' }, /RETENTION_CLOSED_DAYS/],
      [{ RETENTION_CLOSED_DAYS: 'ninety' }, /RETENTION_CLOSED_DAYS/],
    ];
    for (const [env, message] of refusals) {
      assert.throws(() => readStaffSettings(env), message, JSON.stringify(env));
    }
  });

  it('build services that serve staff with a static token and apply retention', async () => {
    const { store, folder, cleanup } = await openTestStore('embedded');
    try {
      const closedLongAgo = new Date(Date.now() - 40 * 86_400_000).toISOString();
      await addRequest(store, requestWithFiles('SO-KEEP-2345'));
      await addRequest(store, requestWithFiles('SO-GONE-2345'));
      for (const status of ['in-review', 'answered', 'closed']) {
        await store.setStatus('SO-GONE-2345', { status, at: closedLongAgo, actor: 'staff-1' });
      }
      const settings = readStaffSettings({
        STAFF_TOKENS: `reception:${HASH}:read`,
        RETENTION_CLOSED_DAYS: '30',
      });
      const services = createStaffServices(
        settings,
        store,
        createFileOutbox(join(folder, 'outbox')),
      );
      assert.equal(services.onNewRequest, undefined, 'nothing to announce');
      services.start();
      await services.stop();
      const request = new Request('http://clinic.test/api/second-opinion/staff/requests', {
        headers: bearer(STATIC_TOKEN),
      });
      const { requests } = await (await services.staff(request, 'requests')).json();
      assert.deepEqual(
        requests.map((row) => row.reference),
        ['SO-KEEP-2345'],
      );

      assert.equal(createStaffServices(readStaffSettings({}), store).staff, undefined);
      assert.throws(
        () =>
          createStaffServices(
            readStaffSettings({
              WEBHOOK_URL: 'https://hooks.example',
              WEBHOOK_SECRET: 'whsec_0123456789abcdef0123456789abcdef',
            }),
            store,
          ),
        /outbox/,
      );
    } finally {
      await cleanup();
    }
  });
});
