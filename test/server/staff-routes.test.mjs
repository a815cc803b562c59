/**
 * The staff API's routes against a real store (embedded, in a temp folder) and a real identity
 * provider (JWKS over HTTP): every route refuses every bad token with its code and leaves the
 * store and the audit trail untouched; every route works for a token with the permission, and
 * what it reads or changes is audited with the token's subject.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { createStaffHandler } from '../../src/server/staff/handler.ts';
import { assertValidR4, loadR4Validators } from '../node/fhir-validators.mjs';
import { PDF_BYTES, PNG_BYTES, requestWithFiles } from './staff-fixtures.mjs';
import { addRequest, openTestStore, STORE_KINDS, stopTestPostgres } from './staff-store.mjs';
import {
  ROLES,
  STATIC_READ_ONLY,
  STATIC_TOKEN,
  authOptions,
  bearer,
  startIdentityProvider,
} from './staff-tokens.mjs';

const STAFF = 'https://clinic.example/api/second-opinion/staff';
const INBOX_ORIGIN = 'https://inbox.clinic.example';
const REF = 'SO-ABCD-2345';

/** Calls the handler as the server does: the URL, and the subpath after `staff/`. */
function call(handler, subpath, { method = 'GET', headers = {}, body } = {}) {
  const request = new Request(`${STAFF}/${subpath}`, { method, headers, body });
  return handler(request, subpath.split('?')[0]);
}

const json = (body) => ({ 'content-type': 'application/json', ...body });
const ROUTES = [
  { name: 'list', subpath: 'requests' },
  { name: 'one request', subpath: `requests/${REF}` },
  { name: 'file', subpath: `requests/${REF}/files/medical-record-extract/0` },
  {
    name: 'status',
    subpath: `requests/${REF}/status`,
    method: 'POST',
    body: JSON.stringify({ status: 'in-review' }),
  },
  { name: 'FHIR export', subpath: `requests/${REF}/fhir` },
  { name: 'delete', subpath: `requests/${REF}`, method: 'DELETE' },
  { name: 'audit', subpath: `requests/${REF}/audit` },
];

