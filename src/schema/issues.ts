import type { z } from 'zod/mini';
import { isOneOf } from './guards.js';

/**
 * The error codes this package's schemas produce. The schemas carry only these codes, never
 * English text; the elements turn a code into a localized message when they render, and a
 * server answering 422 uses the same codes (`errors: [{ path, code }]`).
 */
export const ISSUE_CODES = [
  'required',
  'too-long',
  'invalid-email',
  'invalid-date',
  'date-in-future',
  // The date of birth's three fields (./date-parts.ts): what is missing, or not a real date.
  'date-missing-day',
  'date-missing-month',
  'date-missing-year',
  'date-missing-day-month',
  'date-missing-day-year',
  'date-missing-month-year',
  'date-not-real',
  'invalid-phone',
  'invalid-choice',
  'consent-required',
  'invalid',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/** Field errors keyed by a dotted path (`patient.email`, `documents.0.language`). */
export type FieldErrors = Record<string, IssueCode>;

export const isIssueCode = isOneOf(ISSUE_CODES);

/** First error per path; an issue zod raised on its own (wrong type) becomes `invalid`. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    errors[path] ??= isIssueCode(issue.message) ? issue.message : 'invalid';
  }
  return errors;
}

/** Validates `value` and returns its field errors; an empty object means valid. */
export function fieldErrors(schema: z.ZodMiniType, value: unknown): FieldErrors {
  const result = schema.safeParse(value);
  return result.success ? {} : toFieldErrors(result.error.issues);
}
