/**
 * `npm run check:pack`: what `npm pack` would publish is exactly what we mean to publish.
 *
 * Allowed: package.json, README.md, LICENSE, CHANGELOG.md and the built `dist/` (JavaScript, type
 * declarations, the custom-elements manifest and the FHIR Questionnaire). Refused: source maps
 * (the npm build is unminified on purpose, see scripts/build.mjs), sources, tests, demo pages,
 * stored submissions (`.data/`), environment files and anything else. Run after `npm run build`.
 */
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^CHANGELOG\.md$/,
  /^dist\/.+\.js$/,
  // The server's schema migrations, applied in order at start.
  /^dist\/node\/server\/store\/migrations\/\d{3}-[a-z-]+\.sql$/,
  /^dist\/types\/.+\.d\.ts$/,
  /^dist\/custom-elements\.json$/,
  /^dist\/fhir\/questionnaire\.json$/,
];
const REQUIRED = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/index.js'];

const [packed] = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }),
);
const files = packed.files.map((file) => file.path);
const unexpected = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
const missing = REQUIRED.filter((file) => !files.includes(file));

if (unexpected.length > 0 || missing.length > 0) {
  for (const file of unexpected) console.error(`✖ npm pack would ship ${file}`);
  for (const file of missing) console.error(`✖ npm pack would not ship ${file}`);
  process.exit(1);
}
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(
  `✔ npm pack: ${files.length} files, ${kb(packed.size)} packed, ${kb(packed.unpackedSize)} unpacked`,
);
