/**
 * The host side of `mode="isolated"` (docs/isolation.md), loaded by `<second-opinion-intake>`
 * only in that mode: an `<iframe>` of the receiving server's frame page, fed the element's
 * configuration, sized to its content, with its events re-dispatched from the element.
 *
 * Messages are taken only from that iframe's window on the frame's origin, and only in the
 * shapes of protocol.ts (anything else is ignored and logged once, without its content);
 * the configuration is posted to the frame's origin alone.
 */
import {
  IntakeErrorEvent,
  IntakeStepChangeEvent,
  IntakeSuccessEvent,
  type IntakeStep,
} from '../events.js';
import {
  PROTOCOL,
  THEME_TOKENS,
  type ConfigMessage,
  type FrameConfig,
  type FrameMessage,
} from './protocol.js';
import { isRecord } from '../schema/normalize.js';

type Intake = HTMLElementTagNameMap['second-opinion-intake'];

/**
 * - `allow-scripts`: the intake is a script;
 * - `allow-same-origin`: the frame keeps its own origin, so it posts to its server as that
 *   origin, keeps `sessionStorage` for drafts, and the host can check where its messages come
 *   from (without it the origin is the opaque `null`);
 * - `allow-popups` + `allow-popups-to-escape-sandbox`: the privacy notice opens in a new tab,
 *   as an ordinary page.
 * Not `allow-forms` (the intake sends with `fetch`, never by submitting a form; its policy says
 * `form-action 'none'`), nor top navigation, modals, downloads or pointer lock.
 */
export const FRAME_SANDBOX =
  'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox';

const dark = () => matchMedia('(prefers-color-scheme: dark)');
const positive = (value: number) => (Number.isFinite(value) && value > 0 ? value : undefined);

const isText = (value: unknown, max = 64): value is string =>
  typeof value === 'string' && value.length <= max;
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 100_000;

/** The frame's messages, shape by shape: the host accepts nothing else. */
function asFrameMessage(data: unknown): FrameMessage | undefined {
  if (!isRecord(data) || data['protocol'] !== PROTOCOL) return undefined;
  const detail = data['detail'];
  switch (data['kind']) {
    case 'ready':
      return data as unknown as FrameMessage;
    case 'height':
      return isCount(data['height']) ? (data as unknown as FrameMessage) : undefined;
    case 'event': {
      if (!isRecord(detail)) return undefined;
      const ok =
        data['name'] === 'intake-step-change'
          ? isText(detail['step'], 16) && isCount(detail['index']) && isCount(detail['count'])
          : data['name'] === 'intake-success'
            ? isText(detail['reference'])
            : data['name'] === 'intake-error' &&
              isText(detail['reason'], 32) &&
              (detail['status'] === undefined || isCount(detail['status']));
      return ok ? (data as unknown as FrameMessage) : undefined;
    }
  }
  return undefined;
}

/** What the frame needs to look and speak like the element would in the page. */
function configOf(element: Intake): FrameConfig {
  const style = getComputedStyle(element);
  const theme = element.getAttribute('theme');
  const tokens: FrameConfig['tokens'] = {};
  for (const token of THEME_TOKENS) {
    const value = style.getPropertyValue(`--second-opinion-${token}`).trim();
    if (value) tokens[token] = value;
  }
  // The element's own `lang`/`dir` are the locale it resolved on the page (its controller
  // writes them), else the page's.
  const lang = element.closest('[lang]')?.getAttribute('lang') || undefined;
  const dir = element.closest('[dir]')?.getAttribute('dir')?.toLowerCase();
  const optional = <K extends keyof FrameConfig>(key: K, value: FrameConfig[K] | undefined) =>
    value === undefined || value === '' ? {} : { [key]: value };
  return {
    ...optional('locale', element.locale),
    ...optional('lang', lang),
    ...optional('dir', dir === 'rtl' || dir === 'ltr' ? dir : undefined),
    theme: theme === 'dark' || (theme !== 'light' && dark().matches) ? 'dark' : 'light',
    ...optional('organization', element.organization),
    ...optional('insurer', element.insurer),
    ...optional('serviceCountry', element.serviceCountry),
    ...optional(
      'privacyUrl',
      element.privacyUrl ? new URL(element.privacyUrl, document.baseURI).href : undefined,
    ),
    partners: element.partners.filter((partner) => typeof partner === 'string'),
    format: element.format === 'fhir' ? 'fhir' : 'json',
    showLanguageSwitcher: element.showLanguageSwitcher,
    // Numbers as the element would take them; one it would ignore (NaN, 0) is not sent, and the
    // element in the frame clamps the rest as it does in the page.
    ...optional('timeout', positive(element.timeout)),
    ...optional('maxAttempts', positive(element.maxAttempts)),
    saveDraft: element.saveDraft,
    ...optional('draftTtl', positive(element.draftTtl)),
    tokens,
  };
}

