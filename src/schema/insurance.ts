import * as z from 'zod/mini';
import { COVERAGE_ANSWERS, MAX_LENGTH, type CoverageAnswer } from './constants.js';
import { alwaysRun, choice, issueAt, optionalText } from './fields.js';

/** With private insurance, the insurer and the coverage answer are needed. */
const insuredNeedsDetails = z.superRefine(
  (
    value: { hasPrivateInsurance?: boolean; insurer?: string; coverageConfirmed?: string },
    context,
  ) => {
    if (value.hasPrivateInsurance !== true) return;
    if (!value.insurer?.trim()) {
      issueAt(context, 'insurer', value.insurer);
    }
    if (!value.coverageConfirmed) {
      issueAt(context, 'coverageConfirmed', value.coverageConfirmed);
    }
  },
  alwaysRun,
);

export const insuranceSchema = z
  .object({
    hasPrivateInsurance: z.boolean({ error: 'required' }),
    insurer: optionalText(MAX_LENGTH.shortText),
    policyNumber: optionalText(MAX_LENGTH.policyNumber),
    coverageConfirmed: z.optional(choice(COVERAGE_ANSWERS)),
  })
  .check(insuredNeedsDetails);

/** The value of `<second-opinion-insurance>`; `hasPrivateInsurance` is unset until answered. */
export interface InsuranceValue {
  hasPrivateInsurance?: boolean;
  insurer?: string;
  policyNumber?: string;
  coverageConfirmed?: CoverageAnswer;
}
