/**
 * `second-opinion-intake/protocol`: the wire protocol's building blocks, for a receiving server or
 * a client of one's own — which files are accepted (and how their kind is recognized), how a
 * multipart request is laid out, how an endpoint's `Retry-After` and problem answers are read.
 * No DOM; runs in a browser and in Node. The elements do not need it.
 */
export {
  ATTACHMENT_KINDS,
  DEFAULT_ACCEPT,
  DEFAULT_ATTACHMENT_LIMITS,
  sniffKind,
  type AttachmentKind,
  type FileRefusal,
} from './submit/attachments.js';
export {
  buildRequestBody,
  filePartName,
  parseFilePartName,
  SUBMISSION_PART,
  type FilesByType,
  type RequestBody,
} from './submit/multipart.js';
export { headerProblem } from './submit/client.js';
export { DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy } from './submit/retry.js';
