/**
 * The isolation frame's entry (`dist/cdn/frame.js`), loaded by the page `{basePath}/frame`
 * after the script-tag build (which defines the elements). It waits for the host's
 * configuration, checks it, creates the intake, and tells the host three things: that it
 * listens, its height, and the intake's events without field values (protocol.ts).
 *
 * Only a parent page on one of the origins the server lists (the page's
 * `second-opinion-frame-ancestors`, the same list as its `frame-ancestors` policy) is heard,
 * and once one has configured the frame, only that origin; anything else is ignored and logged
 * once, without its content.
 */
import { parseConfigMessage } from './messages.js';
import {
  FRAME_PATH,
  PROTOCOL,
  type FrameConfig,
  type FrameEventMessage,
  type FrameMessage,
} from './protocol.js';

type Intake = HTMLElementTagNameMap['second-opinion-intake'];

/** Exact origins, or `scheme://host:*` for any port of a host (CSP's port wildcard). */
const allowedOrigins = (
  document.querySelector<HTMLMetaElement>('meta[name="second-opinion-frame-ancestors"]')?.content ??
  ''
)
  .split(/\s+/)
  .filter(Boolean);

function isAllowed(origin: string): boolean {
  return allowedOrigins.some((allowed) =>
    allowed.endsWith(':*')
      ? origin.startsWith(allowed.slice(0, -1)) && /^\d+$/.test(origin.slice(allowed.length - 1))
      : origin === allowed,
  );
}
/** The origin that configured the frame: the only one heard and told anything from then on. */
let hostOrigin: string | undefined;
let intake: Intake | undefined;
let lastLocale: string | undefined;
const warned = new Set<string>();

function ignore(why: 'origin' | 'shape'): void {
  if (warned.has(why)) return;
  warned.add(why);
  console.warn(
    why === 'origin'
      ? 'second-opinion-intake frame: ignored a message from a window or origin that may not configure it.'
      : 'second-opinion-intake frame: ignored a message that is not a valid configuration.',
  );
}

function post(message: FrameMessage): void {
  if (hostOrigin) window.parent.postMessage(message, hostOrigin);
}

/** The frame page's own layout: no margin, room for focus rings, no scrollbar of its own. */
function styleFramePage(): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(
    'html,body{margin:0;padding:0;background:transparent}body{padding:4px;overflow:hidden}',
  );
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

/** Tells the host the content's height whenever it changes, so the frame never scrolls. */
function reportHeight(): void {
  let last = -1;
  new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    post({ protocol: PROTOCOL, kind: 'height', height });
  }).observe(document.body);
}

/** Each event's detail, copied field by field: nothing else ever crosses. */
function bridgeEvents(element: Intake): void {
  const forward = (message: FrameEventMessage) => post(message);
  element.addEventListener('intake-step-change', ({ detail }) =>
    forward({
      protocol: PROTOCOL,
      kind: 'event',
      name: 'intake-step-change',
      detail: { step: detail.step, index: detail.index, count: detail.count },
    }),
  );
  element.addEventListener('intake-success', ({ detail }) =>
    forward({
      protocol: PROTOCOL,
      kind: 'event',
      name: 'intake-success',
      detail: { reference: detail.reference },
    }),
  );
  element.addEventListener('intake-error', ({ detail }) =>
    forward({
      protocol: PROTOCOL,
      kind: 'event',
      name: 'intake-error',
      detail: {
        reason: detail.reason,
        ...(typeof detail.status === 'number' ? { status: detail.status } : {}),
      },
    }),
  );
}

function setAttribute(element: Element, name: string, value: string | undefined): void {
  if (value === undefined || value === '') element.removeAttribute(name);
  else element.setAttribute(name, value);
}

/** The endpoint is this server's, whatever the host says: `{basePath}` of `{basePath}/frame`. */
function ownEndpoint(): string {
  const path = location.pathname.replace(/\/+$/, '');
  return path.endsWith(FRAME_PATH) ? path.slice(0, -FRAME_PATH.length) : path;
}

function apply(config: FrameConfig): void {
  const root = document.documentElement;
  setAttribute(root, 'lang', config.lang);
  setAttribute(root, 'dir', config.dir);
  root.style.colorScheme = config.theme;
  if (!intake) {
    intake = document.createElement('second-opinion-intake');
    intake.endpoint = ownEndpoint();
    bridgeEvents(intake);
  }
  // The host's language, as the element there resolved it, when it changes (the patient may
  // have picked another in the frame's own language menu since).
  const locale = config.locale ?? config.lang;
  if (locale !== lastLocale) setAttribute(intake, 'locale', locale);
  lastLocale = locale;
  setAttribute(intake, 'theme', config.theme);
  setAttribute(intake, 'organization', config.organization);
  setAttribute(intake, 'insurer', config.insurer);
  setAttribute(intake, 'service-country', config.serviceCountry);
  setAttribute(intake, 'privacy-url', config.privacyUrl);
  intake.partners = config.partners;
  intake.format = config.format;
  intake.showLanguageSwitcher = config.showLanguageSwitcher;
  intake.saveDraft = config.saveDraft;
  if (config.timeout !== undefined) intake.timeout = config.timeout;
  if (config.maxAttempts !== undefined) intake.maxAttempts = config.maxAttempts;
  if (config.draftTtl !== undefined) intake.draftTtl = config.draftTtl;
  for (const token of Object.keys(config.tokens) as (keyof FrameConfig['tokens'])[]) {
    intake.style.setProperty(`--second-opinion-${token}`, config.tokens[token] ?? '');
  }
  if (!intake.isConnected) document.body.append(intake);
}

window.addEventListener('message', (event) => {
  const fromParent = event.source === window.parent && event.source !== window;
  const origin = hostOrigin ?? (isAllowed(event.origin) ? event.origin : undefined);
  if (!fromParent || event.origin !== origin) return ignore('origin');
  const message = parseConfigMessage(event.data);
  if (!message) return ignore('shape');
  hostOrigin = event.origin;
  apply(message.config);
});

styleFramePage();
reportHeight();
// Says only that it listens, to any parent: the host answers with the configuration, sent to
// this frame's origin alone.
if (window.parent !== window) {
  window.parent.postMessage({ protocol: PROTOCOL, kind: 'ready' } satisfies FrameMessage, '*');
}
