import type { AuditEntry, IntakeStore } from '../store/types.js';

/**
 * The audit trail: who (the token's subject) did what to which request, and when. Entries are
 * kept by the store beside the requests, survive a request's deletion and never hold a field
 * value: `detail` is a status, a file's `type:index` or a reason code.
 */
export type AuditAction = AuditEntry['action'];

export interface Auditor {
  record(actor: string, action: AuditAction, reference: string, detail?: string): Promise<void>;
}

export function createAuditor(
  store: Pick<IntakeStore, 'appendAudit'>,
  now: () => Date = () => new Date(),
): Auditor {
  return {
    record: (actor, action, reference, detail) =>
      store.appendAudit({
        at: now().toISOString(),
        actor,
        action,
        reference,
        ...(detail === undefined ? {} : { detail }),
      }),
  };
}

/** The actor recorded for what the server does by itself (retention). */
export const SYSTEM_RETENTION = 'system:retention';
