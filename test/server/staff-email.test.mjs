/**
 * The patient's acknowledgement email, sent to a real SMTP server (smtp-server on a free port)
 * and read back with mailparser: it arrives once, in the patient's language, with the reference
 * and no health detail; it is sent once also when notified twice or after a restart; it is
 * retried when the mail server was down.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createFileOutbox } from '../../src/server/delivery/file-outbox.ts';
import { acknowledgement, createEmailSender } from '../../src/server/notify/email.ts';
import { EMAIL_TEXTS } from '../../src/server/notify/email-texts.ts';
import { createNotifier } from '../../src/server/notify/notifier.ts';
import { healthValues, requestWithFiles } from './staff-fixtures.mjs';
import { addRequest, openTestStore } from './staff-store.mjs';

const CLINIC = { name: 'Example Clinic', contact: '+995 32 200 00 00' };
const FROM = 'Example Clinic <second-opinion@clinic.example>';

/** A local SMTP server; `next(n)` waits for the n-th message, parsed. */
async function startSmtp(port = 0) {
  const messages = [];
  const waiting = new Map();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({ raw, parsed: await simpleParser(raw), to: session.envelope.rcptTo });
        callback();
        waiting.get(messages.length)?.();
      });
    },
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: server.server.address().port,
    messages,
    next: (count) =>
      messages.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiting.set(count, resolve)),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** A port nothing listens on (yet): the mail server is down. */
async function freePort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

let folder;
let store;
let cleanup;
beforeEach(async () => {
  // The sender only reads the address and language: one store is enough here.
  ({ store, folder, cleanup } = await openTestStore('embedded'));
});
afterEach(() => cleanup());

function notifierFor(port, onFailure = () => {}) {
  const email = createEmailSender({
    smtp: { host: '127.0.0.1', port, secure: false, ignoreTLS: true },
    from: FROM,
    clinic: CLINIC,
    store,
  });
  const notifier = createNotifier({
    outbox: createFileOutbox(join(folder, 'outbox')),
    senders: { email: email.send },
    retry: { firstDelayMs: 20 },
    pollMs: 10,
    onFailure,
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
    const { notifier, stop } = notifierFor(port, (_delivery, error) => failed(error));
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
