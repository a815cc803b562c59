/**
 * Shared by the server's node:test files: payloads and files, multipart bodies written by hand
 * (so a test controls every byte), raw HTTP over a socket (for slow and broken clients), the
 * stores every contract test runs against, and reading back what a store holds.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createEmbeddedStore, layoutOf } from '../../src/server/store/embedded.ts';
import { createPostgresStore } from '../../src/server/store/postgres.ts';
import { cuttableRelay, startPostgres } from './postgres.ts';

export const BASE_PATH = '/api/second-opinion';
export const REFERENCE = /^SO-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}$/;

export const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** A valid PDF's first bytes, then filler: `size` bytes, different per `salt`. */
export function pdf(salt, size = 64) {
  const bytes = Buffer.alloc(size, 32);
  Buffer.from(`%PDF-1.4\n% ${salt}\n`).copy(bytes);
  return bytes;
}

/**
 * A valid payload listing `files` under the medical record extract: each as the payload lists it
 * (`{ name, size, type, sha256 }`). The bench uses it too, for files it streams without holding.
 */
export function payloadListing(files = [], submissionId = randomUUID()) {
  return {
    schemaVersion: 1,
    submissionId,
    submittedAt: '2026-12-01T10:00:00.000Z',
    locale: 'en',
    requester: { role: 'patient' },
    patient: { name: 'Anna Example', dateOfBirth: '1980-03-27', email: 'anna@example.com' },
    reasons: { selected: ['verify-diagnosis'] },
    motive: 'Do I need the operation?',
    documents: [
      {
        type: 'medical-record-extract',
        status: files.length > 0 ? 'attached' : 'will-send-later',
        language: 'en',
        translationNeeded: false,
        ...(files.length > 0 ? { files } : {}),
      },
    ],
    insurance: { hasPrivateInsurance: false },
    consent: { healthDataProcessing: true },
  };
}

/** A valid payload listing `files` (Buffers) under the medical record extract. */
export function payloadWith(files = [], submissionId = randomUUID()) {
  return payloadListing(
    files.map((bytes, index) => ({
      name: `record-${index}.pdf`,
      size: bytes.length,
      type: 'application/pdf',
      sha256: sha256(bytes),
    })),
    submissionId,
  );
}

export function partsFor(payload, files) {
  return [
    {
      name: 'submission',
      filename: 'submission.json',
      type: 'application/json',
      body: JSON.stringify(payload),
    },
    ...files.map((bytes, index) => ({
      name: `file:medical-record-extract:${index}`,
      filename: `record-${index}.pdf`,
      type: 'application/pdf',
      body: bytes,
    })),
  ];
}