export class IsolatedFrame {
  /** The last step the frame reported. */
  step: IntakeStep | 'done' = 'about';
  private readonly iframe = document.createElement('iframe');
  private readonly origin: string;
  readonly src: string;
  private ready = false;
  private warned = false;
  private readonly watch = new MutationObserver(() => this.sync());

  constructor(
    private readonly element: Intake,
    readonly container: HTMLElement,
    src: URL,
    title: string,
  ) {
    this.origin = src.origin;
    this.src = src.href;
    if (this.origin === location.origin) {
      console.warn(
        'second-opinion-intake: mode="isolated" needs the frame on another origin than the page; on the same origin the page can read it.',
      );
    }
    const iframe = this.iframe;
    iframe.setAttribute('sandbox', FRAME_SANDBOX);
    // Delegates no permission (camera, geolocation, payment…): the intake needs none.
    iframe.setAttribute('allow', '');
    iframe.setAttribute('referrerpolicy', 'no-referrer');
    iframe.title = title;
    iframe.src = src.href;
    iframe.style.cssText = 'display:block;width:100%;border:0;height:0';
    addEventListener('message', this.onMessage);
    dark().addEventListener('change', this.sync);
    this.watch.observe(element, { attributeFilter: ['lang', 'dir', 'theme', 'style', 'class'] });
    this.watch.observe(document.documentElement, { attributeFilter: ['lang', 'dir', 'class'] });
    container.append(iframe);
  }

  /** Sends the element's configuration again (after any change), once the frame listens. */
  readonly sync = (): void => {
    if (!this.ready) return;
    const message: ConfigMessage = {
      protocol: PROTOCOL,
      kind: 'config',
      config: configOf(this.element),
    };
    this.iframe.contentWindow?.postMessage(message, this.origin);
  };

  setTitle(title: string): void {
    this.iframe.title = title;
  }

  disconnect(): void {
    removeEventListener('message', this.onMessage);
    dark().removeEventListener('change', this.sync);
    this.watch.disconnect();
    this.iframe.remove();
  }

  private readonly onMessage = (event: MessageEvent): void => {
    const fromFrame = event.source === this.iframe.contentWindow && event.origin === this.origin;
    // Other windows' messages that do not claim to be ours are someone else's business.
    if (!fromFrame && !(isRecord(event.data) && event.data['protocol'] === PROTOCOL)) return;
    const message = fromFrame ? asFrameMessage(event.data) : undefined;
    if (!message) {
      if (!this.warned) {
        this.warned = true;
        console.warn(
          'second-opinion-intake: ignored a message that is not from the frame or not of its protocol.',
        );
      }
      return;
    }
    if (message.kind === 'ready') {
      this.ready = true;
      this.sync();
    } else if (message.kind === 'height') {
      this.iframe.style.height = `${message.height}px`;
    } else if (message.name === 'intake-step-change') {
      this.step = message.detail.step;
      this.element.dispatchEvent(new IntakeStepChangeEvent(message.detail));
    } else if (message.name === 'intake-success') {
      this.element.dispatchEvent(new IntakeSuccessEvent(message.detail));
    } else {
      this.element.dispatchEvent(new IntakeErrorEvent(message.detail));
    }
  };
}
