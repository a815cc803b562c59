/**
 * `npm start`: the demo pages on Vite's dev server, with the receiving server (src/server) and
 * the demo sign-in mounted (demo/demo-server.ts), so that the demo accepts submissions and shows
 * them in the staff inbox (demo/received.html) without a second process. `npm run preview` does the same for a
 * production build of the demo pages (in `.data/demo-site`, next to the stored submissions, so
 * it never lands in the npm package's `dist/`).
 *
 * The npm and script-tag builds of the package are not configured here: see scripts/build.mjs.
 *
 * TypeScript goes through Vite's Oxc transform, which takes `experimentalDecorators` and
 * `useDefineForClassFields: false` from tsconfig.json; without them Lit's `@property` fields
 * would shadow their reactive accessors and never re-render.
 */
import { resolve } from 'node:path';
import {
  defineConfig,
  type Connect,
  type Plugin,
  type PreviewServer,
  type ViteDevServer,
} from 'vite';
import { createDemoServer } from './demo/demo-server.ts';
import packageJson from './package.json' with { type: 'json' };

const DEMO_PATH = '/demo/';
/** The embedded store's folder; the end-to-end test of the demo points it at a temporary one. */
const DATA_DIR = process.env.SECOND_OPINION_DEMO_DATA_DIR ?? '.data/server';
const DEMO_PAGES = ['index', 'isolated', 'portal', 'theme', 'received', 'privacy'];

/** `npm start` prints where the demo is, beside Vite's own URLs. */
function printDemoUrl(server: ViteDevServer | PreviewServer): void {
  const printUrls = server.printUrls.bind(server);
  server.printUrls = () => {
    printUrls();
    const local = server.resolvedUrls?.local[0];
    if (local) server.config.logger.info(`  ➜  Demo:    ${new URL(DEMO_PATH, local).href}`);
  };
}

const redirectRootToDemo: Connect.NextHandleFunction = (req, res, next) => {
  if (req.url !== '/') return next();
  res.statusCode = 302;
  res.setHeader('Location', DEMO_PATH);
  res.end();
};

/**
 * Mounts the receiving server (src/server, embedded store, staff API) with the demo sign-in
 * (demo/demo-server.ts), and sends `/` to the demo. The sign-in key lives as long as the
 * server: after a restart the inbox's token is refused, and it asks to sign in again. Its
 * isolation frame (`mode="isolated"`, docs/isolation.md) is served from the built dist/cdn/
 * (`prestart` builds it when stale), and pages on any loopback port may embed it, so the demo
 * shows two origins: the page on `localhost`, the frame on `127.0.0.1` (demo/isolated.ts).
 */
let demoServer: ReturnType<typeof createDemoServer> | undefined;

function intakeEndpoint(): Plugin {
  let root = process.cwd();
  const mount = (server: ViteDevServer | PreviewServer) => {
    demoServer ??= createDemoServer({
      dataDir: resolve(root, DATA_DIR),
      frame: {
        ancestors: ['http://localhost:*', 'http://127.0.0.1:*'],
        assetsDir: resolve(root, 'dist/cdn'),
      },
    });
    server.middlewares.use(redirectRootToDemo);
    server.middlewares.use(demoServer.handle);
    printDemoUrl(server);
  };
  return {
    name: 'second-opinion-intake:demo-endpoint',
    configResolved(config) {
      root = config.root;
    },
    configureServer: mount,
    configurePreviewServer: mount,
  };
}

export default defineConfig({
  appType: 'mpa',
  // IPv4 loopback: reachable as `localhost` and as `127.0.0.1`, the demo's two origins.
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  // `window.SecondOpinionIntake.version` (src/global-api.ts), as in the script-tag build.
  define: { __SECOND_OPINION_INTAKE_VERSION__: JSON.stringify(packageJson.version) },
  plugins: [intakeEndpoint()],
  build: {
    outDir: '.data/demo-site',
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      input: Object.fromEntries(
        DEMO_PAGES.map((page) => [page, resolve(import.meta.dirname, `demo/${page}.html`)]),
      ),
    },
  },
});
