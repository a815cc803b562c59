import { DATE_PARTS, isoFromParts, type DatePart, type DateParts } from './date-parts.js';
import type { IssueCode } from './issues.js';

/*
 * What is wrong with a date typed in three fields, in the patient's terms: which part is
 * missing, or that it is not a real date. Only the intake's contact step needs it, so it is
 * loaded with that step, not with the first one (./date-parts.ts is part of the draft).
 */

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
