/**
 * The server's settings from environment variables and `--flags` (a flag wins over its
 * variable). Documented in docs/server.md; `--help` prints the table.
 */
import { parseArgs } from 'node:util';

export interface CliSettings {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  basePath: string;
  allowedOrigins: string[];
  /** Origins whose pages may embed the isolation frame. */
  frameAncestors: string[];
  maxBodyBytes?: number;
  maxFileBytes?: number;
  maxTotalFileBytes?: number;
  maxFiles?: number;
  idleTimeoutMs?: number;
  totalTimeoutMs?: number;
  shutdownGraceMs?: number;
  leaseMs?: number;
}

/** flag → [environment variable, description]. */
export const SETTINGS = {
  port: ['PORT', 'TCP port (default 8080; 0 picks a free one)'],
  host: ['HOST', 'Interface to listen on (default 127.0.0.1; 0.0.0.0 for all)'],
  'data-dir': ['DATA_DIR', 'Folder of the embedded store (default ./data)'],
  'database-url': ['DATABASE_URL', 'PostgreSQL connection URL; when set, PostgreSQL is the store'],
  'base-path': ['BASE_PATH', 'Where the API lives (default /api/second-opinion)'],
  'allowed-origins': ['ALLOWED_ORIGINS', 'Comma-separated origins whose pages may post'],
  'frame-ancestors': [
    'FRAME_ANCESTORS',
    'Comma-separated origins whose pages may embed the isolation frame (mode="isolated")',
  ],
  'max-body-bytes': ['MAX_BODY_BYTES', 'Payload limit (default 1 MiB)'],
  'max-file-bytes': ['MAX_FILE_BYTES', 'Per-file limit (default 25 MiB)'],
  'max-total-file-bytes': ['MAX_TOTAL_FILE_BYTES', 'All files of a request (default 100 MiB)'],
  'max-files': ['MAX_FILES', 'Files per request (default 20)'],
  'idle-timeout-ms': ['IDLE_TIMEOUT_MS', 'A body silent this long is cut off (default 30000)'],
  'total-timeout-ms': [
    'TOTAL_TIMEOUT_MS',
    'A body still arriving after this is cut off (default 600000)',
  ],
  'shutdown-grace-ms': [
    'SHUTDOWN_GRACE_MS',
    'Time requests get to finish on SIGTERM (default 10000)',
  ],
  'lease-ms': [
    'LEASE_MS',
    'A request being received holds its key this long past its last byte (default 60000)',
  ],
} as const;

type Flag = keyof typeof SETTINGS;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function usage(): string {
  const rows = Object.entries(SETTINGS).map(
    ([flag, [variable, text]]) => `  --${flag.padEnd(22)} ${variable.padEnd(22)} ${text}`,
  );
  return ['Usage: second-opinion-intake-server [--flag value]…', '', ...rows].join('\n');
}

/** The settings, or `undefined` when `--help` was asked for. */
export function readSettings(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): CliSettings | undefined {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      help: { type: 'boolean', short: 'h' },
      ...Object.fromEntries(Object.keys(SETTINGS).map((flag) => [flag, { type: 'string' }])),
    },
    strict: true,
  }) as { values: Record<string, string | boolean | undefined> };
  if (values.help) return undefined;
  const raw = (flag: Flag) => {
    const value = values[flag] ?? env[SETTINGS[flag][0]];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const int = (flag: Flag, minimum: number) => {
    const value = raw(flag);
    if (value === undefined) return undefined;
    const number = Number(value);
    if (!Number.isSafeInteger(number) || number < minimum) {
      throw new ConfigError(`--${flag} (${SETTINGS[flag][0]}) must be a whole number ≥ ${minimum}`);
    }
    return number;
  };
  const origins = (flag: Flag) => {
    const list = (raw(flag) ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean);
    for (const origin of list) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(origin);
      } catch {
        parsed = undefined;
      }
      if (!parsed || parsed.origin !== origin) {
        throw new ConfigError(
          `${SETTINGS[flag][0]}: "${origin}" is not an origin like https://insurer.example`,
        );
      }
    }
    return list;
  };
  const optional = <K extends string, V>(key: K, value: V | undefined) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
  return {
    port: int('port', 0) ?? 8080,
    host: raw('host') ?? '127.0.0.1',
    dataDir: raw('data-dir') ?? 'data',
    basePath: raw('base-path') ?? '/api/second-opinion',
    allowedOrigins: origins('allowed-origins'),
    frameAncestors: origins('frame-ancestors'),
    ...optional('databaseUrl', raw('database-url')),
    ...optional('maxBodyBytes', int('max-body-bytes', 1)),
    ...optional('maxFileBytes', int('max-file-bytes', 1)),
    ...optional('maxTotalFileBytes', int('max-total-file-bytes', 1)),
    ...optional('maxFiles', int('max-files', 0)),
    ...optional('idleTimeoutMs', int('idle-timeout-ms', 1)),
    ...optional('totalTimeoutMs', int('total-timeout-ms', 1)),
    ...optional('shutdownGraceMs', int('shutdown-grace-ms', 0)),
    ...optional('leaseMs', int('lease-ms', 1)),
  };
}
