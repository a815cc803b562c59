import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Delivery } from '../delivery/types.js';

/**
 * The new-request webhook: a POST to a configured URL saying that a request arrived, with its
 * reference and time only (no health data: the receiver fetches the rest from the staff API,
 * authenticated). Signed like Stripe's webhooks, so the receiver knows it came from this server
 * and is fresh:
 *
 *   Second-Opinion-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
 *
 * Verification (docs/staff-api.md): recompute the HMAC over the exact bytes received, compare
 * in constant time, and refuse a `t` older than a few minutes (a replay).
 */
export const SIGNATURE_HEADER = 'Second-Opinion-Signature';
const WEBHOOK_EVENT = 'second-opinion.request.received';

export interface WebhookOptions {
  url: string | URL;
  /** The shared secret (at least 32 random bytes, as text). */
  secret: string;
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
}

function webhookBody(reference: string, receivedAt: string): string {
  return JSON.stringify({ type: WEBHOOK_EVENT, reference, receivedAt });
}

export function webhookSignature(secret: string, body: string, unixSeconds: number): string {
  const hmac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${hmac}`;
}

/** What a receiver does: true when `header` signs `body` with `secret` within `toleranceSeconds`. */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string | null,
  { toleranceSeconds = 300, now = new Date() }: { toleranceSeconds?: number; now?: Date } = {},
): boolean {
  const parts = new Map(
    (header ?? '').split(',').map((part) => part.trim().split('=', 2) as [string, string]),
  );
  const t = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = webhookSignature(secret, body, t).split('v1=')[1];
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'));
}

/** Sends one delivery; throws when it did not arrive (network error, timeout, non-2xx). */
export function createWebhookSender(options: WebhookOptions) {
  if (options.secret.length < 16) throw new TypeError('webhook: the secret is too short');
  return async (delivery: Delivery, now: Date = new Date()): Promise<void> => {
    const body = webhookBody(delivery.reference, delivery.receivedAt);
    const response = await fetch(options.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        [SIGNATURE_HEADER]: webhookSignature(
          options.secret,
          body,
          Math.floor(now.getTime() / 1000),
        ),
      },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    // The answer's body is not needed: read it away so the connection can be reused.
    await response.body?.cancel();
    if (!response.ok) throw new Error(`webhook: the receiver answered ${response.status}`);
  };
}
