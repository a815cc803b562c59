/**
 * Trims every string and drops the empty ones (and `undefined`), recursively, so that an
 * untouched optional field is absent rather than `""`. Arrays keep their length.
 */
export function withoutBlankText<T>(value: T): T {
  if (typeof value === 'string') return value.trim() as T;
  if (Array.isArray(value)) return value.map((item) => withoutBlankText(item)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value)
      .map(([key, item]) => [key, withoutBlankText(item)] as const)
      .filter(([, item]) => item !== '' && item !== undefined);
    return Object.fromEntries(entries) as T;
  }
  return value;
}
