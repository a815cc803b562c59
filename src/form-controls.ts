/**
 * The script-tag build's second file: the three form controls, which the intake shows from its
 * second step on. bundle.ts loads it right after the page has loaded (or at once when the page
 * itself uses one of these tags), so the first step does not wait for it.
 */
import { SecondOpinionDocuments } from './elements/second-opinion-documents.js';
import { SecondOpinionEligibility } from './elements/second-opinion-eligibility.js';
import { SecondOpinionInsurance } from './elements/second-opinion-insurance.js';
import { defineTags } from './once.js';

/** Registers the three tags, leaving any already defined (another copy of the script) alone. */
export function defineFormControls(): void {
  defineTags({
    'second-opinion-eligibility': SecondOpinionEligibility,
    'second-opinion-documents': SecondOpinionDocuments,
    'second-opinion-insurance': SecondOpinionInsurance,
  });
}
