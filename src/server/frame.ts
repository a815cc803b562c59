/**
 * The isolation frame (docs/isolation.md): `GET {basePath}/frame` is a page that runs the whole
 * intake on the receiving server's own origin, for `<second-opinion-intake mode="isolated">` to
 * embed in an `<iframe>`; `GET {basePath}/frame/assets/…` serves the script-tag build
 * (`dist/cdn/`, with the frame entry `frame.js` beside it) that the page loads.
 *
 * What a patient types there stays out of the embedding page's reach: the page is another
 * origin, so the host's scripts (analytics, tag managers, session replay) can neither read its
 * DOM nor patch its `fetch`. The page's headers keep it that way:
 * - a Content-Security-Policy that lets it load and post only to this origin, with Trusted
 *   Types, and `frame-ancestors` limited to the configured embedding origins (no other site can
 *   frame it and overlay it);
 * - `Cross-Origin-Opener-Policy: same-origin` (opened on its own, no opener keeps a handle on
 *   it), `Referrer-Policy: no-referrer`, `Cache-Control: no-store`.
 * The embedding origins are also written into the page, so the frame entry accepts its
 * configuration only from one of them.
 */
import { createHash } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NO_STORE_HEADERS, problemAnswer } from './answers.js';

export interface FrameOptions {
  /**
   * Exact origins (`https://insurer.example`) whose pages may embed the frame, or
   * `http://localhost:*` for any port of a host (development); none means no page may
   * (`frame-ancestors 'none'`).
   */
  ancestors?: readonly string[];
  /** The script-tag build with `frame.js` (default: this package's `dist/cdn/`). */
  assetsDir?: string;
}

/** Files of the script-tag build the frame page names; the rest are imported by them. */
const FRAME_SCRIPTS = ['second-opinion-intake.js', 'frame.js'] as const;

const ASSET_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

/** The `frame-ancestors` source list: `'none'` when nothing is configured. */
function ancestorsSource(ancestors: readonly string[]): string {
  return ancestors.length ? ancestors.join(' ') : "'none'";
}

export function frameContentSecurityPolicy(ancestors: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "connect-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "require-trusted-types-for 'script'",
    'trusted-types lit-html',
    `frame-ancestors ${ancestorsSource(ancestors)}`,
  ].join('; ');
}

/** This package's `dist/cdn/`, found from this file in `src/server/` or a built `dist/…`. */
function defaultFrameAssetsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'second-opinion-intake') return join(dir, 'dist', 'cdn');
    }
    const parent = dirname(dir);
    if (parent === dir) return resolve('dist', 'cdn');
    dir = parent;
  }
}

const escapeAttribute = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * Answers `{basePath}/frame` and `{basePath}/frame/assets/…` (`subpath`: what follows
 * `frame`, `''` or `/assets/…`); `undefined` for any other subpath.
 */
export function createFrameRoutes(basePath: string, options: FrameOptions) {
  const ancestors = [...(options.ancestors ?? [])];
  const assetsDir = resolve(options.assetsDir ?? defaultFrameAssetsDir());
  const assetsPath = `${basePath}/frame/assets/`;
  const policy = frameContentSecurityPolicy(ancestors);
  /**
   * The build's version: a hash of the two named files. Every asset URL carries it
   * (`frame/assets/<version>/…`), so each URL stands for one content and may be cached as
   * immutable, the unhashed main file included; the chunks' relative imports of the main file
   * stay inside the same versioned folder, so the page never loads two copies of it.
   */
  let version: Promise<string> | undefined;
  const versionOf = () =>
    (version ??= Promise.all(FRAME_SCRIPTS.map((file) => readFile(join(assetsDir, file)))).then(
      (files) => {
        const hash = createHash('sha256');
        for (const bytes of files) hash.update(bytes);
        return hash.digest('hex').slice(0, 16);
      },
    )).catch((error: unknown) => {
      version = undefined;
      throw error;
    });

  async function page(): Promise<Response> {
    let current: string;
    try {
      current = await versionOf();
    } catch {
      return problemAnswer(503, 'The frame’s files are not built (npm run build).', {
        code: 'frame-unavailable',
      });
    }
    const scripts = FRAME_SCRIPTS.map(
      (file) => `<script type="module" src="${assetsPath}${current}/${file}"></script>`,
    ).join('\n    ');
    const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="second-opinion-frame-ancestors" content="${escapeAttribute(ancestors.join(' '))}" />
    <title>Second opinion request</title>
    ${scripts}
  </head>
  <body></body>
</html>
`;
    return new Response(html, {
      status: 200,
      headers: {
        ...NO_STORE_HEADERS,
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': policy,
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Referrer-Policy': 'no-referrer',
      },
    });
  }

  async function asset(versioned: string): Promise<Response> {
    const notFound = () => problemAnswer(404, 'Nothing here.', { code: 'not-found' });
    const slash = versioned.indexOf('/');
    const relativePath = versioned.slice(slash + 1);
    const type = ASSET_TYPES[extname(relativePath)];
    if (!type || relativePath.includes('\0') || relativePath.includes('\\')) return notFound();
    let file: string;
    try {
      // Only the build being served: an old version's URL must not get new content for a year.
      if (slash < 1 || versioned.slice(0, slash) !== (await versionOf())) return notFound();
      // Resolved through links too: nothing outside the build's folder is ever read.
      file = await realpath(resolve(assetsDir, decodeURIComponent(relativePath)));
      const root = await realpath(assetsDir);
      if (!file.startsWith(root + sep)) return notFound();
      const bytes = await readFile(file);
      return new Response(bytes, {
        status: 200,
        headers: {
          'Content-Type': type,
          'Content-Length': String(bytes.length),
          // The version in the path names the content (see versionOf).
          'Cache-Control': 'public, max-age=31536000, immutable',
          'X-Content-Type-Options': 'nosniff',
          'Cross-Origin-Resource-Policy': 'same-origin',
        },
      });
    } catch {
      return notFound();
    }
  }

  return async (request: Request, subpath: string): Promise<Response | undefined> => {
    if (subpath !== '' && !subpath.startsWith('/assets/')) return undefined;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return problemAnswer(405, 'Use GET.', { code: 'method-not-allowed' }, { Allow: 'GET, HEAD' });
    }
    return subpath === '' ? page() : asset(subpath.slice('/assets/'.length));
  };
}