let provider;
let token;
before(async () => {
  provider = await startIdentityProvider();
  loadR4Validators();
  token = {
    read: await provider.token({ roles: [ROLES.read], sub: 'reader-1' }),
    write: await provider.token({ roles: [ROLES.write], sub: 'doctor-7' }),
    delete: await provider.token({ roles: [ROLES.delete], sub: 'dpo-2' }),
  };
});
after(async () => {
  try {
    await provider.close();
  } finally {
    await stopTestPostgres();
  }
});
for (const kind of STORE_KINDS) {
  describe(`Staff API (${kind} store)`, () => {
    let store;
    let cleanup;
    let handler;
    beforeEach(async () => {
      ({ store, cleanup } = await openTestStore(kind));
      await addRequest(store, requestWithFiles('SO-OLDE-R234', '2026-03-01T08:00:00.000Z'));
      await addRequest(store, requestWithFiles(REF, '2026-03-14T09:30:00.000Z'));
      await addRequest(store, requestWithFiles('SO-NEWE-R234', '2026-03-20T10:00:00.000Z'));
      handler = createStaffHandler({
        store,
        auth: authOptions(provider),
        allowedOrigins: [INBOX_ORIGIN],
        onError: (error) => assert.fail(error),
      });
    });
    afterEach(() => cleanup());

    describe('refused requests', () => {
      it('every route refuses every bad token with its code, and nothing is read or audited', async () => {
        const bad = await provider.badTokens();
        for (const route of ROUTES) {
          for (const one of bad) {
            const authorization = one.header ?? (one.token ? `Bearer ${one.token}` : undefined);
            const headers = json(authorization ? { authorization } : {});
            const response = await call(handler, route.subpath, { ...route, headers });
            const label = `${route.name}, ${one.name}`;
            assert.equal(response.status, one.status, label);
            assert.match(
              response.headers.get('content-type'),
              /^application\/problem\+json/,
              label,
            );
            assert.equal((await response.json()).code, one.code, label);
            assert.equal(
              response.headers.get('www-authenticate'),
              `Bearer error="invalid_token", error_description="${one.code}"`,
              label,
            );
          }
        }
        assert.deepEqual(await store.auditFor(REF), []);
        const stored = await store.get(REF);
        assert.equal(stored.status, 'new', 'no status changed');
      });

      it('refuses a token without the permission (403) and audits nothing', async () => {
        const cases = [
          { route: ROUTES[3], token: token.read, needs: 'write' },
          { route: ROUTES[5], token: token.read, needs: 'delete' },
          { route: ROUTES[5], token: token.write, needs: 'delete' },
          { route: ROUTES[3], token: STATIC_READ_ONLY, needs: 'write' },
          {
            route: ROUTES[1],
            token: await provider.token({ roles: ['other-app'] }),
            needs: 'read',
          },
        ];
        for (const { route, token: given, needs } of cases) {
          const response = await call(handler, route.subpath, {
            ...route,
            headers: json(bearer(given)),
          });
          assert.equal(response.status, 403, `${route.name} needs ${needs}`);
          assert.equal((await response.json()).code, 'insufficient-permission');
          assert.match(response.headers.get('www-authenticate'), /insufficient_scope/);
        }
        assert.deepEqual(await store.auditFor(REF), []);
        assert.ok(await store.get(REF));
      });

      it('authenticates before saying whether a request exists', async () => {
        const unknown = await call(handler, 'requests/SO-ZZZZ-ZZZZ');
        assert.equal(unknown.status, 401);
        const known = await call(handler, 'requests/SO-ZZZZ-ZZZZ', { headers: bearer(token.read) });
        assert.equal(known.status, 404);
        assert.equal((await known.json()).code, 'not-found');
      });

      it('refuses a page of another origin, and answers the inbox origin’s preflight', async () => {
        const foreign = await call(handler, 'requests', {
          headers: { ...bearer(token.read), origin: 'https://evil.example' },
        });
        assert.equal(foreign.status, 403);
        assert.equal((await foreign.json()).code, 'origin-not-allowed');

        const preflight = await call(handler, `requests/${REF}`, {
          method: 'OPTIONS',
          headers: { origin: INBOX_ORIGIN, 'access-control-request-method': 'DELETE' },
        });
        assert.equal(preflight.status, 204);
        assert.equal(preflight.headers.get('access-control-allow-origin'), INBOX_ORIGIN);
        assert.match(preflight.headers.get('access-control-allow-headers'), /Authorization/);
        assert.equal(preflight.headers.get('access-control-allow-credentials'), null);

        const read = await call(handler, 'requests', {
          headers: { ...bearer(token.read), origin: INBOX_ORIGIN },
        });
        assert.equal(read.headers.get('access-control-allow-origin'), INBOX_ORIGIN);
        assert.match(read.headers.get('access-control-expose-headers'), /Content-Disposition/);
      });
    });

    describe('routes', () => {
      it('lists newest first, filters by status and reference, and pages with a cursor', async () => {
        const all = await (await call(handler, 'requests', { headers: bearer(token.read) })).json();
        assert.deepEqual(
          all.requests.map((row) => row.reference),
          ['SO-NEWE-R234', REF, 'SO-OLDE-R234'],
        );
        assert.deepEqual(Object.keys(all.requests[0]).sort(), [
          'fileCount',
          'receivedAt',
          'reference',
          'status',
          'statusChangedAt',
        ]);
        assert.equal(all.next, undefined);

        const page = await (
          await call(handler, 'requests?limit=2', { headers: bearer(token.read) })
        ).json();
        assert.equal(page.requests.length, 2);
        assert.equal(page.next, '2026-03-14T09:30:00.000Z');
        const rest = await (
          await call(handler, `requests?limit=2&before=${encodeURIComponent(page.next)}`, {
            headers: bearer(token.read),
          })
        ).json();
        assert.deepEqual(
          rest.requests.map((row) => row.reference),
          ['SO-OLDE-R234'],
        );

        const found = await (
          await call(handler, `requests?reference=${REF.toLowerCase()}`, {
            headers: bearer(token.read),
          })
        ).json();
        assert.deepEqual(
          found.requests.map((row) => row.reference),
          [REF],
        );

        await store.setStatus(REF, {
          status: 'in-review',
          at: new Date().toISOString(),
          actor: 'x',
        });
        const inReview = await (
          await call(handler, 'requests?status=in-review', { headers: bearer(token.read) })
        ).json();
        assert.deepEqual(
          inReview.requests.map((row) => row.reference),
          [REF],
        );

        const wrong = await call(handler, 'requests?status=done', { headers: bearer(token.read) });
        assert.equal(wrong.status, 400);
        assert.equal((await wrong.json()).code, 'invalid-query');
      });

      it('reads one request with its answers and files, audited as read by the subject', async () => {
        const response = await call(handler, `requests/${REF.toLowerCase()}`, {
          headers: bearer(token.read),
        });
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('cache-control'), 'no-store');
        const request = await response.json();
        assert.equal(request.reference, REF);
        assert.equal(request.payload.motive, requestWithFiles(REF).payload.motive);
        assert.equal(request.files.length, 2);
        const [entry] = await store.auditFor(REF);
        assert.deepEqual(
          { ...entry, at: undefined },
          {
            at: undefined,
            actor: 'reader-1',
            action: 'read',
            reference: REF,
          },
        );
      });

      it('streams a file as an attachment that a browser cannot run, audited as download', async () => {
        const pdf = await call(handler, `requests/${REF}/files/medical-record-extract/0`, {
          headers: bearer(STATIC_TOKEN),
        });
        assert.equal(pdf.status, 200);
        assert.deepEqual(new Uint8Array(await pdf.arrayBuffer()), PDF_BYTES);
        assert.equal(pdf.headers.get('content-type'), 'application/pdf');
        assert.equal(pdf.headers.get('x-content-type-options'), 'nosniff');
        assert.equal(pdf.headers.get('content-security-policy'), 'sandbox');
        assert.equal(
          pdf.headers.get('content-disposition'),
          `attachment; filename="_______ _100_ (final).pdf"; filename*=UTF-8''${encodeURIComponent('выписка "100" ').replace(/'/g, '%27')}%28final%29.pdf`,
        );
        const png = await call(handler, `requests/${REF}/files/imaging/0`, {
          headers: bearer(token.read),
        });
        assert.deepEqual(new Uint8Array(await png.arrayBuffer()), PNG_BYTES);
        const missing = await call(handler, `requests/${REF}/files/imaging/1`, {
          headers: bearer(token.read),
        });
        assert.equal(missing.status, 404);
        assert.deepEqual(
          (await store.auditFor(REF)).map(({ actor, action, detail }) => [actor, action, detail]),
          [
            ['token:reception', 'download', 'medical-record-extract:0'],
            ['reader-1', 'download', 'imaging:0'],
          ],
        );
      });

      it('changes the status one step at a time with a note, audited without the note', async () => {
        const change = (status, note) =>
          call(handler, `requests/${REF}/status`, {
            method: 'POST',
            headers: json(bearer(token.write)),
            body: JSON.stringify({ status, ...(note ? { note } : {}) }),
          });
        const skipped = await change('answered');
        assert.equal(skipped.status, 409);
        assert.equal((await skipped.json()).code, 'invalid-transition');

        const moved = await change('in-review', 'Cardiology first.');
        assert.equal(moved.status, 200);
        const request = await moved.json();
        assert.equal(request.status, 'in-review');
        assert.deepEqual(
          request.history.map(({ status, actor, note }) => ({ status, actor, note })),
          [{ status: 'in-review', actor: 'doctor-7', note: 'Cardiology first.' }],
        );
        assert.equal((await change('new')).status, 200, 'one step back undoes a slip');

        const bad = await call(handler, `requests/${REF}/status`, {
          method: 'POST',
          headers: json(bearer(token.write)),
          body: '{"status":',
        });
        assert.equal(bad.status, 400);
        const notJson = await call(handler, `requests/${REF}/status`, {
          method: 'POST',
          headers: { ...bearer(token.write), 'content-type': 'text/plain' },
          body: '{}',
        });
        assert.equal(notJson.status, 415);

        const entries = await store.auditFor(REF);
        assert.deepEqual(
          entries.map(({ actor, action, detail }) => [actor, action, detail]),
          [
            ['doctor-7', 'status', 'in-review'],
            ['doctor-7', 'status', 'new'],
          ],
        );
        assert.ok(!JSON.stringify(entries).includes('Cardiology'));
      });

      it('refuses a change chosen on a status a colleague has changed since, naming the current one', async () => {
        const move = (status, from) =>
          call(handler, `requests/${REF}/status`, {
            method: 'POST',
            headers: json(bearer(token.write)),
            body: JSON.stringify({ status, from }),
          });
        assert.equal((await move('in-review', 'new')).status, 200);
        // Two staff members saw "in-review" at once: one answers it, one sends it back to new.
        const [first, second] = await Promise.all([
          move('answered', 'in-review'),
          move('new', 'in-review'),
        ]);
        const statuses = [first.status, second.status].sort();
        assert.deepEqual(statuses, [200, 409]);
        const refused = first.status === 409 ? first : second;
        const problem = await refused.json();
        assert.equal(problem.code, 'status-changed');
        const stored = await store.get(REF);
        assert.equal(problem.currentStatus, stored.status);
        assert.equal(stored.history.length, 2, 'the refused change left no trace');
        // The loser's view is still "in-review": any move chosen on it is refused, even one that
        // would be legal from the current status.
        const again = await move(
          stored.status === 'answered' ? 'closed' : 'in-review',
          'in-review',
        );
        assert.equal(again.status, 409);
        assert.equal((await again.json()).code, 'status-changed');
        assert.equal((await move('closed', 'archived')).status, 400);
        assert.deepEqual(
          (await store.auditFor(REF)).map(({ action, detail }) => [action, detail]),
          [
            ['status', 'in-review'],
            ['status', stored.status],
          ],
        );
      });

      it('exports valid FHIR R4 whose file links lead to the file route, audited as export', async () => {
        const response = await call(handler, `requests/${REF}/fhir`, {
          headers: bearer(token.read),
        });
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('content-type'), 'application/fhir+json; charset=utf-8');
        const bundle = await response.json();
        assertValidR4(bundle);
        const urls = bundle.entry.slice(1).map((entry) => entry.resource.content[0].attachment.url);
        assert.deepEqual(urls, [
          `${STAFF}/requests/${REF}/files/medical-record-extract/0`,
          `${STAFF}/requests/${REF}/files/imaging/0`,
        ]);
        const subpath = urls[1].slice(STAFF.length + 1);
        const file = await call(handler, subpath, { headers: bearer(token.read) });
        assert.deepEqual(new Uint8Array(await file.arrayBuffer()), PNG_BYTES);
        assert.deepEqual(
          (await store.auditFor(REF)).map(({ action }) => action),
          ['export', 'download'],
        );
      });

      it('deletes a request with its files; its audit entries stay readable', async () => {
        await call(handler, `requests/${REF}`, { headers: bearer(token.read) });
        const deleted = await call(handler, `requests/${REF}`, {
          method: 'DELETE',
          headers: bearer(token.delete),
        });
        assert.equal(deleted.status, 204);
        assert.equal(await store.get(REF), undefined);
        assert.equal(await store.openFile(REF, 'imaging', 0), undefined);
        const again = await call(handler, `requests/${REF}`, {
          method: 'DELETE',
          headers: bearer(token.delete),
        });
        assert.equal(again.status, 404);
        assert.equal(
          (await call(handler, `requests/${REF}`, { headers: bearer(token.read) })).status,
          404,
        );

        const audit = await call(handler, `requests/${REF}/audit`, { headers: bearer(token.read) });
        const { entries } = await audit.json();
        assert.deepEqual(
          entries.map(({ actor, action }) => [actor, action]),
          [
            ['reader-1', 'read'],
            ['dpo-2', 'delete'],
          ],
        );
        assert.ok(await store.get('SO-NEWE-R234'), 'other requests stay');
      });

      it('answers unknown routes and methods without touching the store', async () => {
        const route = await call(handler, 'secrets', { headers: bearer(token.read) });
        assert.equal(route.status, 404);
        assert.equal((await route.json()).code, 'unknown-route');
        const method = await call(handler, `requests/${REF}/fhir`, {
          method: 'PUT',
          headers: bearer(token.write),
        });
        assert.equal(method.status, 405);
        assert.equal(method.headers.get('allow'), 'GET');
      });
    });
  });
}
