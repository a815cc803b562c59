/**
 * The patient's acknowledgement email, sent to a real SMTP server (smtp-server on a free port)
 * and read back with mailparser: it arrives once, in the patient's language, with the reference
 * and no health detail; it is sent once also when notified twice or after a restart; it is
 * retried when the mail server was down.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createFileOutbox } from '../../src/server/delivery/file-outbox.ts';
import { acknowledgement, createEmailSender } from '../../src/server/notify/email.ts';
import { EMAIL_TEXTS } from '../../src/server/notify/email-texts.ts';
import { createNotifier } from '../../src/server/notify/notifier.ts';
import { healthValues, requestWithFiles } from './staff-fixtures.mjs';
import { freePort, startSmtp } from './staff-receivers.mjs';
import { addRequest, openTestStore } from './staff-store.mjs';

const CLINIC = { name: 'Example Clinic', contact: '+995 32 200 00 00' };
const FROM = 'Example Clinic <second-opinion@clinic.example>';

let folder;
let store;
let cleanup;
beforeEach(async () => {
  // The sender only reads the address and language: one store is enough here.
  ({ store, folder, cleanup } = await openTestStore('embedded'));
});
afterEach(() => cleanup());

/** `onFailure: null` keeps the notifier's own logging. */
function notifierFor(port, { onFailure = () => {}, maxAttempts } = {}) {
  const email = createEmailSender({
    smtp: { host: '127.0.0.1', port, secure: false, ignoreTLS: true },
    from: FROM,
    clinic: CLINIC,
    store,
  });
  const notifier = createNotifier({
    outbox: createFileOutbox(join(folder, 'outbox')),
    senders: { email: email.send },
    retry: { firstDelayMs: 20, ...(maxAttempts ? { maxAttempts } : {}) },
    pollMs: 10,
    ...(onFailure ? { onFailure } : {}),
  });
  return {
    notifier,
    async stop() {
      await notifier.stop();
      email.close();
    },
  };
}

describe('Acknowledgement email', () => {
  it('arrives once, in the patient language, with the reference and no health detail', async () => {
    const smtp = await startSmtp();
    const request = await addRequest(store, requestWithFiles('SO-MAIL-2345'));
    const { notifier, stop } = notifierFor(smtp.port);
    await notifier.notifyNewRequest(request.reference, request.receivedAt);
    await smtp.next(1);
    // Notified again (a retried commit) and restarted: no second email.
    await notifier.notifyNewRequest(request.reference, request.receivedAt);
    await notifier.idle();
    await stop();
    const restarted = notifierFor(smtp.port);
    restarted.notifier.start();
    await restarted.notifier.idle();
    await restarted.stop();
    await smtp.close();

    assert.equal(smtp.messages.length, 1);
    const [{ raw, parsed, to }] = smtp.messages;
    assert.deepEqual(
      to.map((recipient) => recipient.address),
      [request.payload.patient.email],
    );
    const ka = EMAIL_TEXTS.ka;
    assert.equal(parsed.subject, ka.subject.replace('{reference}', 'SO-MAIL-2345'));
    assert.ok(parsed.text.includes('SO-MAIL-2345'));
    assert.ok(parsed.text.includes(ka.nextSteps));
    assert.ok(parsed.text.includes(CLINIC.contact));
    assert.ok(parsed.html.includes('<html lang="ka" dir="ltr">'));
    assert.ok(parsed.html.includes('<strong>SO-MAIL-2345</strong>'));
    assert.match(parsed.messageId, /^<acknowledgement\.SO-MAIL-2345@clinic\.example>$/);
    const everything = `${raw}\n${parsed.text}\n${parsed.html}`;
    for (const value of healthValues(request.payload)) {
      if (value === request.payload.patient.email) continue; // the recipient, in the envelope
      assert.ok(!everything.includes(value), 'no field value of the request in the email');
    }
    for (const file of request.files) assert.ok(!everything.includes(file.name));
  });

  it('is retried when the mail server was down, and then arrives once', async () => {
    const port = await freePort();
    const request = await addRequest(store, requestWithFiles('SO-DOWN-2345'));
    let failed;
    const firstFailure = new Promise((resolve) => (failed = resolve));
    const { notifier, stop } = notifierFor(port, {
      onFailure: (_delivery, error) => failed(error),
    });
    await notifier.notifyNewRequest(request.reference, request.receivedAt);
    const error = await firstFailure;
    assert.match(String(error?.code ?? error), /ECONNREFUSED|ESOCKET|ECONNECTION/);

    const smtp = await startSmtp(port);
    await smtp.next(1);
    await notifier.idle();
    await stop();
    await smtp.close();
    assert.equal(smtp.messages.length, 1);
    assert.ok(smtp.messages[0].parsed.text.includes('SO-DOWN-2345'));
  });

  it('logs a refused delivery by its code, never with the address the server quoted', async (t) => {
    const smtp = await startSmtp(0, { rejectRecipients: true });
    const request = await addRequest(store, requestWithFiles('SO-LOGS-2345'));
    const logged = t.mock.method(console, 'error', () => {});
    const { notifier, stop } = notifierFor(smtp.port, { onFailure: null, maxAttempts: 1 });
    await notifier.notifyNewRequest(request.reference, request.receivedAt);
    await notifier.idle();
    await stop();
    await smtp.close();
    const lines = logged.mock.calls.map((call) => call.arguments.join(' '));
    assert.deepEqual(lines, ['notify: email for SO-LOGS-2345 failed (EENVELOPE), given up']);
    assert.equal(smtp.messages.length, 0);
  });

  it('builds its HTML without treating any inserted value as markup', () => {
    const message = acknowledgement('SO-HTML-2345', 'ar', {
      name: '<script>alert(1)</script> & Co',
      contact: '"x" <img src=x onerror=alert(1)>',
    });
    assert.ok(!message.html.includes('<script>'));
    assert.ok(!message.html.includes('<img'));
    assert.ok(message.html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co'));
    assert.ok(message.html.includes('dir="rtl"'));
    assert.ok(message.text.includes('<script>alert(1)</script> & Co'), 'text stays plain text');
  });

  it('has every text in every widget language, and falls back to English', () => {
    const keys = Object.keys(EMAIL_TEXTS.en);
    for (const locale of ['en', 'ka', 'ru', 'de', 'ar']) {
      assert.deepEqual(Object.keys(EMAIL_TEXTS[locale]), keys, locale);
      for (const key of keys) assert.ok(EMAIL_TEXTS[locale][key].trim(), `${locale}.${key}`);
      assert.equal(acknowledgement('SO-LANG-2345', locale, CLINIC).locale, locale);
    }
    assert.equal(acknowledgement('SO-LANG-2345', 'de-AT', CLINIC).locale, 'de');
    assert.equal(acknowledgement('SO-LANG-2345', 'fr', CLINIC).locale, 'en');
  });
});
