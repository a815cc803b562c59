/**
 * A small static server for the end-to-end tests and the benchmark: the built package (dist/),
 * the test pages, the bench page, and the receiving server (src/server/) at
 * `/api/second-opinion`, on an embedded store in a fresh temporary directory. Loopback only.
 *
 * Routes (GET/HEAD unless said otherwise):
 * - `/dist/…`: dist/; `/copy/…`: dist/cdn/ again under another URL (a second copy of the
 *   script, as when two teams each paste it);
 * - `/pages/…`: test/e2e/pages/; a page named `*.csp.html` is served with the strict
 *   Content-Security-Policy of issue #4 (`STRICT_CSP`, Trusted Types required; the page with
 *   two copies of the script gets `STRICT_CSP_TWO_COPIES`);
 * - `/react/…`, `/vue/…`, `/angular/…`: the framework test apps, each built by
 *   test/e2e/apps.mjs into the directory `apps[<name>]`;
 * - `/bench/…`: bench/;
 * - `/api/second-opinion…`: the receiving server;
 * - `/test-api/stored` (GET; test only, never a product route): what the store holds, each
 *   request whole, newest first.
 *
 * Needs `node --import tsx` (the server is TypeScript).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createReceivingHandler } from '../../src/server/handler.ts';
import { toNodeMiddleware } from '../../src/server/node.ts';
import { createEmbeddedStore } from '../../src/server/store/embedded.ts';
import { storedRequests } from '../server/stored.ts';

const BASE_PATH = '/api/second-opinion';
const STORED_PATH = '/test-api/stored';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The policy an insurer's CMS page might send (issue #4), plus Lit's Trusted Types policy. */
export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
].join('; ');

/**
 * The same policy for a page holding two copies of Lit (two copies of the script, or the npm
 * build and the script tag): each creates its own `lit-html` policy.
 */
export const STRICT_CSP_TWO_COPIES = STRICT_CSP.replace(
  'trusted-types lit-html',
  "trusted-types lit-html 'allow-duplicates'",
);

/** Pages served with another policy than `STRICT_CSP`. */
const PAGE_POLICIES = { 'double.csp.html': STRICT_CSP_TWO_COPIES };

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

/**
 * Starts the server on a free loopback port. `apps`: where each framework test app was built,
 * by name (`{ react, vue, angular }`).
 * Returns `{ origin, close() }`.
 */
export async function startServer({ apps = {} } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'second-opinion-e2e-'));
  const store = createEmbeddedStore({ dataDir });
  await store.open();
  const endpoint = toNodeMiddleware(createReceivingHandler({ store, log: () => {} }), BASE_PATH);
  const mounts = [
    ['/dist/', join(root, 'dist')],
    ['/copy/', join(root, 'dist/cdn')],
    ['/pages/', join(root, 'test/e2e/pages')],
    ['/bench/', join(root, 'bench')],
    ...Object.entries(apps).map(([name, dir]) => [`/${name}/`, dir]),
  ];

  const server = createServer((req, res) => {
    endpoint(req, res, () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
      if (path === STORED_PATH && req.method === 'GET') {
        storedRequests(store).then((stored) => {
          res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
          res.end(JSON.stringify(stored));
        });
        return;
      }
      const mount = mounts.find(([prefix]) => path.startsWith(prefix));
      if (!mount || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(404).end();
        return;
      }
      const [prefix, dir] = mount;
      let file = normalize(join(dir, path.slice(prefix.length)));
      if (!file.startsWith(dir + sep) && file !== dir) {
        res.writeHead(403).end();
        return;
      }
      try {
        if (statSync(file).isDirectory()) file = join(file, 'index.html');
        const body = readFileSync(file);
        const headers = {
          'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
          'Cache-Control': 'no-store',
        };
        if (file.endsWith('.csp.html')) {
          headers['Content-Security-Policy'] = PAGE_POLICIES[basename(file)] ?? STRICT_CSP;
        }
        res.writeHead(200, headers);
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    dataDir,
    async close() {
      server.closeAllConnections();
      await new Promise((resolveClose) => server.close(resolveClose));
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
