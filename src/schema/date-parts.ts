import type { IssueCode } from './issues.js';

/**
 * A date as the patient types it in three fields (GOV.UK "memorable date": day, month, year),
 * kept as typed. The payload carries it as an ISO date (`YYYY-MM-DD`); what is wrong with it is
 * said in the patient's terms: which part is missing, or that it is not a real date.
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
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1]! };
}

/**
 * What is wrong with a typed date before it can be checked as a date of birth: nothing typed
 * (`required`), a missing part (`date-missing-day`, `date-missing-day-month`, …), or a date that
 * does not exist or is before 1900 (`date-not-real`). Undefined when it is a real date; the
 * payload schema then checks that it is not in the future.
 */
export function datePartsIssue(parts: DateParts): IssueCode | undefined {
  const missing = DATE_PARTS.filter((part) => !parts[part].trim());
  if (missing.length === DATE_PARTS.length) return 'required';
  if (missing.length > 0) return `date-missing-${missing.join('-')}` as IssueCode;
  const iso = isoFromParts(parts);
  return iso && iso >= '1900-01-01' ? undefined : 'date-not-real';
}

/** The fields an issue is about: the missing parts, else all three. */
export function datePartsAt(code: IssueCode): readonly DatePart[] {
  const missing = /^date-missing-(.+)$/.exec(code)?.[1]?.split('-');
  return missing ? DATE_PARTS.filter((part) => missing.includes(part)) : DATE_PARTS;
}
