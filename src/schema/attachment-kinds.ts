/**
 * The kinds of file a patient may attach and the reasons a file is refused: shared by the
 * submit client that sniffs files (src/submit/attachments.ts), the server that checks them, and
 * the texts that name them to patients (src/content/documents.ts).
 */

/** The kinds of file the widget recognizes by their first bytes. */
export const ATTACHMENT_KINDS = ['pdf', 'jpeg', 'png', 'tiff', 'dicom', 'zip'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

interface KindInfo {
  /** The media type sent as the file's `type`, whatever the browser guessed from the name. */
  mediaType: string;
  /** Extensions the file picker offers (a DICOM file is rarely known by its media type). */
  extensions: readonly string[];
  /** How the kind is named to patients; these names are the same in every language. */
  label: string;
}

export const ATTACHMENT_KIND_INFO: Readonly<Record<AttachmentKind, KindInfo>> = {
  pdf: { mediaType: 'application/pdf', extensions: ['.pdf'], label: 'PDF' },
  jpeg: { mediaType: 'image/jpeg', extensions: ['.jpg', '.jpeg'], label: 'JPEG' },
  png: { mediaType: 'image/png', extensions: ['.png'], label: 'PNG' },
  tiff: { mediaType: 'image/tiff', extensions: ['.tif', '.tiff'], label: 'TIFF' },
  dicom: { mediaType: 'application/dicom', extensions: ['.dcm'], label: 'DICOM (.dcm)' },
  zip: { mediaType: 'application/zip', extensions: ['.zip'], label: 'ZIP' },
};

export type RefusalReason =
  'empty' | 'type' | 'file-size' | 'count' | 'total-size' | 'duplicate' | 'unreadable';

/** A file that was not added, and why. `limit` is the limit it broke (bytes or a count). */
export interface FileRefusal {
  name: string;
  size: number;
  reason: RefusalReason;
  limit?: number;
}
