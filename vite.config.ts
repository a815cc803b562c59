/**
 * `npm start`: the demo pages on Vite's dev server, with the reference endpoint mounted so that
 * the demo accepts submissions without a second process. `npm run preview` does the same for a
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
import { createDemoAuth } from './demo/auth/demo-auth.ts';
import { createIntakeEndpoint } from './demo/server/endpoint.ts';
import packageJson from './package.json' with { type: 'json' };

const DEMO_PATH = '/demo/';
const DATA_DIR = '.data/submissions';
const DEMO_PAGES = ['index', 'portal', 'theme', 'received', 'privacy'];

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
 * The demo sign-in (demo/auth/demo-auth.ts): a key pair made at start, `GET /demo/auth/jwks.json`
 * and `POST /demo/auth/token`. Its key is made once per process, so tokens stay valid across
 * Vite's config reloads only while the process runs.
 */
const demoAuth = createDemoAuth();

const demoSignIn: Connect.NextHandleFunction = (req, res, next) => {
  demoAuth.then((auth) => auth.handle(req, res, next), next);
};

/** Mounts the reference endpoint and the demo sign-in, and sends `/` to the demo. */
function intakeEndpoint(): Plugin {
  let root = process.cwd();
  const mount = (server: ViteDevServer | PreviewServer) => {
    server.middlewares.use(redirectRootToDemo);
    server.middlewares.use(demoSignIn);
    server.middlewares.use(createIntakeEndpoint({ dataDir: resolve(root, DATA_DIR) }));
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
