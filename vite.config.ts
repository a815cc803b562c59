/**
 * `npm start`: the demo pages on Vite's dev server, with the receiving server (src/server/, on
 * its embedded store in `.data/`) mounted at `/api/second-opinion`, so that the demo accepts
 * requests without a second process. `npm run preview` does the same for a production build of
 * the demo pages (in `.data/demo-site`, next to the store, so it never lands in the npm
 * package's `dist/`).
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
import { createReceivingHandler } from './src/server/handler.ts';
import { toNodeMiddleware } from './src/server/node.ts';
import { createEmbeddedStore } from './src/server/store/embedded.ts';
import packageJson from './package.json' with { type: 'json' };

const DEMO_PATH = '/demo/';
const BASE_PATH = '/api/second-opinion';
const DATA_DIR = '.data';
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
 * Mounts the receiving server, and sends `/` to the demo. Its isolation frame
 * (`mode="isolated"`, docs/isolation.md) is served from the built dist/cdn/ (`prestart` builds
 * it when stale), and pages on any loopback port may embed it, so the demo shows two origins:
 * the page on `localhost`, the frame on `127.0.0.1` (demo/isolated.ts).
 */
function receivingServer(): Plugin {
  let root = process.cwd();
  const mount = async (server: ViteDevServer | PreviewServer) => {
    const store = createEmbeddedStore({ dataDir: resolve(root, DATA_DIR) });
    await store.open();
    server.httpServer?.once('close', () => void store.close());
    server.middlewares.use(redirectRootToDemo);
    server.middlewares.use(
      toNodeMiddleware(
        createReceivingHandler({
          store,
          frame: {
            ancestors: ['http://localhost:*', 'http://127.0.0.1:*'],
            assetsDir: resolve(root, 'dist/cdn'),
          },
        }),
        BASE_PATH,
      ),
    );
    printDemoUrl(server);
  };
  return {
    name: 'second-opinion-intake:receiving-server',
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
  plugins: [receivingServer()],
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
