/**
 * Crash safety of the PostgreSQL store: a process storing a 20 MB upload is killed with SIGKILL
 * at random steps (while chunks are written, right as it commits), a new process retries the
 * same key each time, and in the end there is exactly one stored request with the bytes intact
 * and no chunk left over. The kill points come from a seed printed with the result, so a
 * failing run can be repeated (`CRASH_SEED=<seed>`).
 *
 * Run: `node --import tsx --test test/server/postgres-crash.test.mjs`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, it } from 'node:test';
import pg from 'pg';
import { createPostgresStore } from '../../src/server/store/postgres.ts';
import { readStream } from './store-fixtures.ts';
import { startPostgres } from './postgres.ts';

const SIZE = 20 * 1024 * 1024;
const PIECE = 64 * 1024;
const WRITER = new URL('./crash-writer.ts', import.meta.url).pathname;

let server;
let database;
let folder;

before(async () => {
  server = await startPostgres({ fast: true });
  database = await server.createDatabase();
  folder = mkdtempSync(join(tmpdir(), 'second-opinion-crash-'));
  console.log(`# crash test on ${server.engine}`);
});
after(async () => {
  await server?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** Seeded choices, so the kill points of a run can be replayed. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return (below) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state % below;
  };
}

/**
 * Runs the writer for `key`; kills it with SIGKILL when it reports the step `killAt` picks
 * (undefined: let it finish). Resolves with the steps it reported.
 */
function runWriter(key, file, killAt) {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, database, key, file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const steps = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    steps.push(line);
    if (killAt?.(line, steps.length)) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve({ steps, signal });
      else reject(new Error(`writer exited with ${code}; steps: ${steps.slice(-3).join(' | ')}`));
    });
  });
}

async function scalar(sql, params = []) {
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows[0].n;
  } finally {
    await client.end();
  }
}

it('stores a 20 MB upload exactly once, byte for byte, whatever step its writers die at', async () => {
  const seed = Number(process.env.CRASH_SEED ?? randomInt(2 ** 31));
  const random = seededRandom(seed);
  const bytes = randomBytes(SIZE);
  const file = join(folder, 'upload.bin');
  writeFileSync(file, bytes);
  const key = crypto.randomUUID();
  const pieces = SIZE / PIECE;

  // Two kills while chunks are written, one as the commit is sent, then a writer that finishes.
  const killSteps = [
    `wrote ${(1 + random(pieces - 1)) * PIECE}`,
    `wrote ${(1 + random(pieces - 1)) * PIECE}`,
    'committing',
  ];
  const outcomes = [];
  for (const killStep of killSteps) {
    const { steps, signal } = await runWriter(key, file, (line) => line === killStep);
    outcomes.push(`${signal ?? 'finished'} after ${steps.at(-1)}`);
  }
  const last = await runWriter(key, file, undefined);
  outcomes.push(`finished: ${last.steps.at(-1)}`);
  console.log(`# seed ${seed}: ${outcomes.join('; ')}`);

  assert.equal(await scalar('SELECT count(*)::int AS n FROM intake_requests'), 1);
  assert.equal(
    await scalar('SELECT count(*)::int AS n FROM intake_requests WHERE submission_id = $1', [key]),
    1,
  );
  const reference = last.steps.at(-1).split(' ')[1];
  assert.match(last.steps.at(-1), /^(committed|stored) SO-/);

  const store = createPostgresStore({ connectionString: database });
  await store.open();
  try {
    const opened = await store.openFile(reference, 'imaging', 0);
    assert.ok(opened);
    const expected = createHash('sha256').update(bytes).digest('hex');
    assert.deepEqual(await readStream(opened.body), { size: SIZE, sha256: expected });
    assert.equal(opened.info.sha256, expected);
  } finally {
    await store.close();
  }
  assert.equal(await scalar('SELECT count(*)::int AS n FROM intake_claims'), 0);
  assert.equal(await scalar('SELECT count(*)::int AS n FROM intake_files'), 1);
  assert.equal(
    await scalar('SELECT count(*)::int AS n FROM intake_file_chunks'),
    SIZE / (256 * 1024),
    'chunks of the killed writers are left over',
  );
});
