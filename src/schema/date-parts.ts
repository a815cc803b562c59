/**
 * A date as the patient types it in three fields (GOV.UK "memorable date": day, month, year),
 * kept as typed. The payload carries it as an ISO date (`YYYY-MM-DD`); ./date-issues.ts says
 * what is wrong with it in the patient's terms.
 */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const DATE_PARTS = ['day', 'month', 'year'] as const;
export type DatePart = (typeof DATE_PARTS)[number];

export const emptyDateParts = (): DateParts => ({ day: '', month: '', year: '' });

const digits = (value: string) => /^\d+$/.test(value.trim());

/** The parts of a date that are real numbers, or undefined. */
function numbers(parts: DateParts): { day: number; month: number; year: number } | undefined {
  if (!DATE_PARTS.every((part) => digits(parts[part]))) return undefined;
  return { day: Number(parts.day), month: Number(parts.month), year: Number(parts.year) };
}

/**
 * `YYYY-MM-DD` for a date that exists in the calendar (four-digit year); '' otherwise, so the
 * schema refuses it.
 */
export function isoFromParts(parts: DateParts): string {
  const date = numbers(parts);
  if (!date || parts.year.trim().length !== 4) return '';
  const { day, month, year } = date;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1) return '';
  if (check.getUTCDate() !== day) return '';
  const pad = (value: number, length: number) => String(value).padStart(length, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** An ISO date back into parts (a draft saved before the date had three fields). */
export function partsFromIso(value: string): DateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return emptyDateParts();
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] };
}
