/**
 * The outbox: what must still be delivered about a new request (the webhook, the patient's
 * acknowledgement email), kept with the store so that each is sent once per request, also
 * across the patient's retries, server restarts and a mail server that is down for a while.
 *
 * An outbox item holds the reference and the time only: the email sender reads the address
 * and language from the store when it sends, so the outbox never holds health data.
 *
 * Exactly once is not possible over SMTP or HTTP (a crash after the other side accepted and
 * before `markSent` sends again once); everything short of that crash window is sent once.
 */
export type DeliveryChannel = 'webhook' | 'email';

export interface Delivery {
  channel: DeliveryChannel;
  reference: string;
  /** ISO 8601: when the request was received. */
  receivedAt: string;
  /** Failed attempts so far. */
  attempts: number;
}

export interface Outbox {
  /** Records that `channel` must deliver `reference`; a no-op if it was recorded before. */
  enqueue(channel: DeliveryChannel, reference: string, receivedAt: string): Promise<void>;
  /**
   * The deliveries due at `now` (neither sent nor given up), oldest first, each claimed for
   * `leaseMs`: no other call returns it before the lease ends or it is marked.
   */
  pending(now: Date, leaseMs: number): Promise<Delivery[]>;
  /** Delivered: never returned again. */
  markSent(channel: DeliveryChannel, reference: string): Promise<void>;
  /** Failed: due again at `retryAt`; without one, given up (kept, never returned again). */
  markFailed(channel: DeliveryChannel, reference: string, retryAt?: Date): Promise<void>;
}
