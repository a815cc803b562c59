/**
 * What a log line may say about an error: its code (`ECONNREFUSED`, `EENVELOPE`) or class, never
 * its message — an SMTP server's or a library's message can quote an address or a value.
 */
export function errorKind(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[\w.-]{1,40}$/.test(code)) return code;
  return error instanceof Error ? error.name : typeof error;
}
