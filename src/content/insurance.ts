import { msg, str } from '@lit/localize';
import type { CoverageAnswer } from '../schema/constants.js';

/** Every label of the insurance question, in the current locale. */
export interface InsuranceText {
  /** The yes/no question; names the insurer when one is preset. */
  question: string;
  answerYes: string;
  answerNo: string;
  /** The FAQ's advice, shown once the patient says they are privately insured. */
  advice: string;
  insurerLabel: string;
  insurerDescription: string;
  policyNumberLabel: string;
  policyNumberDescription: string;
  coverageQuestion: string;
  /** Explains what "not yet" means, next to that option. */
  coverageNotYetDescription: string;
  /** Shown after "no" / "not yet": the request is not blocked by the insurer's answer. */
  reassuranceNo: string;
  reassuranceNotYet: string;
}

/**
 * The texts of `<second-opinion-insurance>`, also used by the intake's review. `insurer` is the
 * name an insurer's own site presets; it is inserted as text, never as markup.
 */
export function insuranceText(insurer?: string): InsuranceText {
  const name = insurer?.trim();
  return {
    question: name
      ? msg(str`Do you have private health insurance, for example with ${name}?`, {
          id: 'insurance.questionWithInsurer',
          desc: 'Private health insurance: a health insurance policy bought from an insurance company (by the patient or an employer), as opposed to state-funded health care. The placeholder is the name of the insurance company whose website shows the form.',
        })
      : msg('Do you have private health insurance?', {
          id: 'insurance.question',
          desc: 'Private health insurance: a health insurance policy bought from an insurance company (by the patient or an employer), as opposed to state-funded health care.',
        }),
    answerYes: msg('Yes', { id: 'insurance.answerYes' }),
    answerNo: msg('No', { id: 'insurance.answerNo' }),
    advice: name
      ? msg(str`Ask ${name} whether your insurance pays for a second opinion.`, {
          id: 'insurance.adviceWithInsurer',
          desc: 'The placeholder is the name of the insurance company. Plain words: no “insurance package” or “cover”.',
        })
      : msg('Ask your insurance company whether your insurance pays for a second opinion.', {
          id: 'insurance.advice',
          desc: 'Plain words: no “insurance package” or “cover”.',
        }),
    insurerLabel: msg('Name of your insurance company', {
      id: 'insurance.insurerLabel',
      desc: 'The company that provides the patient’s private health insurance.',
    }),
    insurerDescription: msg('As shown on your insurance card or policy.', {
      id: 'insurance.insurerDescription',
    }),
    policyNumberLabel: msg('Policy number', {
      id: 'insurance.policyNumberLabel',
      desc: 'The number that identifies the patient’s insurance contract.',
    }),
    policyNumberDescription: msg(
      'Helps our team when they contact your insurer. You can find it on your insurance card or policy.',
      { id: 'insurance.policyNumberDescription' },
    ),
    coverageQuestion: msg(
      'Has your insurance company told you that it pays for a second opinion?',
      {
        id: 'insurance.coverageQuestion',
        desc: 'Whether the insurance company has told the patient that their policy pays for a medical second opinion.',
      },
    ),
    coverageNotYetDescription: msg('You have asked, or will ask, and are waiting for an answer.', {
      id: 'insurance.coverageNotYetDescription',
    }),
    reassuranceNo: msg(
      'You can still send your request. Our team will help you with the next steps.',
      {
        id: 'insurance.reassuranceNo',
        desc: 'Shown when the insurer said the policy does not cover a second opinion.',
      },
    ),
    reassuranceNotYet: msg(
      'You do not need to wait for your insurance company’s answer: you can send your request now, and our team will help you find out whether it pays.',
      {
        id: 'insurance.reassuranceNotYet',
        desc: 'Shown when the patient is still waiting for the insurer to confirm coverage.',
      },
    ),
  };
}

/** The answer to "Has your insurer confirmed …?", as the option and the review show it. */
export function coverageLabel(answer: CoverageAnswer): string {
  switch (answer) {
    case 'yes':
      return msg('Yes, it pays', {
        id: 'insurance.coverageYes',
        desc: 'Whether the insurance company has told the patient that their policy pays for a medical second opinion.',
      });
    case 'no':
      return msg('No, it does not pay', {
        id: 'insurance.coverageNo',
        desc: 'Whether the insurance company has told the patient that their policy pays for a medical second opinion.',
      });
    case 'not-yet':
      return msg('Not yet', {
        id: 'insurance.coverageNotYet',
        desc: 'Whether the insurance company has told the patient that their policy pays for a medical second opinion. This answer means the patient is still waiting for the insurer’s reply.',
      });
  }
}
