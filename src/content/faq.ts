import { msg } from '@lit/localize';

/**
 * One question of the FAQ. Every string is rendered as plain text, never as HTML.
 *
 * `answer` is a sequence of blocks: a string is a paragraph, a string array is a bulleted list.
 * `id`, when given, must be unique: it keeps an answer open when the list is replaced or
 * reordered (without it, answers are matched by position).
 */
export interface FaqItem {
  id?: string;
  question: string;
  answer: ReadonlyArray<string | readonly string[]>;
}

/**
 * The default FAQ, from the clinic's text (seed/second-opinion-faq.txt). A function, not a
 * constant, so each call returns the text of the current locale.
 */
export function defaultFaqItems(): FaqItem[] {
  return [
    {
      id: 'what',
      question: msg('What is a second opinion?', {
        id: 'faq.whatQuestion',
        desc: 'Medical second opinion: other specialists review a patient’s diagnosis and treatment.',
      }),
      answer: [
        msg(
          'A second opinion is the view of other specialists on the best way to diagnose your condition, the right course of treatment and how to manage your illness.',
          { id: 'faq.whatDefinition' },
        ),
        msg(
          'You can ask for one because your doctor recommends it, or on your own initiative, whenever you wish.',
          { id: 'faq.whatWhoAsks' },
        ),
      ],
    },
    {
      id: 'when',
      question: msg('When can I ask for a second opinion?', { id: 'faq.whenQuestion' }),
      answer: [
        msg('You can ask for a second opinion if:', { id: 'faq.whenIntro' }),
        [
          msg('you are not sure that your diagnosis or treatment is right', {
            id: 'faq.whenUnsure',
          }),
          msg('you want to have your current diagnosis checked', {
            id: 'faq.whenVerifyDiagnosis',
          }),
          msg('you want to be sure that you are getting appropriate medical care', {
            id: 'faq.whenAdequateCare',
            desc: 'Appropriate medical care: care that fits the patient’s condition and current medical standards.',
          }),
          msg('the treatment you were prescribed is not helping', {
            id: 'faq.whenTreatmentNotHelping',
          }),
        ],
        msg('You can also ask for any other reason.', { id: 'faq.whenOtherReason' }),
      ],
    },
    {
      id: 'consider',
      question: msg('What should I know about asking for a second opinion?', {
        id: 'faq.considerQuestion',
      }),
      answer: [
        msg(
          'In many countries the law gives every patient the right to full information about their health, in words they can understand, and to ask for a second opinion.',
          {
            id: 'faq.considerRightToInformation',
            desc: 'Whether it is a legal right depends on the country, hence “in many countries”.',
          },
        ),
        msg(
          'Asking for a second opinion does not mean that you distrust your doctor. Hearing another doctor’s view is a completely normal and accepted practice.',
          {
            id: 'faq.considerNotDistrust',
            desc: 'Doctor: the physician currently treating the patient.',
          },
        ),
        msg(
          'Many patients feel awkward telling their doctor that they want to check the information with another doctor. In many countries this is a patient’s legal right; it is always the patient’s choice, and it needs little explanation.',
          {
            id: 'faq.considerLegalRight',
            desc: 'Whether it is a legal right depends on the country, hence “in many countries”.',
          },
        ),
      ],
    },
    {
      id: 'prepare',
      question: msg('How do I prepare for a second opinion?', { id: 'faq.prepareQuestion' }),
      answer: [
        msg(
          'Only contact an organization that works with leading medical institutions and doctors around the world.',
          { id: 'faq.prepareOrganization' },
        ),
        msg('Bring all your medical records to the consultation, for example:', {
          id: 'faq.prepareRecordsIntro',
        }),
        [
          msg(
            'a medical record extract or discharge summary (in Georgia: form IV-100/a, often called “Form 100”)',
            {
              id: 'faq.prepareDischargeSummary',
              desc: 'Document listing diagnoses (ICD-10 coded) and tests/interventions, issued at discharge: one form, named once. Georgian: the number with its official title (ფორმა IV-100/ა, „ცნობა ჯანმრთელობის მდგომარეობის შესახებ“). Other locales may add the nearest local equivalent, e.g. Ukraine: form 027/о.',
            },
          ),
          msg('X-rays and other imaging', {
            id: 'faq.prepareImaging',
            desc: 'Medical imaging: X-ray, CT, MRI, ultrasound images and their reports.',
          }),
          msg('blood test results', { id: 'faq.prepareBloodTests' }),
          msg('information about the medicines you have been prescribed', {
            id: 'faq.prepareMedications',
          }),
          msg('any other medical documents you have', { id: 'faq.prepareOtherRecords' }),
        ],
        msg(
          'Tell the specialist your real reason for the consultation: why you want a second opinion and what you want to find out.',
          { id: 'faq.prepareRealReason' },
        ),
      ],
    },
    {
      id: 'language',
      question: msg('In which language must my documents be?', { id: 'faq.languageQuestion' }),
      answer: [
        msg(
          'Your documents must be in English or in the language of the country where you want to receive the service.',
          { id: 'faq.languageRule' },
        ),
        msg('Documents in any other language need a translation.', {
          id: 'faq.languageTranslation',
        }),
      ],
    },
    {
      id: 'insurance',
      question: msg('Does my private insurance pay for a second opinion?', {
        id: 'faq.insuranceQuestion',
        desc: 'Private health insurance bought by or for the patient (not public/state insurance).',
      }),
      answer: [
        msg(
          'If you have private insurance, ask your insurance company whether it pays for a second opinion.',
          {
            id: 'faq.insuranceCheck',
            desc: 'Plain words: no “insurance package”, “cover” or “personal insurance manager”.',
          },
        ),
      ],
    },
  ];
}
