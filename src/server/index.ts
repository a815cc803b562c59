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
