import { createTransport } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Delivery } from '../delivery/types.js';
import type { IntakeStore } from '../store/types.js';
import { emailTexts, RIGHT_TO_LEFT_EMAIL_LOCALES, type EmailTexts } from './email-texts.js';

/**
 * The patient's acknowledgement email, sent through the clinic's SMTP server (nodemailer) when
 * one is configured: the reference, what happens next and how to reach the clinic, in the
 * language the patient used (`payload.locale`). Never a health detail.
 *
 * Plain text plus simple HTML. The HTML is built from the fixed texts with every inserted value
 * (reference, clinic name, contact) escaped: nothing is ever interpreted as markup.
 */
export interface ClinicContact {
  /** As patients know it: "Example Second Opinion Service". */
  name: string;
  /** How to reach it, one line: "+995 32 200 00 00, second-opinion@clinic.example". */
  contact: string;
}

export interface EmailOptions {
  /** SMTP server: nodemailer's SMTP options (`host`, `port`, `secure`, `auth`, …). */
  smtp: SMTPTransport.Options;
  /** `From:` — an address of the clinic's own domain (SPF/DKIM). */
  from: string;
  clinic: ClinicContact;
  /** The email's address and language are read when sending: the outbox holds neither. */
  store: Pick<IntakeStore, 'get'>;
}

export interface AcknowledgementMessage {
  subject: string;
  text: string;
  html: string;
  /** `ar` reads right to left. */
  locale: string;
}

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);

/** The message for `reference` in `locale`: no field value of the request goes into it. */
export function acknowledgement(
  reference: string,
  locale: string | undefined,
  clinic: ClinicContact,
): AcknowledgementMessage {
  const chosen = emailTexts(locale);
  const values = { reference, clinic: clinic.name, contact: clinic.contact };
  const line = (key: keyof EmailTexts) => fill(chosen.texts[key], values);
  const htmlLine = (key: keyof EmailTexts) =>
    fill(escapeHtml(chosen.texts[key]), {
      reference: `<strong>${escapeHtml(reference)}</strong>`,
      clinic: escapeHtml(clinic.name),
      contact: escapeHtml(clinic.contact),
    });

  const text = [
    line('greeting'),
    '',
    line('received'),
    '',
    line('referenceLine'),
    line('referenceHint'),
    '',
    line('nextHeading'),
    line('nextSteps'),
    '',
    line('contactHeading'),
    line('contactLine'),
    '',
    line('privacy'),
    '',
    line('signature'),
    '',
  ].join('\n');

  const dir = RIGHT_TO_LEFT_EMAIL_LOCALES.has(chosen.locale) ? 'rtl' : 'ltr';
  const html = `<!doctype html>
<html lang="${chosen.locale}" dir="${dir}">
<head><meta charset="utf-8"><title>${escapeHtml(line('subject'))}</title></head>
<body style="font-family: sans-serif; line-height: 1.5;">
<p>${htmlLine('greeting')}</p>
<p>${htmlLine('received')}</p>
<p>${htmlLine('referenceLine')}<br>${htmlLine('referenceHint')}</p>
<h2 style="font-size: 1.1em;">${htmlLine('nextHeading')}</h2>
<p>${htmlLine('nextSteps')}</p>
<h2 style="font-size: 1.1em;">${htmlLine('contactHeading')}</h2>
<p>${htmlLine('contactLine')}</p>
<p><small>${htmlLine('privacy')}</small></p>
<p>${htmlLine('signature')}</p>
</body>
</html>
`;
  return { subject: line('subject'), text, html, locale: chosen.locale };
}

/** A stable Message-ID per request, so a copy sent twice after a crash is one message to clients. */
function messageId(reference: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'second-opinion.invalid';
  return `<acknowledgement.${reference}@${domain}>`;
}

export interface EmailSender {
  send(delivery: Delivery): Promise<void>;
  close(): void;
}

export function createEmailSender(options: EmailOptions): EmailSender {
  const transport = createTransport({
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    ...options.smtp,
  });
  return {
    async send(delivery) {
      const request = await options.store.get(delivery.reference);
      // Deleted before it could be acknowledged: there is no one left to tell.
      if (!request) return;
      const message = acknowledgement(delivery.reference, request.payload.locale, options.clinic);
      await transport.sendMail({
        from: options.from,
        to: request.payload.patient.email,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: messageId(delivery.reference, options.from),
        headers: { 'Content-Language': message.locale, 'Auto-Submitted': 'auto-generated' },
      });
    },
    close: () => transport.close(),
  };
}
