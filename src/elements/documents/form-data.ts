import type { DocumentType } from '../../schema/constants.js';
import type { DocumentEntry } from '../../schema/documents.js';
import { filePartName } from '../../submit/multipart.js';

/**
 * What a host form receives from the checklist: the JSON alone, or with files the JSON under
 * `name` and each file beside it as `<name>:file:<type>:<index>`, named as the value lists it.
 */
export function documentsFormValue(
  name: string,
  json: string,
  value: readonly DocumentEntry[],
  files: Partial<Record<DocumentType, File[]>>,
): string | FormData {
  const perType = Object.entries(files) as [DocumentType, File[]][];
  if (!name || perType.length === 0) return json;
  const data = new FormData();
  data.append(name, json);
  for (const [type, list] of perType) {
    const listed = value.find((entry) => entry.type === type)?.files ?? [];
    list.forEach((file, index) =>
      data.append(`${name}:${filePartName(type, index)}`, file, listed[index]?.name),
    );
  }
  return data;
}
