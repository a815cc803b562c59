import { msg, str } from '@lit/localize';
import type { IntakeErrorReason } from '../events.js';
import { currentLocale } from '../locale.js';
import { intlSupports } from './intl.js';
import type { ContactChannel, ProxyRelationship, RequesterRole } from '../schema/constants.js';

/**
 * Texts of the intake's own steps (contact, review and consent), its receipt and the send's
 * progress and failures: used only by the lazily loaded flow
 * (src/elements/intake/intake-flow.ts), so they stay out of the script tag's first load. The
 * texts of the first step and the navigation are in ./intake.ts.
 */

export function intakeFormText() {
  return {
    requesterLegend: msg('Who is filling in this form?', { id: 'intake.requesterLegend' }),
    patientHeading: msg('About the patient', { id: 'intake.patientHeading' }),
    patientNameSelf: msg('Your full name', { id: 'intake.patientNameSelf' }),
    patientNameProxy: msg('Full name of the patient', { id: 'intake.patientNameProxy' }),
    dateOfBirthSelf: msg('Your date of birth', { id: 'intake.dateOfBirthSelf' }),
    dateOfBirthProxy: msg('Date of birth of the patient', { id: 'intake.dateOfBirthProxy' }),
    relationship: msg('Your relationship to the patient', { id: 'intake.relationship' }),
    relationshipPlaceholder: msg('Choose…', { id: 'intake.relationshipPlaceholder' }),
    proxyName: msg('Your full name', { id: 'intake.proxyName' }),
    email: msg('Email address', { id: 'intake.email' }),
    emailDescription: msg('We send the confirmation and our questions here.', {
      id: 'intake.emailDescription',
    }),
    /** When the server sends no confirmation email (no `confirmation-email`): no promise of one. */
    emailDescriptionNoConfirmation: msg('We use it to contact you about your request.', {
      id: 'intake.emailDescriptionNoConfirmation',
    }),
    phone: msg('Phone number', { id: 'intake.phone' }),
    phoneDescription: msg('With the country code, for example +995 555 12 34 56.', {
      id: 'intake.phoneDescription',
    }),
    preferredContact: msg('How should we contact you?', { id: 'intake.preferredContact' }),
    consentLegend: msg('Consent', { id: 'intake.consentLegend' }),
    reassurance: msg(
      'In many countries, asking for a second opinion is a patient’s legal right, and everywhere it is a normal, accepted practice. It does not mean you distrust the doctor, and you do not need to explain it to anyone.',
      {
        id: 'intake.reassurance',
        desc: 'Whether it is a legal right depends on the country, hence “in many countries”.',
      },
    ),
    consent: (organization: string) =>
      msg(
        str`I agree that ${organization} may use the health information in this request to arrange a second opinion, and may share it with the specialists and medical institutions that give the opinion, who may be in another country.`,
        {
          id: 'intake.consent',
          desc: 'Explicit consent to processing health data (GDPR art. 9). The placeholder is the name of the organisation that receives the request. The person ticking it may be the patient or someone filling in for them: do not write “my health”.',
        },
      ),
    consentNoOrganization: msg(
      'I agree that the health information in this request may be used to arrange a second opinion, and shared with the specialists and medical institutions that give the opinion, who may be in another country.',
      {
        id: 'intake.consentNoOrganization',
        desc: 'Explicit consent to processing health data (GDPR art. 9). The person ticking it may be the patient or someone filling in for them: do not write “my health”.',
      },
    ),
    consentDescription: msg(
      'The law gives health information extra protection (it is a “special category of personal data”). You can take back your consent at any time.',
      {
        id: 'intake.consentDescription',
        desc: '“Special category of personal data”: the legal term of GDPR art. 9; use the term of the locale’s data protection law.',
      },
    ),
    privacyLink: msg('Read the privacy notice (opens in a new tab)', { id: 'intake.privacyLink' }),
    reviewReasons: msg('Reasons and questions', { id: 'intake.reviewReasons' }),
    reviewDocuments: msg('Medical documents', { id: 'intake.reviewDocuments' }),
    reviewInsurance: msg('Insurance', { id: 'intake.reviewInsurance' }),
    reviewContact: msg('Contact details', { id: 'intake.reviewContact' }),
    reasonsLabel: msg('Reasons', { id: 'intake.reasonsLabel' }),
    motiveLabel: msg('Questions for the specialists', { id: 'intake.motiveLabel' }),
    diagnosisLabel: msg('Diagnosis', { id: 'intake.diagnosisLabel' }),
    notAnswered: msg('Not answered', { id: 'intake.notAnswered' }),
    yes: msg('Yes', { id: 'intake.yes' }),
    no: msg('No', { id: 'intake.no' }),
    translationNeeded: msg('translation needed', { id: 'intake.translationNeeded' }),
    requesterLabel: msg('Filled in by', { id: 'intake.requesterLabel' }),
    doneThanks: msg('Thank you. We have received your request.', { id: 'intake.doneThanks' }),
    referenceLabel: msg('Your reference number', { id: 'intake.referenceLabel' }),
    referenceHint: msg('Please keep it and mention it when you contact us.', {
      id: 'intake.referenceHint',
    }),
    nextHeading: msg('What happens next', { id: 'intake.nextHeading' }),
    nextReview: msg('Our medical team checks your request and the documents you listed.', {
      id: 'intake.nextReview',
    }),
    nextContact: (channel: string) =>
      msg(
        str`We contact you by ${channel} to confirm the next steps and how to send your documents.`,
        {
          id: 'intake.nextContact',
        },
      ),
    nextTranslation: msg(
      'Some of your documents need a translation into English or the language of the country that provides the service. Please arrange it before you send them.',
      { id: 'intake.nextTranslation' },
    ),
    printReceipt: msg('Print or save this page', { id: 'intake.printReceipt' }),
    nextInsurance: msg(
      'If your insurance company has not yet told you whether it pays for a second opinion, please ask them.',
      { id: 'intake.nextInsurance' },
    ),
  };
}

