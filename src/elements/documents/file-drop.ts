import type { ReactiveControllerHost } from 'lit';
import type { DocumentType } from '../../schema/constants.js';

const carriesFiles = (transfer: DataTransfer | null | undefined): transfer is DataTransfer =>
  transfer?.types.includes('Files') ?? false;

export interface FileDropOptions {
  /** While true, nothing is dropped (a disabled control). */
  disabled: () => boolean;
  /** Files dropped on a row. */
  onDrop: (type: DocumentType, files: File[]) => void;
}

/**
 * Files dragged onto the rows of the document checklist: the row under the pointer is the drop
 * target (and shows it), a drop hands its files to `onDrop`. A file dropped anywhere else in
 * the element is refused, so the browser does not open it in place of the page.
 */
export class FileDrop {
  private target: DocumentType | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: FileDropOptions,
  ) {
    // A file dropped anywhere else would make the browser open it, leaving the page and every
    // answer on it. Rows that take files accept the drop before this runs.
    const refuseDrop = (event: DragEvent) => {
      if (!event.defaultPrevented && carriesFiles(event.dataTransfer)) {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'none';
      }
    };
    host.addEventListener('dragover', refuseDrop);
    host.addEventListener('drop', refuseDrop);
  }

  /** Whether files are being dragged over this row. */
  isTarget(type: DocumentType): boolean {
    return this.target === type;
  }

  /** For a row's `dragenter` and `dragover`. */
  over(type: DocumentType, event: DragEvent): void {
    if (this.options.disabled() || !carriesFiles(event.dataTransfer)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.setTarget(type);
  }

  /** For a row's `dragleave`: moving onto a child of the row does not leave it. */
  leave(event: DragEvent): void {
    const row = event.currentTarget as HTMLElement;
    if (!row.contains(event.relatedTarget as Node | null)) this.setTarget(undefined);
  }

  /** For a row's `drop`. */
  drop(type: DocumentType, event: DragEvent): void {
    this.setTarget(undefined);
    if (this.options.disabled() || !carriesFiles(event.dataTransfer)) return;
    event.preventDefault();
    this.options.onDrop(type, [...event.dataTransfer.files]);
  }

  private setTarget(type: DocumentType | undefined): void {
    if (this.target === type) return;
    this.target = type;
    this.host.requestUpdate();
  }
}
