/**
 * Small files made from bytes, for the attachment tests: each starts like a real file of its
 * kind (so the widget's content check accepts it), then carries a salt, so two files of one kind
 * differ in content and SHA-256.
 */

export type FixtureKind = 'pdf' | 'jpeg' | 'png' | 'tiff' | 'dicom' | 'zip' | 'text';

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/** A 1×1 PNG, complete and valid. */
const PNG_1X1 = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  ),
  (char) => char.charCodeAt(0),
);

function header(kind: FixtureKind): number[] {
  switch (kind) {
    case 'pdf':
      return ascii('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    case 'jpeg':
      return [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...ascii('JFIF'), 0x00, 0x01, 0x01];
    case 'png':
      return [...PNG_1X1];
    case 'tiff':
      return [0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00];
    case 'dicom':
      // A DICOM Part 10 file: 128 bytes of preamble, "DICM", then the first data element.
      return [...new Array<number>(128).fill(0), ...ascii('DICM'), 0x02, 0x00, 0x00, 0x00];
    case 'zip':
      return [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00];
    case 'text':
      return ascii('Just some notes, not a medical file.\n');
  }
}

/** The bytes of a file of `kind`, at least `size` long, salted. */
export function fileBytes(
  kind: FixtureKind,
  salt: string | number = '',
  size = 0,
): Uint8Array<ArrayBuffer> {
  const head = [...header(kind), ...ascii(`\n${salt}\n`)];
  const bytes = new Uint8Array(Math.max(size, head.length));
  bytes.set(head);
  return bytes;
}

export function makeFile(
  kind: FixtureKind,
  name: string,
  options: { salt?: string | number; size?: number; type?: string } = {},
): File {
  return new File([fileBytes(kind, options.salt ?? name, options.size)], name, {
    type: options.type ?? '',
  });
}

export async function sha256Of(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A DataTransfer holding these files, as a file picker or a drop hands them over. */
export function transferOf(files: readonly File[]): DataTransfer {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  return transfer;
}
