import type { Delivery, DeliveryChannel, Outbox } from '../delivery/types.js';
import { errorKind } from '../error-kind.js';

/**
 * Delivers what follows a new request (webhook, acknowledgement email) from the outbox: the
 * request handler calls `notifyNewRequest(reference, receivedAt)` after commit; this records
 * one outbox item per configured channel and delivers in the background, retrying failures
 * with exponential backoff (first delay × 2ⁿ, capped), also after a restart (`start()` picks up
 * what is due). Runs never overlap, so one process claims each item once.
 */
export type Sender = (delivery: Delivery) => Promise<void>;

export interface RetryOptions {
  /** Default 2 s. */
  firstDelayMs?: number;
  /** Default 1 h. */
  maxDelayMs?: number;
  /** Attempts before giving up. Default 20 (over about 9 hours with the defaults). */
  maxAttempts?: number;
}

export interface NotifierOptions {
  outbox: Outbox;
  senders: Partial<Record<DeliveryChannel, Sender>>;
  retry?: RetryOptions;
  /** How often to look for due items besides the scheduled retries. Default 60 s. */
  pollMs?: number;
  now?: () => Date;
  /** Told about each failed attempt: channel, reference and the error (never a field value). */
  onFailure?: (delivery: Delivery, error: unknown, gaveUp: boolean) => void;
}

export interface Notifier {
  notifyNewRequest(reference: string, receivedAt: string): Promise<void>;
  /** Delivers what is due now (after a restart, say) and keeps polling. */
  start(): void;
  /** Stops polling and waits for the run under way. */
  stop(): Promise<void>;
  /** Resolves when no run is under way (for tests and shutdown). */
  idle(): Promise<void>;
}

function logFailure(delivery: Delivery, error: unknown, gaveUp: boolean): void {
  console.error(
    `notify: ${delivery.channel} for ${delivery.reference} failed (${errorKind(error)})${gaveUp ? ', given up' : ''}`,
  );
}

/** A claim outlives any one attempt (the senders time out sooner). */
const LEASE_MS = 5 * 60_000;

export function createNotifier(options: NotifierOptions): Notifier {
  const { outbox, senders } = options;
  const channels = Object.keys(senders) as DeliveryChannel[];
  const now = options.now ?? (() => new Date());
  const firstDelayMs = options.retry?.firstDelayMs ?? 2_000;
  const maxDelayMs = options.retry?.maxDelayMs ?? 3_600_000;
  const maxAttempts = options.retry?.maxAttempts ?? 20;
  const onFailure = options.onFailure ?? logFailure;

  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();

  function later(ms: number) {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      void run(); // run() catches and logs its own failures
    }, ms);
    timer.unref();
    timers.add(timer);
  }

  async function deliver(delivery: Delivery) {
    try {
      await senders[delivery.channel]!(delivery);
      await outbox.markSent(delivery.channel, delivery.reference);
    } catch (error) {
      const attempts = delivery.attempts + 1;
      const gaveUp = attempts >= maxAttempts;
      const delay = Math.min(maxDelayMs, firstDelayMs * 2 ** (attempts - 1));
      onFailure(delivery, error, gaveUp);
      await outbox.markFailed(
        delivery.channel,
        delivery.reference,
        gaveUp ? undefined : new Date(now().getTime() + delay),
      );
      if (!gaveUp) later(delay);
    }
  }

  async function drain() {
    do {
      again = false;
      const due = await outbox.pending(now(), LEASE_MS);
      for (const delivery of due) {
        if (senders[delivery.channel]) await deliver(delivery);
      }
    } while (again && !stopped);
  }

  function run(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = drain()
      .catch((error: unknown) => {
        // The outbox itself failed (disk full): try again at the next poll.
        console.error(`notify: the outbox cannot be read (${errorKind(error)})`);
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  let poll: NodeJS.Timeout | undefined;

  return {
    async notifyNewRequest(reference, receivedAt) {
      for (const channel of channels) await outbox.enqueue(channel, reference, receivedAt);
      if (channels.length > 0) void run();
    },
    start() {
      stopped = false;
      void run();
      poll ??= setInterval(() => void run(), options.pollMs ?? 60_000);
      poll.unref();
    },
    async stop() {
      stopped = true;
      clearInterval(poll);
      poll = undefined;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await running;
    },
    async idle() {
      while (running) await running;
    },
  };
}
