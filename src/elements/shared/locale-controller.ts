import type { ReactiveController, ReactiveElement } from 'lit';
import {
  currentLocale,
  isRightToLeft,
  onLocaleAccess,
  requestLocale,
  resolveLocale,
} from '../../locale.js';

type LocalizedHost = ReactiveElement & { locale?: string | undefined };

/**
 * Gives every element the same locale behaviour: on connection and when its `locale` changes,
 * it asks for the locale it resolves to (attribute > `lang` > browser > English), and it keeps
 * its own `lang` and `dir` attributes in step with the rendered locale, so text direction,
 * logical CSS properties and screen-reader pronunciation follow. A `lang` or `dir` the embedder
 * set on the element is theirs and is left alone.
 */
export class LocaleController implements ReactiveController {
  private lastRequested?: string | undefined;
  /**
   * The locale last asked for whose file could not be loaded (the page kept its locale), until
   * a request succeeds: for an element that tells the patient (the intake's language menu).
   */
  failedLocale?: string | undefined;
  private readonly written: Partial<Record<'lang' | 'dir', string>> = {};

  constructor(private readonly host: LocalizedHost) {
    host.addController(this);
  }

  private stopListening?: () => void;

  hostConnected(): void {
    this.stopListening = onLocaleAccess(() => this.request());
    this.request();
  }

  hostDisconnected(): void {
    this.stopListening?.();
  }

  hostUpdate(): void {
    if (this.host.locale !== this.lastRequested) this.request();
  }

  hostUpdated(): void {
    const locale = currentLocale();
    this.write('lang', locale);
    this.write('dir', isRightToLeft(locale) ? 'rtl' : 'ltr');
  }

  /** Asks for the element's locale again, e.g. after its file failed to load. */
  request(): void {
    this.lastRequested = this.host.locale;
    // Inside another of our elements, the outer one decides; asking too would only race it.
    const root = this.host.getRootNode();
    const nested = root instanceof ShadowRoot && root.host.localName.startsWith('second-opinion-');
    if (nested && !this.host.locale) return;
    const locale = resolveLocale(this.host, {
      locale: this.host.locale,
      ownLangIsOurs: this.written.lang !== undefined,
    });
    requestLocale(locale).then(
      () => this.settle(undefined),
      // Never asked again by itself (offline, that would loop): the next choice asks.
      () => this.settle(locale),
    );
  }

  private settle(failed: string | undefined): void {
    if (failed === this.failedLocale) return;
    this.failedLocale = failed;
    this.host.requestUpdate();
  }

  private write(name: 'lang' | 'dir', value: string): void {
    const present = this.host.getAttribute(name);
    // An attribute we did not write (or that changed since) belongs to the embedder.
    if (present !== null && present !== this.written[name]) return;
    if (present !== value) this.host.setAttribute(name, value);
    this.written[name] = value;
  }
}
