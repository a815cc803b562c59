/**
 * Runs `npm run build` unless dist/ is newer than everything it is built from (src/, locales/,
 * scripts/, package.json, the lockfile): the end-to-end tests and the benchmark run on dist/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist/cdn/second-opinion-intake.js');
const SOURCES = [
  'src',
  'locales',
  'scripts',
  'package.json',
  'package-lock.json',
  'lit-localize.json',
];

function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return (
    readdirSync(path)
      // src/generated is itself written by `npm run build` (lit-localize build).
      .filter((name) => !(path.endsWith('src') && name === 'generated'))
      .reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs)
  );
}

const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
const sourcesAt = Math.max(...SOURCES.map((path) => newestChange(join(root, path))));
if (builtAt > sourcesAt && existsSync(join(root, 'dist/types/index.d.ts'))) {
  console.log('dist/ is up to date');
} else {
  console.log('dist/ is missing or older than its sources: npm run build');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
