/**
 * `npm run build`: everything the package ships, in dist/.
 *
 * 1. npm build (ES modules, not minified, with sourcemaps; lit, @lit/* and zod stay external so
 *    an app holds one copy of each): index, define, schema and one entry per element.
 * 2. Type declarations (tsc -p tsconfig.build.json) in dist/types.
 * 3. dist/custom-elements.json (custom-elements-manifest.config.mjs).
 * 4. Script-tag build: dist/cdn/second-opinion-intake.js, one minified ES module with Lit's
 *    production build and zod/mini inside.
 * 5. A size report (raw and gzip).
 *
 * Any failing step stops the build with a non-zero exit: a package with missing types or a
 * stale manifest must never look built.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const cdnFile = join(dist, 'cdn', 'second-opinion-intake.js');

/** One entry per element file (src/elements/second-opinion-*.ts, styles excluded). */
const elementTags = readdirSync(join(root, 'src/elements'))
  .filter((file) => /^second-opinion-[a-z-]+\.ts$/.test(file) && !file.endsWith('.styles.ts'))
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

const npmEntries = {
  index: 'src/index.ts',
  define: 'src/define.ts',
  schema: 'src/schema/index.ts',
  ...Object.fromEntries(elementTags.map((tag) => [`elements/${tag}`, `src/elements/${tag}.ts`])),
};

/** Dependencies the consumer installs once; `zod/mini` and `lit/decorators.js` included. */
const EXTERNAL = /^(lit|lit-html|lit-element|zod)(\/|$)|^@lit\//;

/** Vite options both library builds share. No config file: vite.config.ts is the demo's. */
const common = {
  root,
  configFile: false,
  mode: 'production',
  logLevel: 'warn',
  publicDir: false,
};

function step(title) {
  console.log(`\n▶ ${title}`);
}

function fail(message) {
  console.error(`\n✖ build failed: ${message}`);
  process.exit(1);
}

function run(command, args) {
  const bin = join(root, 'node_modules', '.bin', command);
  const result = spawnSync(bin, args, { cwd: root, stdio: 'inherit' });
  if (result.error) fail(`${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(' ')} exited with ${result.status}`);
}

async function buildNpm() {
  step(`npm build: ${Object.keys(npmEntries).length} entries → dist/`);
  const [output] = [].concat(
    await build({
      ...common,
      build: {
        outDir: dist,
        emptyOutDir: false,
        target: 'es2022',
        minify: false,
        sourcemap: true,
        lib: {
          entry: Object.fromEntries(
            Object.entries(npmEntries).map(([name, file]) => [name, join(root, file)]),
          ),
          formats: ['es'],
          fileName: (_format, name) => `${name}.js`,
        },
        rolldownOptions: {
          external: (id) => EXTERNAL.test(id),
          output: { chunkFileNames: 'chunks/[name]-[hash].js' },
        },
      },
    }),
  );
  return output.output.filter((file) => file.type === 'chunk');
}

function buildTypes() {
  step('types: tsc -p tsconfig.build.json → dist/types/');
  run('tsc', ['-p', 'tsconfig.build.json']);
}

function buildManifest() {
  step('custom-elements.json → dist/');
  run('cem', ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet']);
  const manifest = JSON.parse(readFileSync(join(dist, 'custom-elements.json'), 'utf8'));
  const tags = manifest.modules.flatMap((module) =>
    (module.declarations ?? []).map((declaration) => declaration.tagName).filter(Boolean),
  );
  const missing = elementTags.filter((tag) => !tags.includes(tag));
  if (missing.length) fail(`custom-elements.json lacks ${missing.join(', ')}`);
}

async function buildCdn() {
  step('script-tag build → dist/cdn/second-opinion-intake.js');
  const [output] = [].concat(
    await build({
      ...common,
      // Lit publishes its dev build under the `development` export condition; name the
      // production one explicitly so a NODE_ENV left at `development` cannot switch it.
      resolve: { conditions: ['module', 'browser', 'production'] },
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: {
        outDir: dirname(cdnFile),
        emptyOutDir: false,
        target: 'es2022',
        minify: true,
        sourcemap: false,
        lib: {
          entry: join(root, 'src/bundle.ts'),
          formats: ['es'],
          fileName: () => 'second-opinion-intake.js',
        },
        rolldownOptions: {
          output: {
            // One file to paste a script tag for: lazily imported modules (locales) are inlined.
            codeSplitting: false,
            // Vite keeps whitespace in ES libraries for the consumer's bundler; this file is
            // served as is. Licence comments of the bundled code stay.
            minify: true,
            comments: { legal: true, annotation: false, jsdoc: false },
          },
        },
      },
    }),
  );
  const files = output.output.map((file) => file.fileName);
  if (files.length !== 1) fail(`the CDN build wrote ${files.join(', ')} instead of one file`);
  const code = readFileSync(cdnFile, 'utf8');
  if (code.includes('Lit is in dev mode')) fail('the CDN file contains Lit’s development build');
  if (/\bprocess\.env\b/.test(code)) fail('the CDN file reads process.env, which browsers lack');
  if (/sourceMappingURL/.test(code)) fail('the CDN file points at a sourcemap it does not ship');
}

function sizeOf(files) {
  const contents = files.map((file) => readFileSync(file));
  const raw = contents.reduce((sum, content) => sum + content.length, 0);
  const gzip = gzipSync(Buffer.concat(contents), { level: 9 }).length;
  return { raw, gzip };
}

/** Raw and gzip bytes of each entry, alone and with the shared chunks it imports statically. */
function reportSizes(chunks) {
  step('sizes (bytes; npm entries without lit/zod, which stay external)');
  const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const withImports = (fileName, seen = new Set()) => {
    if (seen.has(fileName)) return seen;
    seen.add(fileName);
    for (const imported of byFile.get(fileName)?.imports ?? []) {
      if (byFile.has(imported)) withImports(imported, seen);
    }
    return seen;
  };
  const rows = [['dist/cdn/second-opinion-intake.js (everything)', sizeOf([cdnFile]), null]];
  for (const chunk of chunks.filter((c) => c.isEntry)) {
    const files = [...withImports(chunk.fileName)].map((file) => join(dist, file));
    rows.push([`dist/${chunk.fileName}`, sizeOf([join(dist, chunk.fileName)]), sizeOf(files)]);
  }
  const pad = (value, width) => String(value).padStart(width);
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(
    `${'file'.padEnd(width)}  ${pad('raw', 8)}  ${pad('gzip', 7)}   ${pad('+chunks raw', 11)}  ${pad('gzip', 7)}`,
  );
  for (const [name, own, total] of rows) {
    const totals = total ? `   ${pad(total.raw, 11)}  ${pad(total.gzip, 7)}` : '';
    console.log(`${name.padEnd(width)}  ${pad(own.raw, 8)}  ${pad(own.gzip, 7)}${totals}`);
  }
}

rmSync(dist, { recursive: true, force: true });
try {
  const chunks = await buildNpm();
  buildTypes();
  buildManifest();
  await buildCdn();
  for (const file of Object.keys(npmEntries)) {
    if (!existsSync(join(dist, `${file}.js`))) fail(`dist/${file}.js was not written`);
  }
  reportSizes(chunks);
  console.log(`\n✔ built into ${relative(process.cwd(), dist) || '.'}/`);
} catch (error) {
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
}
