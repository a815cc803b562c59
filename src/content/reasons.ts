import { msg } from '@lit/localize';
import type { ReasonId } from '../schema/constants.js';

/**
 * Default texts of the eligibility step, taken from the clinic's FAQ ("When is the second
 * opinion addressed?", "Discuss with a specialist the real motive for consultation").
 * Functions, not constants, so each call returns the text of the current locale.
 */

/**
 * The checkbox label of a reason, worded so it fits the patient and someone filling in for them
 * (who the person is, is asked only later).
 */
export function reasonLabel(id: ReasonId): string {
  switch (id) {
    case 'unsure-of-diagnosis-or-treatment':
      return msg('Unsure whether the diagnosis or the treatment is right', {
        id: 'eligibility.unsureOfDiagnosisOrTreatment',
        desc: 'Reason for a medical second opinion: doubt about the diagnosis and the treatment plan.',
      });
    case 'verify-diagnosis':
      return msg('To have the existing diagnosis checked', {
        id: 'eligibility.verifyDiagnosis',
        desc: 'Reason for a medical second opinion: have the diagnosis already made confirmed by other specialists.',
      });
    case 'ensure-adequate-care':
      return msg('To make sure the patient is getting the right medical care', {
        id: 'eligibility.ensureAdequateCare',
        desc: 'Reason for a medical second opinion: check that the care received is appropriate.',
      });
    case 'treatment-not-helping':
      return msg('The prescribed treatment is not helping', {
        id: 'eligibility.treatmentNotHelping',
        desc: 'Reason for a medical second opinion: the treatment the doctor prescribed shows no effect.',
      });
    case 'other':
      return msg('Other reason', { id: 'eligibility.otherReason' });
  }
}

export interface EligibilityText {
  /** The reasons checklist's legend; also the label its errors quote. */
  legend: string;
  reasonsDescription: string;
  /** The text field that "Other reason" reveals. */
  otherLabel: string;
  motiveLabel: string;
  motiveDescription: string;
  diagnosisLabel: string;
  diagnosisDescription: string;
}

export function eligibilityText(): EligibilityText {
  return {
    legend: msg('Why do you want a second opinion?', {
      id: 'eligibility.legend',
      desc: 'A medical second opinion: other specialists review the diagnosis and treatment.',
    }),
    reasonsDescription: msg('Choose all that apply.', { id: 'eligibility.reasonsDescription' }),
    otherLabel: msg('Your other reason', { id: 'eligibility.otherLabel' }),
    motiveLabel: msg('What do you want the specialists to answer?', {
      id: 'eligibility.motiveLabel',
      desc: 'The medical specialists who give the second opinion.',
    }),
    motiveDescription: msg(
      'Tell us what worries you, and the questions you want the specialists to answer about the diagnosis or treatment. You do not have to justify asking for a second opinion.',
      {
        id: 'eligibility.motiveDescription',
        desc: 'The clinic asks what really matters to the patient (their motive for a medical second opinion), without asking them to justify it.',
      },
    ),
    diagnosisLabel: msg('The diagnosis, as far as you know it', {
      id: 'eligibility.diagnosisLabel',
      desc: 'The medical diagnosis the patient has been given so far.',
    }),
    diagnosisDescription: msg(
      'In your own words, as the doctor said it or as it is written in the records. Leave it empty if there is no diagnosis yet.',
      {
        id: 'eligibility.diagnosisDescription',
        desc: 'Helps the patient describe the medical diagnosis they were given.',
      },
    ),
  };
}
