/**
 * `second-opinion-intake/inbox`: the staff inbox element and its staff API client, for a staff
 * portal. Never imported by the patient widget's entries. Importing it has no side effects;
 * call `defineSecondOpinionInbox()` (or import `second-opinion-intake/inbox/define`).
 */
import { defineTags } from '../once.js';
import { SecondOpinionInbox } from './second-opinion-inbox.js';

export { SecondOpinionInbox, type InboxUnauthorizedDetail } from './second-opinion-inbox.js';
export {
  createStaffClient,
  dispositionFileName,
  StaffApiError,
  STATUS_ORDER,
  statusMoves,
  type AuditEntry,
  type DownloadedFile,
  type ListQuery,
  type RequestPage,
  type RequestStatus,
  type RequestSummary,
  type StaffClient,
  type StaffClientOptions,
  type StaffFailure,
  type StatusChange,
  type StoredFileInfo,
  type StoredRequest,
} from './staff-client.js';

/** Registers `<second-opinion-inbox>`, unless the tag is already defined. */
export function defineSecondOpinionInbox(): void {
  defineTags({ 'second-opinion-inbox': SecondOpinionInbox });
}
