/**
 * The server command's settings: environment variables and flags (a flag wins), checked before
 * anything starts; and the command's own answers to `--help` and a database it cannot reach.
 *
 * Run: `node --import tsx --test test/server/config.test.mjs`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError, readSettings } from '../../src/server/config.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe('Server settings', () => {
  it('reads the environment, and a flag wins over its variable', () => {
    const settings = readSettings(['--port', '9000', '--max-files', '5'], {
      PORT: '8000',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/intake',
      ALLOWED_ORIGINS: 'https://insurer.example, https://clinic.example',
      FRAME_ANCESTORS: 'https://insurer.example',
      IDLE_TIMEOUT_MS: '15000',
    });
    assert.deepEqual(settings, {
      port: 9000,
      host: '0.0.0.0',
      dataDir: '/var/lib/intake',
      basePath: '/api/second-opinion',
      allowedOrigins: ['https://insurer.example', 'https://clinic.example'],
      frameAncestors: ['https://insurer.example'],
      maxFiles: 5,
      idleTimeoutMs: 15000,
    });
  });

  it('has defaults, and --help asks for the usage', () => {
    assert.deepEqual(readSettings([], {}), {
      port: 8080,
      host: '127.0.0.1',
      dataDir: 'data',
      basePath: '/api/second-opinion',
      allowedOrigins: [],
      frameAncestors: [],
    });
    assert.equal(readSettings(['--help'], {}), undefined);
  });

  it('refuses numbers that are not whole, origins that are not origins, and unknown flags', () => {
    assert.throws(() => readSettings(['--max-file-bytes', '1.5'], {}), ConfigError);
    assert.throws(() => readSettings([], { PORT: '-1' }), ConfigError);
    assert.throws(
      () => readSettings([], { ALLOWED_ORIGINS: 'https://a.example/path' }),
      ConfigError,
    );
    assert.throws(() => readSettings(['--nope', '1'], {}), {
      code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION',
    });
  });

  it('the command prints its usage, and exits 1 naming an unreachable database', () => {
    const run = (args, env = {}) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/server/bin.ts', ...args], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        encoding: 'utf8',
        timeout: 30_000,
      });
    const help = run(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--database-url\s+DATABASE_URL/);
    const unreachable = run(['--port', '0'], {
      DATABASE_URL: 'postgres://intake@127.0.0.1:1/intake',
    });
    assert.equal(unreachable.status, 1);
    assert.match(unreachable.stderr, /PostgreSQL is unavailable/);
    assert.doesNotMatch(unreachable.stderr, /intake@/, 'no credentials or URL in the message');
  });
});
