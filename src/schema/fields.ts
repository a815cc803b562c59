import * as z from 'zod/mini';
import { MAX_LENGTH } from './constants.js';
import type { IssueCode } from './issues.js';

/** Building blocks the section schemas share, each raising one of our issue codes. */

const hasText = (value: string) => value.trim().length > 0;

export const requiredText = (max: number) =>
  z
    .string({ error: 'required' })
    .check(z.refine(hasText, { error: 'required' }), z.maxLength(max, { error: 'too-long' }));

export const optionalText = (max: number) =>
  z.optional(z.string({ error: 'invalid' }).check(z.maxLength(max, { error: 'too-long' })));

export const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: 'required' });

export const email = () =>
  z.email({ error: 'invalid-email' }).check(z.maxLength(MAX_LENGTH.email, { error: 'too-long' }));

/** Digits with the separators people type; the server normalizes. */
export const phone = () =>
  z
    .string({ error: 'invalid-phone' })
    .check(z.regex(/^\+?[0-9][0-9 ()./-]{4,30}$/, { error: 'invalid-phone' }));

/** A calendar date (YYYY-MM-DD) that is not in the future and not before 1900. */
export const pastDate = () =>
  z.iso.date({ error: 'invalid-date' }).check(
    z.refine((value) => value >= '1900-01-01', { error: 'invalid-date' }),
    z.refine((value) => value <= new Date().toISOString().slice(0, 10), {
      error: 'date-in-future',
    }),
  );

/** Object-level rules still run when a field already failed, so every error shows at once. */
export const alwaysRun = {
  when: (payload: { value: unknown }) =>
    typeof payload.value === 'object' && payload.value !== null,
};

/** Raises one of our issue codes at a field of the object an object-level rule checks. */
export function issueAt(
  context: z.core.$RefinementCtx,
  field: string,
  input: unknown,
  code: IssueCode = 'required',
): void {
  context.addIssue({ code: 'custom', message: code, path: [field], input });
}
