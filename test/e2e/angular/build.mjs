/**
 * Builds the Angular test app (index.html + main.ts + second-opinion.component.ts) with Vite
 * into `outDir`, served under `/angular/`: no Angular CLI, the template is compiled in the
 * browser (JIT, see main.ts). TypeScript's legacy decorators (`experimentalDecorators`), which
 * Angular's `@Component` is. `second-opinion-intake/*` resolves through package.json's
 * `exports` to dist/, as in an app that installed the package.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export async function buildAngularApp(outDir) {
  await build({
    root: dirname(fileURLToPath(import.meta.url)),
    configFile: false,
    base: '/angular/',
    logLevel: 'warn',
    mode: 'production',
    oxc: { decorator: { legacy: true } },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      modulePreload: false,
      // The JIT compiler makes a large bundle; size is not what this app is for.
      chunkSizeWarningLimit: 2000,
    },
  });
}