/** A multipart body as browsers write one: CRLF line ends, one part per entry. */
export function multipartBody(parts, boundary) {
  const chunks = [];
  for (const part of parts) {
    const filename = part.filename ? `; filename="${part.filename}"` : '';
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${filename}\r\n` +
          (part.type ? `Content-Type: ${part.type}\r\n` : '') +
          '\r\n',
      ),
      Buffer.from(part.body),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

export const newBoundary = () => `----so-test-${randomUUID()}`;

/** POSTs a payload: as JSON without files, as multipart (a new boundary each time) with. */
export async function send(url, payload, files = [], headers = {}) {
  const boundary = newBoundary();
  const multipart = files.length > 0;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': multipart ? `multipart/form-data; boundary=${boundary}` : 'application/json',
      'Idempotency-Key': payload.submissionId,
      ...headers,
    },
    body: multipart ? multipartBody(partsFor(payload, files), boundary) : JSON.stringify(payload),
  });
  const text = await response.text();
  return { response, status: response.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * A raw HTTP request over a socket: `head` is written at once, the caller writes the body
 * when it likes. `answer` resolves with what the server sent before the connection ended.
 */
export function rawRequest(origin, head) {
  const { hostname, port } = new URL(origin);
  const socket = connect(Number(port), hostname);
  socket.on('error', () => undefined);
  const received = [];
  socket.on('data', (chunk) => received.push(chunk));
  const answer = new Promise((resolve) => {
    socket.once('close', () => resolve(Buffer.concat(received).toString('latin1')));
  });
  socket.write(head);
  return { socket, answer };
}

/** `POST` headers for a raw request. */
export function rawHead(path, headers) {
  return (
    `POST ${path} HTTP/1.1\r\nHost: localhost\r\n` +
    Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('') +
    '\r\n'
  );
}

/**
 * A multipart upload of `files` over a raw socket: the head is sent, the body is the caller's
 * to write (`client.socket.write(body.subarray(…))`), slowly or not at all.
 */
export function rawUpload(origin, files, payload = payloadWith(files), headers = {}) {
  const boundary = newBoundary();
  const body = multipartBody(partsFor(payload, files), boundary);
  const client = rawRequest(
    origin,
    rawHead(BASE_PATH, {
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      'Content-Length': body.length,
      'Idempotency-Key': payload.submissionId,
      ...headers,
    }),
  );
  return { payload, body, client };
}

/** The status of a raw HTTP answer, or undefined for none. */
export const statusOf = (answer) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]) || undefined;

/** Every stored request, each file's size and SHA-256 computed again from the stored bytes. */
export { storedRequests } from './stored.ts';

/** Names in a folder; none when it does not exist. */
export const namesIn = (dir) => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

/** A fresh embedded store in a temporary folder. */
export function embeddedStoreFactory() {
  return {
    name: 'embedded',
    async create() {
      const dataDir = mkdtempSync(join(tmpdir(), 'so-server-test-'));
      const dirs = layoutOf(dataDir);
      return {
        store: createEmbeddedStore({ dataDir }),
        dataDir,
        /** Another instance on the same data, as another process opens it. */
        another: () => createEmbeddedStore({ dataDir }),
        /** Uploads in progress or left behind: none once every request is answered. */
        leftovers: async () => [...namesIn(dirs.claims), ...namesIn(dirs.trash)],
        /** The data folder gone: a file where it was. */
        async breakBackend() {
          renameSync(dataDir, `${dataDir}.gone`);
          writeFileSync(dataDir, 'not a folder');
        },
        async cleanup() {
          rmSync(dataDir, { recursive: true, force: true });
          rmSync(`${dataDir}.gone`, { recursive: true, force: true });
        },
      };
    },
    async dispose() {},
  };
}

/** A fresh database per `create()` on one PostgreSQL started for the test file. */
export function postgresStoreFactory() {
  let server;
  return {
    name: 'postgresql',
    async create() {
      server ??= await startPostgres({ fast: true });
      const connectionString = await server.createDatabase();
      // The store reaches the database through a relay a test can cut (database down).
      const relay = await cuttableRelay(connectionString);
      return {
        store: createPostgresStore({
          connectionString: relay.connectionString,
          maxConnections: server.maxConnections,
        }),
        engine: server.engine,
        connectionString,
        another: () =>
          createPostgresStore({ connectionString, maxConnections: server.maxConnections }),
        breakBackend: () => relay.cut(),
        /** Claims and file rows not part of a stored request: none once every request is answered. */
        async leftovers() {
          const client = new pg.Client({ connectionString });
          await client.connect();
          try {
            const { rows } = await client.query(
              `SELECT 'claim' AS what FROM intake_claims
               UNION ALL SELECT 'file' FROM intake_files WHERE reference IS NULL`,
            );
            return rows.map((row) => row.what);
          } finally {
            await client.end();
          }
        },
        async cleanup() {
          await relay.cut();
          await server.dropDatabase(connectionString);
        },
      };
    },
    async dispose() {
      await server?.stop();
    },
  };
}

/** The stores every contract test runs against. */
export function testStores() {
  return [embeddedStoreFactory(), postgresStoreFactory()];
}

/** Resolves when `predicate()` holds (checked every few ms), or fails after `timeoutMs`. */
export async function until(predicate, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The store, observed: `claimed(key)` resolves once `begin()` handed out a claim for `key`.
 * The store itself does the work; the test only learns when.
 */
export function observed(store) {
  const waiters = new Map();
  const begin = store.begin.bind(store);
  store.begin = async (key, fingerprint, leaseMs) => {
    const result = await begin(key, fingerprint, leaseMs);
    if (result.state === 'claimed') waiters.get(key)?.();
    return result;
  };
  return {
    claimed: (key) => new Promise((resolve) => waiters.set(key.toLowerCase(), resolve)),
  };
}