/** The date of birth's three fields (GOV.UK memorable date) and their example. */
export function dateText() {
  return {
    hint: msg('For example, 27 3 1980', { id: 'intake.date.hint' }),
    day: msg('Day', { id: 'intake.date.day' }),
    month: msg('Month', { id: 'intake.date.month' }),
    year: msg('Year', { id: 'intake.date.year' }),
  };
}

export function requesterRoleLabel(role: RequesterRole): string {
  return role === 'patient'
    ? msg('I am the patient', { id: 'intake.role.patient' })
    : msg('I am filling it in for someone else', { id: 'intake.role.proxy' });
}

export function relationshipLabel(relationship: ProxyRelationship): string {
  switch (relationship) {
    case 'parent-or-guardian':
      return msg('Parent or legal guardian', { id: 'intake.relationship.parentOrGuardian' });
    case 'relative':
      return msg('Relative', { id: 'intake.relationship.relative' });
    case 'caregiver':
      return msg('Caregiver', { id: 'intake.relationship.caregiver' });
    case 'other':
      return msg('Other', { id: 'intake.relationship.other' });
  }
}

export function contactChannelLabel(channel: ContactChannel): string {
  return channel === 'email'
    ? msg('email', { id: 'intake.channel.email' })
    : msg('phone', { id: 'intake.channel.phone' });
}

export function contactChannelChoice(channel: ContactChannel): string {
  return channel === 'email'
    ? msg('By email', { id: 'intake.channelChoice.email' })
    : msg('By phone', { id: 'intake.channelChoice.phone' });
}

