/**
 * Builds the Vue 3 test app (index.html + main.ts + SecondOpinion.vue) with Vite and the README's
 * vite.config.js into `outDir`, served under `/vue/`. `second-opinion-intake/*` resolves through
 * package.json's `exports` to dist/, as in an app that installed the package.
 *
 * Vue's development build is bundled (`process.env.NODE_ENV`), so that Vue warns in the console
 * about what it would silently tolerate in production, e.g. a tag it tried to resolve as a
 * component because `isCustomElement` did not name it. The tests fail on any such warning.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

export async function buildVueApp(outDir) {
  await build({
    root: here,
    configFile: join(here, 'vite.config.js'),
    base: '/vue/',
    logLevel: 'warn',
    define: { 'process.env.NODE_ENV': JSON.stringify('development') },
    build: { outDir, emptyOutDir: true, target: 'es2022', modulePreload: false },
  });
}
