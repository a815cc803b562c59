import { html, nothing, type ReactiveController } from 'lit';
import { configurationProblem, flowNotLoaded, intakeText } from '../../content/intake.js';
import type { IntakeStep } from '../../events.js';
import type { IsolatedFrame } from '../../isolation/host.js';
import { FRAME_PATH } from '../../isolation/protocol.js';
import { loadOnce } from '../../once.js';
import { checkEndpoint } from '../../submit/endpoint.js';

type Intake = HTMLElementTagNameMap['second-opinion-intake'];

/**
 * `mode="isolated"` on the intake element (docs/isolation.md): renders the frame's place, and
 * after each update creates, updates or removes the frame (src/isolation/host.ts, loaded only
 * in this mode) to match the element's mode, endpoint and configuration.
 */
export class IsolationController implements ReactiveController {
  private frame?: IsolatedFrame;
  private loadFailed = false;
  private readonly loadHost = loadOnce(() => import('../../isolation/host.js'));

  constructor(private readonly host: Intake) {
    host.addController(this);
  }

  get active(): boolean {
    return this.host.mode === 'isolated';
  }

  /** The last step the frame reported. */
  get step(): IntakeStep | 'done' {
    return this.frame?.step ?? 'about';
  }

  hostUpdated(): void {
    const container = this.host.renderRoot.querySelector<HTMLElement>('.isolated');
    const src = this.active && this.host.isConnected && container ? this.source() : undefined;
    if (this.frame && (this.frame.container !== container || this.frame.src !== src?.href)) {
      this.frame.disconnect();
      this.frame = undefined;
    }
    if (this.frame) {
      this.frame.setTitle(intakeText().formLabel);
      this.frame.sync();
      return;
    }
    if (!src || !container || this.loadFailed) return;
    this.loadHost().then(
      ({ IsolatedFrame }) => {
        if (this.frame || !container.isConnected || this.source()?.href !== src.href) return;
        this.loadFailed = false;
        this.frame = new IsolatedFrame(this.host, container, src, intakeText().formLabel);
        this.host.requestUpdate();
      },
      () => {
        // Said in the element; tried again when the connection returns.
        this.loadFailed = true;
        this.host.requestUpdate();
        addEventListener(
          'online',
          () => {
            this.loadFailed = false;
            this.host.requestUpdate();
          },
          { once: true },
        );
      },
    );
  }

  hostDisconnected(): void {
    this.frame?.disconnect();
    this.frame = undefined;
  }

  /** `{endpoint}/frame`, or `frame-url`; `undefined` when neither is usable. */
  private source(): URL | undefined {
    const checked = checkEndpoint(this.host.frameUrl ?? this.host.endpoint, document.baseURI);
    if (!checked.ok) return undefined;
    const url = new URL(checked.url.href);
    if (!this.host.frameUrl) url.pathname = `${url.pathname.replace(/\/+$/, '')}${FRAME_PATH}`;
    return url;
  }

  /** The frame's place (host.ts puts the iframe in it), and what may go wrong. */
  render() {
    const checked = checkEndpoint(this.host.frameUrl ?? this.host.endpoint, document.baseURI);
    return html`${
        checked.ok
          ? nothing
          : html`<p class="config-error" part="config-error" role="alert">
              ${configurationProblem(checked.problem)}
            </p>`
      }
      ${
        this.loadFailed
          ? html`<p class="config-error" part="load-error" role="alert">${flowNotLoaded()}</p>`
          : nothing
      }
      <div class="isolated" part="frame"></div>`;
  }
}
