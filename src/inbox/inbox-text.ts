import { msg, str } from '@lit/localize';
import { intlSupports } from '../content/intl.js';
import { currentLocale } from '../locale.js';
import type { StaffApiError } from './staff-client.js';
import type { AuditEntry, RequestStatus } from './staff-client.js';

/**
 * The inbox's own texts, for the medical team. The patient's questions and answers are shown with
 * the widget's labels (src/content), so a clinician reads what the patient was asked. Functions,
 * so that each call answers in the current locale.
 */

export function inboxText() {
  return {
    listHeading: msg('Second-opinion requests', { id: 'inbox.listHeading' }),
    filterLegend: msg('Find requests', { id: 'inbox.filterLegend' }),
    statusFilter: msg('Status', { id: 'inbox.statusFilter' }),
    allStatuses: msg('All statuses', { id: 'inbox.allStatuses' }),
    referenceSearch: msg('Reference number', { id: 'inbox.referenceSearch' }),
    referenceHint: msg('The whole reference, for example SO-AB12-CD34.', {
      id: 'inbox.referenceHint',
    }),
    applyFilter: msg('Show requests', { id: 'inbox.applyFilter' }),
    tableCaption: msg('Requests, newest first', { id: 'inbox.tableCaption' }),
    reference: msg('Reference', { id: 'inbox.reference' }),
    received: msg('Received', { id: 'inbox.received' }),
    status: msg('Status', { id: 'inbox.status' }),
    files: msg('Files', { id: 'inbox.files' }),
    loadMore: msg('Show older requests', { id: 'inbox.loadMore' }),
    loading: msg('Loading…', { id: 'inbox.loading' }),
    noRequests: msg('No requests match.', { id: 'inbox.noRequests' }),
    backToList: msg('Back to the list', { id: 'inbox.backToList' }),
    statusChanged: msg('Status changed', { id: 'inbox.statusChanged' }),
    historyHeading: msg('Status history', { id: 'inbox.historyHeading' }),
    note: msg('Note', { id: 'inbox.note' }),
    documentColumn: msg('Document', { id: 'inbox.documentColumn' }),
    answerColumn: msg('Patient’s answer', { id: 'inbox.answerColumn' }),
    languageColumn: msg('Language', { id: 'inbox.languageColumn' }),
    translationColumn: msg('Translation', {
      id: 'inbox.translationColumn',
      desc: 'Whether a medical document must be translated before the specialists can read it.',
    }),
    translationNeeded: msg('Translation needed', {
      id: 'inbox.translationNeeded',
      desc: 'The document is not in English or in the language of the service country.',
    }),
    translationNotNeeded: msg('Not needed', { id: 'inbox.translationNotNeeded' }),
    noFiles: msg('No files', { id: 'inbox.noFiles' }),
    download: msg('Download', { id: 'inbox.download' }),
    otherReason: msg('Other reason', { id: 'inbox.otherReason' }),
    insurer: msg('Insurer', { id: 'inbox.insurer', desc: 'The private health insurance company.' }),
    filledBy: msg('Filled in by', { id: 'inbox.filledBy' }),
    filledByPatient: msg('The patient', { id: 'inbox.filledByPatient' }),
    filledByProxy: msg('Someone acting for the patient', { id: 'inbox.filledByProxy' }),
    relationship: msg('Relationship to the patient', { id: 'inbox.relationship' }),
    proxyName: msg('Name of the person acting for the patient', { id: 'inbox.proxyName' }),
    patientName: msg('Patient’s name', { id: 'inbox.patientName' }),
    dateOfBirth: msg('Date of birth', { id: 'inbox.dateOfBirth' }),
    preferredContact: msg('Preferred contact', { id: 'inbox.preferredContact' }),
    formLanguage: msg('Language of the form', { id: 'inbox.formLanguage' }),
    serviceCountry: msg('Service country', {
      id: 'inbox.serviceCountry',
      desc: 'The country whose clinic gives the second opinion.',
    }),
    consent: msg('Consent to processing of health data', {
      id: 'inbox.consent',
      desc: 'Explicit consent under GDPR art. 9.',
    }),
    statusFormHeading: msg('Change the status', { id: 'inbox.statusFormHeading' }),
    newStatus: msg('New status', { id: 'inbox.newStatus' }),
    statusNote: msg('Note (optional)', { id: 'inbox.statusNote' }),
    statusNoteHint: msg('Only staff see it. It stays in the status history.', {
      id: 'inbox.statusNoteHint',
    }),
    saveStatus: msg('Change status', { id: 'inbox.saveStatus' }),
    chooseStatus: msg('Choose the new status.', { id: 'inbox.chooseStatus' }),
    actionsHeading: msg('More actions', { id: 'inbox.actionsHeading' }),
    exportFhir: msg('Download as FHIR', {
      id: 'inbox.exportFhir',
      desc: 'FHIR: the HL7 standard format for exchanging health records.',
    }),
    showAudit: msg('Audit trail', {
      id: 'inbox.showAudit',
      desc: 'The record of who opened, downloaded, changed or deleted the request, and when.',
    }),
    deleteRequest: msg('Delete request', { id: 'inbox.deleteRequest' }),
    confirmDeleteText: msg(
      'The answers and every file of this request are removed for good. The audit trail stays. This cannot be undone.',
      { id: 'inbox.confirmDeleteText' },
    ),
    confirmDelete: msg('Yes, delete it', { id: 'inbox.confirmDelete' }),
    cancel: msg('Cancel', { id: 'inbox.cancel' }),
    auditCaption: msg('Every access to this request, oldest first', { id: 'inbox.auditCaption' }),
    when: msg('When', { id: 'inbox.when' }),
    who: msg('Who', { id: 'inbox.who' }),
    what: msg('What', { id: 'inbox.what' }),
    details: msg('Details', { id: 'inbox.details' }),
    noAudit: msg('No entries yet.', { id: 'inbox.noAudit' }),
    backToRequest: msg('Back to the request', { id: 'inbox.backToRequest' }),
    errorTitle: msg('There is a problem', { id: 'inbox.errorTitle' }),
    retry: msg('Try again', { id: 'inbox.retry' }),
  };
}

