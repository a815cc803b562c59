/**
 * Trims every string and drops the empty ones (and `undefined`), recursively, so that an
 * untouched optional field is absent rather than `""`. Arrays keep their length.
 */
export function withoutBlankText<T>(value: T): T {
  if (typeof value === 'string') return value.trim() as T;
  if (Array.isArray(value)) return (value as unknown[]).map((item) => withoutBlankText(item)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value)
      .map(([key, item]) => [key, withoutBlankText(item)] as const)
      .filter(([, item]) => item !== '' && item !== undefined);
    return Object.fromEntries(entries) as T;
  }
  return value;
}

/** A plain object (not null, not an array): a JSON object read from untrusted input. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The object without its `undefined` entries (shallow); other values, `""` included, stay. */
export const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
