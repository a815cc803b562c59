/**
 * Builds the framework test apps with Vite: test/e2e/<name>/ (index.html and the app's code)
 * into `outDir`, served under `/<name>/`. `second-opinion-intake/*` resolves through
 * package.json's `exports` to dist/, as in an app that installed the package.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

/** What each app needs beyond the shared options. */
const APPS = {
  // index.html + main.tsx.
  react: { oxc: { jsx: { runtime: 'automatic', importSource: 'react' } } },
  // index.html + main.ts + SecondOpinion.vue, with the embedding guide's vite.config.js
  // (isCustomElement). Vue's development build is bundled, so that Vue warns in the console
  // about what it would silently tolerate in production, e.g. a tag it tried to resolve as a
  // component because `isCustomElement` did not name it. The tests fail on any such warning.
  vue: {
    configFile: join(here, 'vue', 'vite.config.js'),
    define: { 'process.env.NODE_ENV': JSON.stringify('development') },
  },
  // index.html + main.ts + second-opinion.component.ts: no Angular CLI, the template is
  // compiled in the browser (JIT, see main.ts); `@Component` is a legacy decorator. The JIT
  // compiler makes a large bundle; size is not what this app is for.
  angular: {
    oxc: { decorator: { legacy: true } },
    build: { chunkSizeWarningLimit: 2000 },
  },
};

export const APP_NAMES = Object.keys(APPS);

export async function buildApp(name, outDir) {
  const { build: buildOptions, ...options } = APPS[name];
  await build({
    root: join(here, name),
    configFile: false,
    base: `/${name}/`,
    logLevel: 'warn',
    mode: 'production',
    ...options,
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      modulePreload: false,
      ...buildOptions,
    },
  });
}