export const requestHeading = (reference: string) =>
  msg(str`Request ${reference}`, { id: 'inbox.requestHeading' });

export const auditHeading = (reference: string) =>
  msg(str`Audit trail of ${reference}`, {
    id: 'inbox.auditHeading',
    desc: 'The record of who opened, downloaded, changed or deleted the request, and when.',
  });

export const confirmDeleteHeading = (reference: string) =>
  msg(str`Delete request ${reference}?`, { id: 'inbox.confirmDeleteHeading' });

export const requestsShown = (count: number) =>
  msg(str`Requests shown: ${count}`, { id: 'inbox.requestsShown' });

export const requestOpened = (reference: string) =>
  msg(str`Request ${reference} opened.`, { id: 'inbox.requestOpened' });

export const statusSaved = (status: string) =>
  msg(str`Status changed to “${status}”.`, { id: 'inbox.statusSaved' });

export const deleted = (reference: string) =>
  msg(str`Request ${reference} was deleted.`, { id: 'inbox.deleted' });

export const downloaded = (fileName: string) =>
  msg(str`Downloaded ${fileName}.`, { id: 'inbox.downloaded' });

/** The accessible name of a file's Download button: it names the file. */
export const downloadFile = (fileName: string) =>
  msg(str`Download ${fileName}`, {
    id: 'inbox.downloadFile',
    desc: 'The placeholder is a file name. Start with the same word as the button text "Download".',
  });

export const changedBy = (actor: string) =>
  msg(str`by ${actor}`, { id: 'inbox.changedBy', desc: 'Followed by the staff member’s id.' });

export function statusLabel(status: RequestStatus): string {
  switch (status) {
    case 'new':
      return msg('New', { id: 'inbox.status.new' });
    case 'in-review':
      return msg('In review', { id: 'inbox.status.inReview' });
    case 'answered':
      return msg('Answered', { id: 'inbox.status.answered' });
    case 'closed':
      return msg('Closed', { id: 'inbox.status.closed' });
  }
}

export function auditActionLabel(action: AuditEntry['action']): string {
  switch (action) {
    case 'read':
      return msg('Opened the request', { id: 'inbox.audit.read' });
    case 'download':
      return msg('Downloaded a file', { id: 'inbox.audit.download' });
    case 'status':
      return msg('Changed the status', { id: 'inbox.audit.status' });
    case 'export':
      return msg('Exported as FHIR', { id: 'inbox.audit.export' });
    case 'delete':
      return msg('Deleted the request', { id: 'inbox.audit.delete' });
    case 'list':
      return msg('Listed requests', { id: 'inbox.audit.list' });
  }
}

/** What went wrong, for the staff member, in their language; never a field value. */
export function failureMessage(error: StaffApiError): string {
  if (error.reason === 'token' || error.status === 401) {
    return msg('You are not signed in, or your sign-in has expired. Sign in again, then retry.', {
      id: 'inbox.error.signIn',
    });
  }
  if (error.status === 403) {
    return msg('Your account does not have permission to do this.', {
      id: 'inbox.error.forbidden',
    });
  }
  if (error.status === 404) {
    return msg('This request no longer exists. It may have been deleted.', {
      id: 'inbox.error.notFound',
    });
  }
  if (error.status === 409) {
    return msg(
      'The status could not be changed this way: it was changed meanwhile. The request now shows its current status.',
      { id: 'inbox.error.transition' },
    );
  }
  if (error.reason === 'network' || error.reason === 'timeout') {
    return msg('The server could not be reached. Check your connection and try again.', {
      id: 'inbox.error.network',
    });
  }
  const status = error.status || '?';
  return msg(str`The server could not do this right now (error ${status}). Try again later.`, {
    id: 'inbox.error.server',
  });
}

/** A point in time for reading, e.g. "6 Dec 2026, 23:40", in the staff member's time zone. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const locale = currentLocale();
  if (intlSupports(Intl.DateTimeFormat, locale)) {
    return new Intl.DateTimeFormat([locale], { dateStyle: 'medium', timeStyle: 'short' }).format(
      date,
    );
  }
  // Numbers read the same in every language: year-month-day, 24-hour clock.
  const two = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}
