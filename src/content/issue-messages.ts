import { msg, str } from '@lit/localize';
import type { IssueCode } from '../schema/issues.js';

/** What kind of control an error sits on decides how "required" is phrased. */
export type FieldKind = 'text' | 'choice' | 'checkbox';

/**
 * The inline error text for an issue code: what is wrong and how to fix it (WCAG 3.3.1, 3.3.3).
 * Built at render time so a locale change re-renders it.
 */
export function issueMessage(code: IssueCode, label: string, kind: FieldKind = 'text'): string {
  switch (code) {
    case 'required':
      if (kind === 'choice')
        return msg(str`Choose an answer for “${label}”.`, { id: 'issue.requiredChoice' });
      if (kind === 'checkbox')
        return msg(str`Select at least one option for “${label}”.`, {
          id: 'issue.requiredCheckbox',
        });
      return msg(str`Fill in “${label}”.`, { id: 'issue.requiredText' });
    case 'too-long':
      return msg(str`“${label}” is too long. Please shorten it.`, { id: 'issue.tooLong' });
    case 'invalid-email':
      return msg('Enter an email address in the format name@example.com.', {
        id: 'issue.invalidEmail',
      });
    case 'invalid-date':
      return msg('Enter a real date, for example 27 March 1980.', { id: 'issue.invalidDate' });
    case 'date-in-future':
      return msg('The date of birth must be today or in the past.', { id: 'issue.dateInFuture' });
    case 'invalid-phone':
      return msg(
        'Enter a phone number in digits (spaces and a leading + are fine), for example +995 555 12 34 56.',
        {
          id: 'issue.invalidPhone',
        },
      );
    case 'invalid-choice':
      return msg(str`Choose one of the options for “${label}”.`, { id: 'issue.invalidChoice' });
    case 'consent-required':
      return msg(
        'To send the request, tick the box to agree to how the health information in it is used.',
        { id: 'issue.consentRequired' },
      );
    case 'invalid':
      return msg(str`Check your answer for “${label}”.`, { id: 'issue.invalid' });
    // A date typed in three fields (day, month, year): say what is missing (GOV.UK).
    case 'date-missing-day':
      return msg(str`${label} must include a day.`, { id: 'issue.dateMissingDay' });
    case 'date-missing-month':
      return msg(str`${label} must include a month.`, { id: 'issue.dateMissingMonth' });
    case 'date-missing-year':
      return msg(str`${label} must include a year.`, { id: 'issue.dateMissingYear' });
    case 'date-missing-day-month':
      return msg(str`${label} must include a day and month.`, { id: 'issue.dateMissingDayMonth' });
    case 'date-missing-day-year':
      return msg(str`${label} must include a day and year.`, { id: 'issue.dateMissingDayYear' });
    case 'date-missing-month-year':
      return msg(str`${label} must include a month and year.`, {
        id: 'issue.dateMissingMonthYear',
      });
    case 'date-not-real':
      return msg(str`${label} must be a real date.`, { id: 'issue.dateNotReal' });
  }
}
