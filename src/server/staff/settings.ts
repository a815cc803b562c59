import type {
  StaffAuthOptions,
  StaticTokenOptions,
  Permission,
  StaffJwtAlgorithm,
} from './auth.js';
import { STAFF_JWT_ALGORITHMS } from './auth.js';
import type { ClinicContact } from '../notify/email.js';

/**
 * The staff side's settings from environment variables (docs/staff-api.md lists them): staff
 * authentication, CORS for the inbox, the webhook, SMTP for the acknowledgement email and
 * retention. Each part is off until its variables are set; a half-set part is an error that
 * names the missing variable, never a silent default.
 */
export interface StaffSettings {
  /** Undefined: no way to authenticate, so no staff API (404). */
  auth?: StaffAuthOptions;
  allowedOrigins: string[];
  publicUrl?: string;
  webhook?: { url: string; secret: string };
  email?: {
    smtp: { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } };
    from: string;
    clinic: ClinicContact;
  };
  /** Days after closing; undefined = retention off. */
  retentionClosedDays?: number;
}

export class StaffSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StaffSettingsError';
  }
}

const PERMISSIONS: readonly Permission[] = ['read', 'write', 'delete'];
const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** `name:sha256hex:read+write, …` */
function staticTokens(value: string | undefined): StaticTokenOptions[] {
  return list(value).map((entry) => {
    const [name = '', sha256 = '', granted = ''] = entry.split(':');
    const permissions = granted.split('+').filter(Boolean) as Permission[];
    if (
      !/^[\w.-]+$/.test(name) ||
      !/^[0-9a-f]{64}$/i.test(sha256) ||
      permissions.length === 0 ||
      permissions.some((permission) => !PERMISSIONS.includes(permission))
    ) {
      throw new StaffSettingsError(
        'STAFF_TOKENS: each entry is name:<SHA-256 hex of the token>:read[+write][+delete]',
      );
    }
    return { name, sha256: sha256.toLowerCase(), permissions };
  });
}

function jwtSettings(env: Record<string, string | undefined>): StaffAuthOptions['jwt'] {
  const jwksUrl = env.STAFF_JWKS_URL?.trim();
  const publicKey = env.STAFF_JWT_PUBLIC_KEY?.trim();
  if (!jwksUrl && !publicKey) return undefined;
  const issuer = env.STAFF_JWT_ISSUER?.trim();
  const audience = list(env.STAFF_JWT_AUDIENCE);
  if (!issuer) throw new StaffSettingsError('STAFF_JWT_ISSUER is needed with a staff JWT key');
  if (audience.length === 0) {
    throw new StaffSettingsError('STAFF_JWT_AUDIENCE is needed with a staff JWT key');
  }
  if (jwksUrl && !/^https:\/\/|^http:\/\/(localhost|127\.0\.0\.1)[:/]/.test(jwksUrl)) {
    throw new StaffSettingsError('STAFF_JWKS_URL must be https: (http: only on localhost)');
  }
  const algorithms = list(env.STAFF_JWT_ALGORITHMS) as StaffJwtAlgorithm[];
  if (algorithms.some((alg) => !STAFF_JWT_ALGORITHMS.includes(alg))) {
    throw new StaffSettingsError(`STAFF_JWT_ALGORITHMS: only ${STAFF_JWT_ALGORITHMS.join(', ')}`);
  }
  return {
    ...(jwksUrl ? { jwksUrl } : { publicKey: publicKey! }),
    issuer,
    audience,
    ...(algorithms.length > 0 ? { algorithms } : {}),
    ...(env.STAFF_ROLES_CLAIM?.trim() ? { rolesClaim: env.STAFF_ROLES_CLAIM.trim() } : {}),
  };
}

function smtpSettings(url: string): NonNullable<StaffSettings['email']>['smtp'] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StaffSettingsError('SMTP_URL must be like smtps://user:password@mail.example:465');
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw new StaffSettingsError('SMTP_URL must start with smtp:// or smtps://');
  }
  const secure = parsed.protocol === 'smtps:';
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    ...(parsed.username
      ? {
          auth: {
            user: decodeURIComponent(parsed.username),
            pass: decodeURIComponent(parsed.password),
          },
        }
      : {}),
  };
}

export function readStaffSettings(env: Record<string, string | undefined>): StaffSettings {
  const required = (name: string, because: string) => {
    const value = env[name]?.trim();
    if (!value) throw new StaffSettingsError(`${name} is needed ${because}`);
    return value;
  };
  const jwt = jwtSettings(env);
  const tokens = staticTokens(env.STAFF_TOKENS);
  const settings: StaffSettings = {
    allowedOrigins: list(env.STAFF_ORIGINS),
    ...(jwt || tokens.length > 0
      ? {
          auth: { ...(jwt ? { jwt } : {}), ...(tokens.length > 0 ? { staticTokens: tokens } : {}) },
        }
      : {}),
  };
  if (env.STAFF_PUBLIC_URL?.trim()) settings.publicUrl = env.STAFF_PUBLIC_URL.trim();

  if (env.WEBHOOK_URL?.trim()) {
    const secret = required('WEBHOOK_SECRET', 'with WEBHOOK_URL');
    if (secret.length < 32) throw new StaffSettingsError('WEBHOOK_SECRET: at least 32 characters');
    settings.webhook = { url: env.WEBHOOK_URL.trim(), secret };
  }
  if (env.SMTP_URL?.trim()) {
    settings.email = {
      smtp: smtpSettings(env.SMTP_URL.trim()),
      from: required('MAIL_FROM', 'with SMTP_URL'),
      clinic: {
        name: required('CLINIC_NAME', 'with SMTP_URL'),
        contact: required('CLINIC_CONTACT', 'with SMTP_URL'),
      },
    };
  }
  const days = env.RETENTION_CLOSED_DAYS?.trim();
  if (days) {
    const number = Number(days);
    if (!Number.isSafeInteger(number) || number < 1) {
      throw new StaffSettingsError('RETENTION_CLOSED_DAYS must be a whole number of days ≥ 1');
    }
    settings.retentionClosedDays = number;
  }
  return settings;
}
