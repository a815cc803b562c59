import type { DownloadedFile } from './staff-client.js';

/**
 * Hands downloaded bytes to the user as a file. A plain link cannot carry the staff member's
 * `Authorization` header, so the inbox fetches the bytes itself and saves them through an object
 * URL and a temporary `<a download>`, inside its own shadow root (no trace in the host page).
 *
 * The URL is revoked only after a while: revoking it right after the click can cancel a download
 * the browser has not started reading yet (FileSaver.js waits 40 s for the same reason).
 */
const REVOKE_AFTER_MS = 40_000;

export function saveFile(file: DownloadedFile, container: ShadowRoot | HTMLElement): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.hidden = true;
  container.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}
