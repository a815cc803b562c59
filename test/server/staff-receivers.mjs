/**
 * The other side of the server's deliveries, for the staff tests: an HTTP webhook receiver and
 * an SMTP server (smtp-server, messages parsed with mailparser), each on a free port; tests wait
 * on `next(n)` (the n-th arrival), never on a fixed delay.
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A webhook receiver that answers 500 to its first `failures` requests; `next(n)` waits for the n-th. */
export async function startReceiver(failures = 0) {
  const received = [];
  const waiting = new Map();
  const server = createHttpServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    received.push({ headers: request.headers, body, at: Date.now() });
    response.writeHead(received.length <= failures ? 500 : 204).end();
    waiting.get(received.length)?.();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/hooks/second-opinion`,
    received,
    next: (count) =>
      received.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiting.set(count, resolve)),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** A local SMTP server (refusing every recipient with `rejectRecipients`); `next(n)` waits for the n-th message, parsed. */
export async function startSmtp(port = 0, { rejectRecipients = false } = {}) {
  const messages = [];
  const waiting = new Map();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, session, callback) {
      if (!rejectRecipients) return callback();
      // As real servers do, the refusal quotes the address.
      const refusal = new Error(`<${address.address}>: Recipient address rejected`);
      refusal.responseCode = 550;
      callback(refusal);
    },
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
export async function freePort() {
  const probe = createTcpServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
