import * as z from 'zod/mini';
import { MAX_LENGTH, REASON_IDS, type ReasonId } from './constants.js';
import { alwaysRun, choice, issueAt, optionalText, requiredText } from './fields.js';

const selectedReasons = z.array(choice(REASON_IDS)).check(z.minLength(1, { error: 'required' }));
const otherReason = optionalText(MAX_LENGTH.longText);

/** Choosing "other" asks for a few words about it. */
const otherReasonNeedsText = z.superRefine(
  (value: { selected?: readonly string[]; other?: string }, context) => {
    if (value.selected?.includes('other') && !value.other?.trim()) {
      issueAt(context, 'other', value.other);
    }
  },
  alwaysRun,
);

/** `reasons` in the payload. */
export const reasonsSchema = z
  .object({ selected: selectedReasons, other: otherReason })
  .check(otherReasonNeedsText);

export const motiveSchema = requiredText(MAX_LENGTH.longText);
export const diagnosisSchema = optionalText(MAX_LENGTH.longText);

/**
 * The value of `<second-opinion-eligibility>`: the reasons, the real motive (the questions the
 * specialists should answer) and the diagnosis as the patient knows it.
 */
export const eligibilitySchema = z
  .object({
    selected: selectedReasons,
    other: otherReason,
    motive: motiveSchema,
    diagnosis: diagnosisSchema,
  })
  .check(otherReasonNeedsText);

export interface EligibilityValue {
  selected: ReasonId[];
  other?: string;
  motive: string;
  diagnosis?: string;
}
