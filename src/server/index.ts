/** `second-opinion-intake/server`: the receiving server (docs/server.md). Node ≥ 20; no DOM. */
export {
  createReceivingHandler,
  defaultLog,
  type ReceivingHandler,
  type ReceivingHandlerOptions,
  type RequestLogEntry,
  type StaffHandler,
} from './handler.js';
export {
  startServer,
  toNodeListener,
  toNodeMiddleware,
  type NodeAdapterOptions,
  type RunningServer,
  type ServerConfig,
} from './node.js';
export { BodyAbortedError } from './body.js';
export { frameContentSecurityPolicy, type FrameOptions } from './frame.js';
export { createEmbeddedStore, type EmbeddedStoreOptions } from './store/embedded.js';
export { createPostgresStore, type PostgresStoreOptions } from './store/postgres.js';
export * from './store/types.js';

// The staff side (docs/staff-api.md).
export { createStaffHandler, type StaffHandlerOptions } from './staff/handler.js';
export {
  createStaffAuthenticator,
  STAFF_JWT_ALGORITHMS,
  type AuthFailureCode,
  type AuthResult,
  type Permission,
  type StaffAuthenticator,
  type StaffAuthOptions,
  type StaffIdentity,
  type StaffJwtAlgorithm,
  type StaffJwtOptions,
  type StaticTokenOptions,
} from './staff/auth.js';
export { createAuditor, SYSTEM_RETENTION, type Auditor } from './staff/audit.js';
export { toFhirBundle, DOCUMENT_TYPE_SYSTEM, type BundleOptions } from './staff/fhir-bundle.js';
export { readStaffSettings, StaffSettingsError, type StaffSettings } from './staff/settings.js';
export { createStaffServices, type StaffServices } from './staff/services.js';
export { applyRetention, startRetention, type RetentionOptions } from './retention.js';
export {
  createNotifier,
  type Notifier,
  type NotifierOptions,
  type RetryOptions,
  type Sender,
} from './notify/notifier.js';
export {
  createWebhookSender,
  SIGNATURE_HEADER,
  verifyWebhookSignature,
  webhookSignature,
  type WebhookOptions,
} from './notify/webhook.js';
export {
  acknowledgement,
  createEmailSender,
  type ClinicContact,
  type EmailOptions,
} from './notify/email.js';
export { createFileOutbox } from './delivery/file-outbox.js';
export type { Delivery, DeliveryChannel, Outbox } from './delivery/types.js';
