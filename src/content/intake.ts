import { msg, str } from '@lit/localize';
import type { IntakeStep } from '../events.js';
import { isolate } from './isolate.js';
import type { EndpointProblem } from '../schema/endpoint-problem.js';

/**
 * Texts of `<second-opinion-intake>` itself that its first step and navigation need; those of
 * the later steps are in ./intake-form.ts, the smaller elements bring their own.
 */

export function stepTitle(step: IntakeStep | 'done'): string {
  switch (step) {
    case 'about':
      return msg('About second opinions', { id: 'intake.step.about' });
    case 'reasons':
      return msg('Your reasons', { id: 'intake.step.reasons' });
    case 'documents':
      return msg('Your medical documents', { id: 'intake.step.documents' });
    case 'insurance':
      return msg('Insurance', { id: 'intake.step.insurance' });
    case 'contact':
      return msg('Contact details', { id: 'intake.step.contact' });
    case 'review':
      return msg('Check your answers and send', { id: 'intake.step.review' });
    case 'done':
      return msg('Request sent', { id: 'intake.step.done' });
  }
}

export const stepPosition = (index: number, count: number) =>
  msg(str`Step ${index} of ${count}`, { id: 'intake.stepPosition' });

export const stepAnnouncement = (index: number, count: number, title: string) =>
  msg(str`Step ${index} of ${count}: ${title}`, { id: 'intake.stepAnnouncement' });

export function intakeText() {
  return {
    formLabel: msg('Request a medical second opinion', { id: 'intake.formLabel' }),
    languageSwitcher: msg('Language', { id: 'intake.languageSwitcher' }),
    back: msg('Back', { id: 'intake.back' }),
    continue: msg('Continue', { id: 'intake.continue' }),
    returnToReview: msg('Save and return to the summary', { id: 'intake.returnToReview' }),
    send: msg('Send request', { id: 'intake.send' }),
    sending: msg('Sending your request…', { id: 'intake.sending' }),
    retry: msg('Try again', { id: 'intake.retry' }),
    change: msg('Change', { id: 'intake.change' }),
    errorSummaryTitle: msg('There is a problem', { id: 'intake.errorSummaryTitle' }),
    aboutIntro: msg(
      'A second opinion is a review of your diagnosis or treatment by other specialists. Read the answers below, or continue straight to your request.',
      { id: 'intake.aboutIntro' },
    ),
    partnersHeading: (organization: string) =>
      msg(str`${organization} works with these medical institutions`, {
        id: 'intake.partnersHeading',
      }),
    partnersHeadingNoOrganization: msg('We work with these medical institutions', {
      id: 'intake.partnersHeadingNoOrganization',
    }),
    cancelSending: msg('Stop sending', { id: 'intake.cancelSending' }),
    help: msg('Help: about second opinions', { id: 'intake.help' }),
  };
}

/**
 * The safety notice of the first step and the receipt. `number` is the emergency number of the
 * country the service is for, isolated so that it keeps its order inside right-to-left text.
 */
export const emergencyNotice = (number: string) => {
  const isolated = isolate(number);
  return msg(
    str`This service is not for emergencies. If you or the patient need urgent medical help, call ${isolated}.`,
    {
      id: 'intake.emergencyNotice',
      desc: 'Safety notice: a second opinion takes days; urgent cases must call the emergency number (the placeholder, e.g. 112). Keep it short and unmistakable.',
    },
  );
};

/** The emergency number when the embedder sets none: 112 (Georgia, the EU and many more). */
export const DEFAULT_EMERGENCY_NUMBER = '112';

/**
 * What stopped a send before anything left: the endpoint, or the request could not be prepared
 * (the embedder's headers or `getHeaders()`, or building the body).
 */
export type ConfigurationProblem = EndpointProblem | 'request';

/** The rest of the form (checks, contact and review, sending) could not be loaded. */
export const flowNotLoaded = () =>
  msg(
    'The next part of this form could not be loaded. Your answers are kept. Please check your internet connection and try again.',
    { id: 'intake.flowNotLoaded' },
  );

/** The language menu's choice whose file could not be loaded; `language` in its own name. */
export const localeNotLoaded = (language: string) => {
  const name = isolate(language);
  return msg(
    str`The language you chose could not be loaded: ${name}. Your answers are kept. Please check your internet connection and choose the language again.`,
    {
      id: 'intake.localeNotLoaded',
      desc: 'Shown under the language menu when the chosen language could not be downloaded. The placeholder is the name of that language in its own language, e.g. "Русский".',
    },
  );
};

export function configurationProblem(problem: ConfigurationProblem): string {
  switch (problem) {
    case 'request':
      return msg(
        'This form could not prepare your request, so nothing was sent. Your answers are kept. Please try again; if it happens again, tell the website owner.',
        { id: 'intake.config.request' },
      );
    case 'missing':
      return msg(
        'This form is not set up correctly: it has no address to send requests to. Nothing was sent and your answers are kept. Please tell the website owner.',
        { id: 'intake.config.missing' },
      );
    case 'invalid':
      return msg(
        'This form is not set up correctly: its sending address is not valid. Nothing will be sent. Please tell the website owner.',
        { id: 'intake.config.invalid' },
      );
    case 'insecure':
      return msg(
        'This form is not set up correctly: its sending address is not secure (it must start with https). Nothing will be sent. Please tell the website owner.',
        { id: 'intake.config.insecure' },
      );
  }
}

export function draftText() {
  return {
    restored: msg(
      'We restored the answers you entered earlier in this browser tab. Check them and continue, or start over.',
      { id: 'intake.draft.restored' },
    ),
    filesNotKept: msg('Files are never saved in the browser: please add your files again.', {
      id: 'intake.draft.filesNotKept',
    }),
    startOver: msg('Start over', { id: 'intake.draft.startOver' }),
    startOverDescription: msg('Deletes the saved answers from this browser tab.', {
      id: 'intake.draft.startOverDescription',
    }),
  };
}
