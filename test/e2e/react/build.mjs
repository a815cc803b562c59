/**
 * Builds the React test app (index.html + main.tsx) with Vite into `outDir`, served under
 * `/react/`. `second-opinion-intake/*` resolves through package.json's `exports` to dist/, as
 * in an app that installed the package.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export async function buildReactApp(outDir) {
  await build({
    root: dirname(fileURLToPath(import.meta.url)),
    configFile: false,
    base: '/react/',
    logLevel: 'warn',
    mode: 'production',
    oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
    build: { outDir, emptyOutDir: true, target: 'es2022', modulePreload: false },
  });
}