export function submitFailure(
  reason: Exclude<IntakeErrorReason, 'configuration' | 'invalid' | 'idempotency-key-reused'>,
  status?: number,
): string {
  switch (reason) {
    case 'network':
      return msg(
        'We could not reach the service. Check your internet connection and try again. Your answers are kept.',
        { id: 'intake.failure.network' },
      );
    case 'timeout':
      return msg(
        'The service took too long to answer. Please try again. Your answers are kept, and your request will not be sent twice.',
        { id: 'intake.failure.timeout' },
      );
    case 'malformed-response':
      return msg(
        'The service answered in a way we did not understand, so we cannot confirm your request was received. Please try again: it will not be sent twice.',
        { id: 'intake.failure.malformed' },
      );
    case 'offline':
      return msg(
        'You are offline. Your answers are kept, and we will send your request as soon as the connection returns. You can also try again yourself.',
        { id: 'intake.failure.offline' },
      );
    case 'cancelled':
      return msg(
        'Sending was stopped. Your answers are kept. When you send again, your request will not arrive twice.',
        { id: 'intake.failure.cancelled' },
      );
    case 'http':
      break;
  }
  if (status === 413) {
    return msg(
      'Your request is too large for the service to accept. Remove some files, or make them smaller (for example, scan at a lower resolution or send fewer pages), then send again. Your answers are kept.',
      { id: 'intake.failure.tooLarge' },
    );
  }
  if (status === 415) {
    return msg(
      'The service could not accept the format of this request. This is not something you can fix: please try again later, or contact us another way. Your answers are kept.',
      { id: 'intake.failure.unsupported' },
    );
  }
  if (status === 409) {
    return msg(
      'An earlier attempt to send your request is still being received by the service. Please wait a minute, then try again: it will not be sent twice. Your answers are kept.',
      { id: 'intake.failure.inFlight' },
    );
  }
  if (status === 429) {
    return msg(
      'The service is busy right now. We tried several times. Please wait a few minutes, then try again. Your answers are kept, and your request will not be sent twice.',
      { id: 'intake.failure.busy' },
    );
  }
  if (status !== undefined && status >= 500) {
    return msg(
      str`The service has a temporary problem (error ${status}). We tried several times. Please try again in a few minutes. Your answers are kept, and your request will not be sent twice.`,
      { id: 'intake.failure.unavailable' },
    );
  }
  return msg(
    str`The service could not accept your request right now (error ${status ?? '?'}). Please try again in a few minutes. Your answers are kept.`,
    { id: 'intake.failure.http' },
  );
}

/**
 * Said when the service already has this request from an earlier send (whose answer was lost)
 * with other answers: those first answers are what it keeps.
 */
export function keyReusedText() {
  return {
    received: (reference: string) =>
      msg(
        str`We had already received your request with the answers you sent first. Its reference number is ${reference}.`,
        { id: 'intake.failure.keyReusedReceived' },
      ),
    notAdded: msg(
      'The changes you made after that were not added to it. Your current answers are still here: to send them too, send them as a new request. Nothing is sent until you choose to.',
      { id: 'intake.failure.keyReusedNotAdded' },
    ),
    sendAsNew: msg('Send as a new request', { id: 'intake.failure.keyReusedSendAsNew' }),
  };
}

/** Said while the widget waits to try again by itself. */
export function retryNotice(
  reason: 'network' | 'timeout' | 'http',
  status: number | undefined,
  attempt: number,
  maxAttempts: number,
): string {
  if (reason === 'http' && status === 409) {
    return msg(
      str`An earlier attempt to send your request is still being received. We will check again automatically (attempt ${attempt} of ${maxAttempts})…`,
      { id: 'intake.retrying.inFlight' },
    );
  }
  if (reason === 'http' && status === 429) {
    return msg(
      str`The service is busy. We will try again automatically (attempt ${attempt} of ${maxAttempts})…`,
      { id: 'intake.retrying.busy' },
    );
  }
  if (reason === 'http') {
    return msg(
      str`The service has a temporary problem. We will try again automatically (attempt ${attempt} of ${maxAttempts})…`,
      { id: 'intake.retrying.unavailable' },
    );
  }
  return msg(
    str`The connection was interrupted. We will try again automatically (attempt ${attempt} of ${maxAttempts})…`,
    { id: 'intake.retrying.connection' },
  );
}

/**
 * A whole percentage as the locale writes it: "42%" in English, "42 %" in German. Sizes beside it
 * come from `formatFileSize` (./documents.ts), the one convention for bytes (units of 1024).
 */
export function formatPercent(percent: number): string {
  const whole = Math.min(100, Math.max(0, Math.floor(percent)));
  if (intlSupports(Intl.NumberFormat)) {
    return new Intl.NumberFormat([currentLocale()], { style: 'percent' }).format(whole / 100);
  }
  return msg(str`${whole}%`, {
    id: 'intake.percent',
    desc: 'A percentage, with or without a space before the sign as the locale writes it (German and Russian “42 %”, Georgian “42%”). Latin digits: in Arabic use “%”, not “٪”.',
  });
}

export function sendingText() {
  return {
    progressLabel: msg('Upload progress', { id: 'intake.progressLabel' }),
    progress: (sent: string, total: string, percent: string) =>
      msg(str`${sent} of ${total} sent (${percent})`, { id: 'intake.progress' }),
    progressAnnouncement: (percent: string) =>
      msg(str`${percent} sent`, { id: 'intake.progressAnnouncement' }),
  };
}
