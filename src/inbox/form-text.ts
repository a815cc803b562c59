/** A text field of a submitted form: '' when absent (a file input would give a File, not text). */
export function formText(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}
