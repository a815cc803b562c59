/**
 * The README's server example: a Node server that validates requests with the package's
 * schema entry (no DOM), answering 422 with the schema's field paths and codes. Type-checked
 * against the published types (test/e2e/tsconfig.json) and run by test/e2e/node.test.mjs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  payloadSchema,
  toFieldErrors,
  type SecondOpinionPayload,
} from 'second-opinion-intake/schema';

type Answer =
  | { status: 201; payload: SecondOpinionPayload }
  | { status: 422; errors: { path: string; code: string }[] };

export function validate(body: unknown): Answer {
  const result = payloadSchema.safeParse(body);
  if (result.success) return { status: 201, payload: result.data };
  const errors = Object.entries(toFieldErrors(result.error.issues)).map(([path, code]) => ({
    path,
    code,
  }));
  return { status: 422, errors };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

export const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
  if (req.method !== 'POST') {
    res.writeHead(405).end();
    return;
  }
  const answer = validate(await readJson(req).catch(() => undefined));
  if (answer.status === 422) {
    res.writeHead(422, { 'Content-Type': 'application/problem+json' });
    res.end(JSON.stringify({ type: 'about:blank', title: 'Unprocessable Content', ...answer }));
    return;
  }
  // Store answer.payload once per Idempotency-Key, then:
  res.writeHead(201, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ reference: `SO-${answer.payload.submissionId.slice(0, 8)}` }));
});
