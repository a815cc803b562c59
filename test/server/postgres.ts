/**
 * A real PostgreSQL for tests and benches: PostgreSQL 15 from the Debian package, started in a
 * temporary folder on a free port and removed afterwards. Where the binaries are missing, PGlite
 * (PostgreSQL compiled to WebAssembly) served over a socket, so the `pg` client connects the same
 * way. `engine` names which one ran; test output prints it.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

export interface TestPostgres {
  /** `postgresql 15 (/usr/lib/postgresql/15/bin)` or `pglite …`. */
  engine: string;
  /**
   * Connections one store instance may use. PGlite runs one backend for every connection and
   * interleaves their messages, so there each instance gets one.
   */
  maxConnections: number;
  /** A new, empty database; its connection string. */
  createDatabase(): Promise<string>;
  /** Drops a database made by `createDatabase`, ending its connections. */
  dropDatabase(connectionString: string): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /**
   * Skip flushing to disk (`fsync=off`): for tests, where the server never crashes and a machine
   * shared by several test runs should not wait on the disk. Benches keep the defaults.
   */
  fast?: boolean;
}

export async function startPostgres(options: StartOptions = {}): Promise<TestPostgres> {
  return existsSync(join(BIN, 'initdb')) ? startServer(options) : startPglite();
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs a PostgreSQL binary as `postgres` when we are root (PostgreSQL refuses to run as root). */
async function asPostgres(binary: string, args: string[]): Promise<void> {
  const command = join(BIN, binary);
  if (process.getuid?.() === 0) await run('runuser', ['-u', 'postgres', '--', command, ...args]);
  else await run(command, args);
}

async function startServer(options: StartOptions): Promise<TestPostgres> {
  const folder = mkdtempSync(join(tmpdir(), 'second-opinion-pg-'));
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const uid = Number(stdout.trim());
    chownSync(folder, uid, uid);
  }
  const data = join(folder, 'data');
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${folder}`,
    '-c listen_addresses=127.0.0.1',
    '-c max_connections=200',
    ...(options.fast
      ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']
      : []),
  ];
  try {
    await asPostgres('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    await asPostgres('pg_ctl', [
      '-D',
      data,
      '-l',
      join(folder, 'log'),
      '-w',
      '-o',
      settings.join(' '),
      'start',
    ]);
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  // pg_ctl runs the server as a daemon: should the test process end without stop() (a crash,
  // a failed hook), it is stopped here, synchronously, as 'exit' allows.
  const stopOnExit = () => {
    const args = [join(BIN, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'];
    try {
      if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', ...args]);
      else execFileSync(args[0], args.slice(1));
    } catch {
      // Already stopped.
    }
    rmSync(folder, { recursive: true, force: true });
  };
  process.once('exit', stopOnExit);
  const admin = new pg.Pool({
    connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
    max: 2,
  });
  let databases = 0;
  return {
    engine: `postgresql 15 (${BIN})`,
    maxConnections: 10,
    async createDatabase() {
      const name = `intake_${process.pid}_${++databases}`;
      await admin.query(`CREATE DATABASE ${name}`);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async dropDatabase(connectionString) {
      const name = new URL(connectionString).pathname.slice(1);
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    },
    async stop() {
      try {
        await admin.end();
      } finally {
        await asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
        rmSync(folder, { recursive: true, force: true });
        process.off('exit', stopOnExit);
      }
    },
  };
}

/** PGlite is one database per instance: each `createDatabase` starts its own, on its own port. */
async function startPglite(): Promise<TestPostgres> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const running = new Map<
    string,
    { db: InstanceType<typeof PGlite>; server: InstanceType<typeof PGLiteSocketServer> }
  >();
  const engine: TestPostgres = {
    engine: 'pglite (PostgreSQL 15 binaries not found)',
    maxConnections: 1,
    async createDatabase() {
      const db = await PGlite.create();
      const port = await freePort();
      const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 100 });
      await server.start();
      const connectionString = `postgres://postgres@127.0.0.1:${port}/postgres`;
      running.set(connectionString, { db, server });
      return connectionString;
    },
    async dropDatabase(connectionString) {
      const instance = running.get(connectionString);
      running.delete(connectionString);
      await instance?.server.stop();
      await instance?.db.close();
    },
    async stop() {
      for (const connectionString of [...running.keys()])
        await engine.dropDatabase(connectionString);
    },
  };
  return engine;
}

/**
 * A TCP relay in front of the database that a test can cut: every connection through it breaks
 * and new ones are refused, as when the database host goes down.
 */
export async function cuttableRelay(
  connectionString: string,
): Promise<{ connectionString: string; cut(): Promise<void> }> {
  const target = new URL(connectionString);
  const sockets = new Set<Socket>();
  const relay: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const relayed = new URL(connectionString);
  relayed.port = String((relay.address() as { port: number }).port);
  return {
    connectionString: relayed.toString(),
    async cut() {
      const closed = new Promise((resolve) => relay.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
