import { SecondOpinionDocuments } from './elements/second-opinion-documents.js';
import { SecondOpinionEligibility } from './elements/second-opinion-eligibility.js';
import { SecondOpinionFaq } from './elements/second-opinion-faq.js';
import { SecondOpinionInsurance } from './elements/second-opinion-insurance.js';
import { SecondOpinionIntake } from './elements/second-opinion-intake.js';
import { defineTags } from './once.js';

export const elements = {
  'second-opinion-faq': SecondOpinionFaq,
  'second-opinion-eligibility': SecondOpinionEligibility,
  'second-opinion-documents': SecondOpinionDocuments,
  'second-opinion-insurance': SecondOpinionInsurance,
  'second-opinion-intake': SecondOpinionIntake,
} as const;

/**
 * Registers the five tags. A tag that is already defined (the script included twice, or next
 * to the npm build) is left as it is instead of throwing.
 */
export function defineSecondOpinionElements(): void {
  defineTags(elements);
}
