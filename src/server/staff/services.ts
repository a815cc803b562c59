import type { Outbox } from '../delivery/types.js';
import { createEmailSender } from '../notify/email.js';
import { createNotifier, type Sender } from '../notify/notifier.js';
import { createWebhookSender } from '../notify/webhook.js';
import { startRetention } from '../retention.js';
import type { IntakeStore } from '../store/types.js';
import type { StaffHandler } from '../handler.js';
import { createStaffHandler } from './handler.js';
import { StaffSettingsError, type StaffSettings } from './settings.js';

/**
 * The staff side put together from its settings, for the server process (bin.ts): the staff
 * handler, the notifier the receiving handler calls after each new request, and retention.
 *
 * ```ts
 * const services = createStaffServices(readStaffSettings(process.env), store, outbox);
 * await startServer({ ...settings, store, staff: services.staff, onNewRequest: services.onNewRequest });
 * services.start(); // after store.open(); services.stop() before store.close()
 * ```
 */
export interface StaffServices {
  /** Undefined when no staff authentication is configured: the staff routes answer 404. */
  staff?: StaffHandler;
  /** Undefined when neither the webhook nor the email is configured. */
  onNewRequest?: (reference: string, receivedAt: string) => Promise<void>;
  /** Delivers what a previous process left due, then keeps delivering; starts retention. */
  start(): void;
  stop(): Promise<void>;
}

/** `outbox` is needed when the webhook or the email is configured (the store's own outbox). */
export function createStaffServices(
  settings: StaffSettings,
  store: IntakeStore,
  outbox?: Outbox,
): StaffServices {
  const staff = settings.auth
    ? createStaffHandler({
        store,
        auth: settings.auth,
        allowedOrigins: settings.allowedOrigins,
        ...(settings.publicUrl ? { publicUrl: settings.publicUrl } : {}),
      })
    : undefined;

  const email = settings.email ? createEmailSender({ ...settings.email, store }) : undefined;
  const senders: { webhook?: Sender; email?: Sender } = {
    ...(settings.webhook ? { webhook: createWebhookSender(settings.webhook) } : {}),
    ...(email ? { email: email.send } : {}),
  };
  if (Object.keys(senders).length > 0 && !outbox) {
    throw new StaffSettingsError(
      `The webhook and the email need an outbox, which the ${store.kind} store does not offer yet.`,
    );
  }
  const notifier =
    Object.keys(senders).length > 0 ? createNotifier({ outbox: outbox!, senders }) : undefined;

  let retention: { stop(): Promise<void> } | undefined;
  return {
    ...(staff ? { staff } : {}),
    ...(notifier ? { onNewRequest: notifier.notifyNewRequest } : {}),
    start() {
      notifier?.start();
      if (settings.retentionClosedDays !== undefined) {
        retention ??= startRetention({ store, closedDays: settings.retentionClosedDays });
      }
    },
    async stop() {
      await Promise.all([notifier?.stop(), retention?.stop()]);
      retention = undefined;
      email?.close();
    },
  };
}
