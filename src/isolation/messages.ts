/**
 * The isolation frame's check of what the host page sends (protocol.ts): a strict schema, so a
 * message of any other shape — an unknown key, a value too long, a style token that could load
 * something — is refused as a whole. Used by the frame only: the host loader stays small.
 */
import * as z from 'zod/mini';
import { PROTOCOL, THEME_TOKENS, type ConfigMessage } from './protocol.js';

const MAX_TEXT = 300;
const MAX_PARTNERS = 50;

const text = () => z.string().check(z.maxLength(MAX_TEXT));

/** A CSS value for a token: no `url(`, `image(`, `@` or `;`, nothing that could fetch or break out. */
const tokenValue = () =>
  z.string().check(
    z.maxLength(200),
    z.refine((value) => !/url\(|image|@|;|[{}<>\\]/i.test(value)),
  );

/** `https:` anywhere, `http:` only on loopback: the element's own rule for URLs. */
function isSafeLink(value: string): boolean {
  try {
    const url = new URL(value);
    const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(url.hostname);
    return url.protocol === 'https:' || (url.protocol === 'http:' && loopback);
  } catch {
    return false;
  }
}

const configSchema = z.strictObject({
  locale: z.optional(z.string().check(z.regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/))),
  lang: z.optional(z.string().check(z.regex(/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/))),
  dir: z.optional(z.enum(['ltr', 'rtl'])),
  theme: z.enum(['light', 'dark']),
  organization: z.optional(text()),
  insurer: z.optional(text()),
  serviceCountry: z.optional(z.string().check(z.regex(/^[A-Za-z]{2}$/))),
  privacyUrl: z.optional(text().check(z.refine(isSafeLink))),
  partners: z.array(text()).check(z.maxLength(MAX_PARTNERS)),
  format: z.enum(['json', 'fhir']),
  showLanguageSwitcher: z.boolean(),
  // Bounded by the element in the frame (as in the page), not here: a page's value out of
  // range must not cost it the whole form.
  timeout: z.optional(z.number().check(z.positive())),
  maxAttempts: z.optional(z.number().check(z.positive())),
  saveDraft: z.boolean(),
  draftTtl: z.optional(z.number().check(z.positive())),
  tokens: z.partialRecord(z.enum(THEME_TOKENS), tokenValue()),
});

const configMessageSchema = z.strictObject({
  protocol: z.literal(PROTOCOL),
  kind: z.literal('config'),
  config: configSchema,
});

/** The message as the host sent it, or `undefined` when it is not a configuration message. */
export function parseConfigMessage(data: unknown): ConfigMessage | undefined {
  const result = configMessageSchema.safeParse(data);
  return result.success ? result.data : undefined;
}

// The schema and protocol.ts describe one message: a change to either that the other lacks
// fails the type check here.
type Parsed = z.infer<typeof configMessageSchema>;
const sameShape: [Parsed] extends [ConfigMessage]
  ? [ConfigMessage] extends [Parsed]
    ? true
    : false
  : false = true;
void sameShape;
