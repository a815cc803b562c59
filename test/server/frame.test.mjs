/**
 * The isolation frame's routes over real HTTP (src/server/frame.ts): the page and its headers,
 * the build's files under `frame/assets/` (types, immutable caching, nothing outside the folder),
 * and the `FRAME_ANCESTORS` setting. What the frame does in a browser is tested end to end in
 * test/e2e/isolation.test.mjs.
 *
 * Run: `node --import tsx --test test/server/frame.test.mjs`.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError, readSettings } from '../../src/server/config.ts';
import { startServer } from '../../src/server/node.ts';
import { createEmbeddedStore } from '../../src/server/store/embedded.ts';
import { BASE_PATH, rawRequest, statusOf } from './fixtures.mjs';

const HOST_A = 'http://127.0.0.1:5173';
const HOST_B = 'https://insurer.example';
const MAIN = 'export const main = 1;\n';
const FRAME = 'export const frame = 2;\n';
const CHUNK = 'export const chunk = 3;\n';
/** The build's version: both named files, hashed in the order the page loads them. */
const VERSION = createHash('sha256').update(MAIN).update(FRAME).digest('hex').slice(0, 16);

let dir;
const running = [];

/** A server on a fresh store with `frame` options (none: no frame routes). */
async function serve(frame) {
  const dataDir = mkdtempSync(join(dir, 'data-'));
  const server = await startServer({
    store: createEmbeddedStore({ dataDir }),
    log: () => {},
    ...(frame ? { frame } : {}),
  });
  running.push(server);
  return `${server.url}${BASE_PATH}`;
}

/** GET over a raw socket, for paths `fetch` would normalize first. */
async function rawGet(url, path) {
  const { answer, socket } = rawRequest(
    url,
    `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
  );
  const text = await answer;
  socket.destroy();
  return text;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'second-opinion-frame-'));
  const assets = join(dir, 'cdn');
  mkdirSync(join(assets, 'chunks'), { recursive: true });
  writeFileSync(join(assets, 'second-opinion-intake.js'), MAIN);
  writeFileSync(join(assets, 'frame.js'), FRAME);
  writeFileSync(join(assets, 'chunks', 'form-controls-Ab12.js'), CHUNK);
  writeFileSync(join(assets, 'notes.txt'), 'not an asset');
  writeFileSync(join(dir, 'secret.js'), 'export const secret = "outside";\n');
  symlinkSync(join(dir, 'secret.js'), join(assets, 'chunks', 'link.js'));
});

after(async () => {
  for (const server of running) await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Isolation frame page', () => {
  let url;
  before(async () => {
    url = await serve({ ancestors: [HOST_A, HOST_B], assetsDir: join(dir, 'cdn') });
  });

  it('sends the strict policy, no-store, same-origin opener and no referrer', async () => {
    const response = await fetch(`${url}/frame`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(
      response.headers.get('content-security-policy'),
      "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; " +
        "img-src 'self'; base-uri 'none'; form-action 'none'; " +
        "require-trusted-types-for 'script'; trusted-types lit-html; " +
        `frame-ancestors ${HOST_A} ${HOST_B}`,
    );
    assert.equal(response.headers.get('cross-origin-opener-policy'), 'same-origin');
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  });

  it('loads the two scripts from its own origin, under the build’s version', async () => {
    const html = await (await fetch(`${url}/frame`)).text();
    const sources = [...html.matchAll(/<script type="module" src="([^"]+)"><\/script>/g)].map(
      (match) => match[1],
    );
    assert.deepEqual(sources, [
      `${BASE_PATH}/frame/assets/${VERSION}/second-opinion-intake.js`,
      `${BASE_PATH}/frame/assets/${VERSION}/frame.js`,
    ]);
    assert.match(
      html,
      new RegExp(`<meta name="second-opinion-frame-ancestors" content="${HOST_A} ${HOST_B}" />`),
    );
    // No inline script or style the policy would have to allow.
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)/);
    assert.doesNotMatch(html, /<style|style=/);
  });

  it('answers HEAD, refuses other methods', async () => {
    assert.equal((await fetch(`${url}/frame`, { method: 'HEAD' })).status, 200);
    const post = await fetch(`${url}/frame`, { method: 'POST', body: 'x' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
  });
});

describe('Isolation frame assets', () => {
  let url;
  before(async () => {
    url = await serve({ ancestors: [HOST_A], assetsDir: join(dir, 'cdn') });
  });

  it('serves the build with its type, immutable-cached', async () => {
    for (const [path, body] of [
      ['second-opinion-intake.js', MAIN],
      ['frame.js', FRAME],
      ['chunks/form-controls-Ab12.js', CHUNK],
    ]) {
      const response = await fetch(`${url}/frame/assets/${VERSION}/${path}`);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8');
      assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(await response.text(), body);
    }
  });

  it('reads nothing outside the build folder, and no file of another kind', async () => {
    for (const path of [
      `/frame/assets/${VERSION}/%2e%2e/secret.js`,
      `/frame/assets/${VERSION}/..%2Fsecret.js`,
      `/frame/assets/${VERSION}/..%2F..%2Fsecret.js`,
      `/frame/assets/${VERSION}/chunks/%2e%2e%2f%2e%2e%2fsecret.js`,
      `/frame/assets/${VERSION}/chunks/link.js`,
      `/frame/assets/${VERSION}/notes.txt`,
      `/frame/assets/${VERSION}/missing.js`,
      `/frame/assets/${VERSION}/`,
      // Another build's URL: never this build's content under it.
      '/frame/assets/0123456789abcdef/frame.js',
      '/frame/assets/frame.js',
    ]) {
      const answer = await rawGet(url, `${BASE_PATH}${path}`);
      assert.equal(statusOf(answer), 404, path);
      assert.doesNotMatch(answer, /outside/, path);
    }
  });

  it('says the frame is unavailable while the build is missing', async () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    const other = await serve({ ancestors: [HOST_A], assetsDir: empty });
    const response = await fetch(`${other}/frame`);
    assert.equal(response.status, 503);
    assert.equal((await response.json()).code, 'frame-unavailable');
  });
});

describe('Isolation frame settings', () => {
  it('refuses to be framed anywhere when no embedding origin is configured', async () => {
    const url = await serve({ assetsDir: join(dir, 'cdn') });
    const policy = (await fetch(`${url}/frame`)).headers.get('content-security-policy');
    assert.match(policy, /frame-ancestors 'none'$/);
  });

  it('has no frame routes without the frame option', async () => {
    const url = await serve(undefined);
    assert.equal((await fetch(`${url}/frame`)).status, 404);
    assert.equal((await fetch(`${url}/frame/assets/frame.js`)).status, 404);
  });

  it('reads FRAME_ANCESTORS (or --frame-ancestors) as a list of exact origins', () => {
    const settings = readSettings([], { FRAME_ANCESTORS: `${HOST_A}, ${HOST_B}` });
    assert.deepEqual(settings.frameAncestors, [HOST_A, HOST_B]);
    assert.deepEqual(readSettings(['--frame-ancestors', HOST_B], {}).frameAncestors, [HOST_B]);
    assert.deepEqual(readSettings([], {}).frameAncestors, []);
    assert.throws(
      () => readSettings([], { FRAME_ANCESTORS: 'https://insurer.example/page' }),
      (error) => error instanceof ConfigError && /FRAME_ANCESTORS/.test(error.message),
    );
  });
});
