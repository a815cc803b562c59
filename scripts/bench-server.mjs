/**
 * `npm run bench:server`: the receiving server as it runs in production (the
 * `second-opinion-intake-server` process, `src/server/bin.ts`), once per store: the embedded
 * store in a temporary folder, and PostgreSQL 15 started like the tests do (default settings,
 * so commits are flushed to disk). For each it measures:
 *
 * - JSON submissions (no files), each with a new idempotency key, from `CONNECTIONS` clients for
 *   `SECONDS` seconds with autocannon: requests per second, latency p50 / p99, and any answer
 *   other than 201;
 * - `UPLOADERS` clients each uploading a `UPLOAD_MIB` MiB file at once (multipart, streamed):
 *   the server process's resident memory before and at its peak (read from /proc every 20 ms).
 *   The growth must stay under 100 MB: files pass through in chunks, never whole.
 *
 * Prints the figures as JSON; docs/server.md ("Measured") records them with the machine.
 * Loopback only; every process and folder it makes is removed at the end.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startPostgres } from '../test/server/postgres.ts';
import { payloadListing } from '../test/server/fixtures.mjs';

const SECONDS = Number(process.env.SECONDS ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10);
const UPLOADERS = Number(process.env.UPLOADERS ?? 20);
const UPLOAD_MIB = Number(process.env.UPLOAD_MIB ?? 25);
const MAX_GROWTH_MB = 100;
const BASE_PATH = '/api/second-opinion';
const MIB = 1024 * 1024;
const MB = 1_000_000;
const BIN = new URL('../src/server/bin.ts', import.meta.url).pathname;

/** Starts the server binary on a free port; resolves once it prints where it listens. */
async function startServerProcess(env) {
  const child = spawn(process.execPath, ['--import', 'tsx', BIN], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const [first] = await once(lines, 'line');
  // The request log goes on after the first line; it is read and dropped.
  const { listening, store } = JSON.parse(first);
  return {
    url: listening,
    store,
    pid: child.pid,
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** Resident memory of a process, in bytes. */
function rssOf(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line)[1]) * 1024;
}

async function jsonSubmissions(url, seconds) {
  const result = await autocannon({
    url: `${url}${BASE_PATH}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const body = payloadListing();
          return {
            ...req,
            headers: {
              'content-type': 'application/json',
              'idempotency-key': body.submissionId,
            },
            body: JSON.stringify(body),
          };
        },
      },
    ],
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    answered: result.requests.total,
    not201: result.non2xx + result.errors + result.timeouts,
  };
}

/** One 1 MiB block of random bytes shared by every upload: what matters is the size. */
const BLOCK = randomBytes(MIB);

/** The file of uploader `n`: a PDF head naming `n`, then blocks up to `UPLOAD_MIB` MiB. */
function* fileChunks(n) {
  const head = Buffer.from(BLOCK.subarray(0, 64 * 1024));
  Buffer.from(`%PDF-1.4\n% uploader ${n}\n`).copy(head);
  yield head;
  let left = UPLOAD_MIB * MIB - head.length;
  while (left > 0) {
    const block = BLOCK.subarray(0, Math.min(MIB, left));
    left -= block.length;
    yield block;
  }
}

/** Uploads uploader `n`'s file as multipart, streamed with back-pressure; resolves the status. */
async function upload(url, n) {
  const hash = createHash('sha256');
  for (const chunk of fileChunks(n)) hash.update(chunk);
  const file = {
    name: `scan-${n}.pdf`,
    size: UPLOAD_MIB * MIB,
    type: 'application/pdf',
    sha256: hash.digest('hex'),
  };
  const body = payloadListing([file]);
  const boundary = `----bench-${randomUUID()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="submission"; filename="submission.json"\r\n` +
      `Content-Type: application/json\r\n\r\n${JSON.stringify(body)}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file:medical-record-extract:0"; filename="${file.name}"\r\n` +
      `Content-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const req = request(`${url}${BASE_PATH}`, {
    method: 'POST',
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': head.length + file.size + tail.length,
      'idempotency-key': body.submissionId,
    },
  });
  const answered = once(req, 'response');
  req.write(head);
  for (const chunk of fileChunks(n)) {
    if (!req.write(chunk)) await once(req, 'drain');
  }
  req.end(tail);
  const [response] = await answered;
  response.resume();
  await once(response, 'end');
  return response.statusCode;
}

async function concurrentUploads(url, pid) {
  // One upload alone first, so code loaded on first use is not counted as growth.
  if ((await upload(url, UPLOADERS)) !== 201) throw new Error('the warm-up upload was refused');
  const baseline = rssOf(pid);
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 20);
  const started = performance.now();
  const statuses = await Promise.all(Array.from({ length: UPLOADERS }, (_, n) => upload(url, n)));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, rssOf(pid));
  return {
    uploaders: UPLOADERS,
    fileMiB: UPLOAD_MIB,
    seconds: Number(seconds.toFixed(1)),
    stored: statuses.filter((status) => status === 201).length,
    rssBeforeMB: Math.round(baseline / MB),
    rssPeakMB: Math.round(peak / MB),
    rssGrowthMB: Math.round((peak - baseline) / MB),
  };
}

async function benchStore(env) {
  const server = await startServerProcess(env);
  try {
    await jsonSubmissions(server.url, 2); // warm-up
    const json = await jsonSubmissions(server.url, SECONDS);
    const uploads = await concurrentUploads(server.url, server.pid);
    return { store: server.store, json, uploads };
  } finally {
    await server.stop();
  }
}

/** Other work on the machine at the start: the figures are only comparable at a similar load. */
const loadAverage = loadavg()[0].toFixed(1);
const results = [];
const dataDir = mkdtempSync(join(tmpdir(), 'second-opinion-bench-'));
try {
  results.push(await benchStore({ DATA_DIR: dataDir }));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
const postgres = await startPostgres();
try {
  const databaseUrl = await postgres.createDatabase();
  results.push({
    ...(await benchStore({ DATABASE_URL: databaseUrl })),
    engine: postgres.engine,
  });
} finally {
  await postgres.stop();
}

const machine = {
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  memoryGB: Math.round(totalmem() / 1e9),
  node: process.version,
  loadAverage,
};
console.log(JSON.stringify({ machine, results }, null, 2));
const tooMuch = results.filter((result) => result.uploads.rssGrowthMB >= MAX_GROWTH_MB);
const failed = results.filter(
  (result) => result.json.not201 > 0 || result.uploads.stored !== UPLOADERS,
);
if (tooMuch.length || failed.length) {
  console.error(
    `bench:server: ${tooMuch.map((r) => `${r.store} grew ${r.uploads.rssGrowthMB} MB`).join(', ')} ${failed.map((r) => `${r.store} had failed requests`).join(', ')}`,
  );
  process.exitCode = 1;
}
