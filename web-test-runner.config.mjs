// Tests run in one engine per run, all from Debian's packages; nothing here downloads a browser.
// `ENGINE=chromium|firefox|webkit` picks it (Chromium when unset); scripts/test-browsers.mjs
// runs the three one after another. See docs/browsers.md.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { a11ySnapshotPlugin } from '@web/test-runner-commands/plugins';
import { inboxServerMiddleware } from './test/server/inbox-server.ts';
import { countReporter, engineCommandsPlugin, engineLauncher } from './test/wtr-engines.mjs';
import { testEndpointMiddleware } from './test/server/middleware.ts';

const engine = process.env.ENGINE ?? 'chromium';

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  // WebKitWebDriver drives one session at a time; the others share the machine's two cores.
  concurrency: 1,
  testsFinishTimeout: 600000,
  testFramework: { config: { timeout: 20000 } },
  browsers: [await engineLauncher(engine)],
  // ENGINE_RESULTS: where scripts/test-browsers.mjs reads this run's counts.
  reporters: process.env.ENGINE_RESULTS
    ? [defaultReporter(), countReporter(process.env.ENGINE_RESULTS)]
    : [defaultReporter()],
  middleware: [testEndpointMiddleware(), inboxServerMiddleware()],
  plugins: [
    engineCommandsPlugin(),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    // The accessibility tree as the browser exposes it (roles, names, states): issue #12's tests.
    a11ySnapshotPlugin(),
  ],
};
