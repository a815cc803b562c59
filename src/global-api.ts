import type { ReactiveElement } from 'lit';
import { STEP_ELEMENTS } from './elements/intake/shared.js';
import { matchLocale, requestLocale, SUPPORTED_LOCALES } from './locale.js';

/**
 * `window.SecondOpinionIntake`: the script-tag build's API for pages that prefer code to markup,
 * and the `data-*` configuration of the script tag for CMSs that cannot add custom elements.
 *
 * ```html
 * <div id="second-opinion"></div>
 * <script type="module" src="…/second-opinion-intake.js"
 *   data-mount="#second-opinion" data-endpoint="/api/second-opinion" data-service-country="DE"></script>
 * ```
 *
 * Nothing here reads or logs what a patient typed: options are the embedder's configuration.
 */

const INTAKE = 'second-opinion-intake';

/** Any of the five tags. */
const ANY_TAG = [INTAKE, 'second-opinion-faq', ...Object.values(STEP_ELEMENTS)].join(',');

/** The package version, put in by the build (`dev` when the source runs unbundled). */
declare const __SECOND_OPINION_INTAKE_VERSION__: string | undefined;
export const VERSION: string =
  typeof __SECOND_OPINION_INTAKE_VERSION__ === 'string' ? __SECOND_OPINION_INTAKE_VERSION__ : 'dev';

/**
 * Options of `mount()`: the element's attributes or properties, by either name
 * (`service-country` or `serviceCountry`). Anything the element does not declare (`theme`,
 * `id`, `class`, `lang`…) is set as an attribute.
 */
export type MountOptions = Partial<
  Omit<HTMLElementTagNameMap['second-opinion-intake'], keyof HTMLElement>
> &
  Record<string, unknown>;

export interface SecondOpinionIntakeApi {
  /** The version of the script that defined the elements. */
  readonly version: string;
  /** The locales the widget speaks. */
  readonly locales: readonly string[];
  /**
   * Switches every widget on the page (and those mounted later) to `locale`, e.g. `de` or
   * `de-AT`. Resolves once the locale's texts are loaded; rejects with a `RangeError` for a
   * locale the widget does not speak.
   */
  setLocale(locale: string): Promise<void>;
  /**
   * Creates a `<second-opinion-intake>` with `options`, appends it to `target` (an element or
   * a CSS selector) and returns it.
   */
  mount(
    target: Element | string,
    options?: MountOptions,
  ): HTMLElementTagNameMap['second-opinion-intake'];
}

declare global {
  interface Window {
    SecondOpinionIntake?: SecondOpinionIntakeApi;
  }
}

/** The locale `setLocale()` chose, applied to elements mounted afterwards. */
let pageLocale: string | undefined;

type DeclaredProperty = { name: string; type: unknown; attribute: string | false };

/** What the registered element class declares, by property name and by attribute name. */
function declaredProperties(tag: string): Map<string, DeclaredProperty> {
  const element = customElements.get(tag) as typeof ReactiveElement | undefined;
  const byName = new Map<string, DeclaredProperty>();
  for (const [key, declaration] of element?.elementProperties ?? []) {
    if (typeof key !== 'string' || declaration.state) continue;
    const attribute: string | false =
      declaration.attribute === false
        ? false
        : typeof declaration.attribute === 'string'
          ? declaration.attribute
          : key.toLowerCase();
    const property = { name: key, type: declaration.type, attribute };
    byName.set(key, property);
    if (attribute) byName.set(attribute, property);
  }
  return byName;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

function resolveTarget(target: Element | string): Element {
  if (typeof target !== 'string') return target;
  const found = document.querySelector(target);
  if (!found) throw new Error(`second-opinion-intake: mount() found no element for "${target}"`);
  return found;
}

/** Sets JavaScript values: declared properties as properties, anything else as an attribute. */
function applyOptions(element: HTMLElement, options: Record<string, unknown>): void {
  const declared = declaredProperties(element.localName);
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const property = declared.get(key);
    if (property) {
      (element as unknown as Record<string, unknown>)[property.name] = value;
    } else if (typeof value === 'boolean') {
      element.toggleAttribute(kebab(key), value);
    } else if (value !== null) {
      // An undeclared option becomes an attribute, stringified as setAttribute itself would.
      // eslint-disable-next-line @typescript-eslint/no-base-to-string
      element.setAttribute(kebab(key), String(value));
    }
  }
}

/**
 * A list given as text in a `data-*` attribute: a JSON array, or items separated by `;`
 * (names of institutions contain commas).
 */
function parseList(text: string): string[] {
  if (text.trim().startsWith('[')) {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed.map(String);
  }
  return text
    .split(';')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Sets text values from `data-*` attributes the way the element's own attributes would. */
function applyDataset(element: HTMLElement, dataset: DOMStringMap): void {
  const declared = declaredProperties(element.localName);
  for (const [key, value] of Object.entries(dataset)) {
    if (key === 'mount' || value === undefined) continue;
    const property = declared.get(key);
    if (!property) {
      element.setAttribute(kebab(key), value);
    } else if (property.type === Boolean) {
      // `data-show-language-switcher` alone turns it on; `="false"` is read as off.
      (element as unknown as Record<string, unknown>)[property.name] = value !== 'false';
    } else if (property.attribute) {
      element.setAttribute(property.attribute, value);
    } else {
      // Properties without an attribute (`partners`) take a list or a JSON value.
      try {
        (element as unknown as Record<string, unknown>)[property.name] = /^\s*[[{]/.test(value)
          ? JSON.parse(value)
          : parseList(value);
      } catch {
        console.warn(`second-opinion-intake: data-${kebab(key)} is not valid JSON; ignored.`);
      }
    }
  }
}

function createIntake(): HTMLElementTagNameMap['second-opinion-intake'] {
  const element = document.createElement(INTAKE);
  if (pageLocale) element.setAttribute('locale', pageLocale);
  return element;
}

export const api: SecondOpinionIntakeApi = {
  version: VERSION,
  locales: SUPPORTED_LOCALES,
  async setLocale(locale) {
    const match = matchLocale(locale);
    if (!match) {
      throw new RangeError(
        `second-opinion-intake: "${locale}" is not a supported locale (${SUPPORTED_LOCALES.join(', ')}).`,
      );
    }
    pageLocale = match;
    // Elements inside another of ours follow the outer one, so only the outermost are set.
    for (const element of document.querySelectorAll(ANY_TAG)) {
      const root = element.parentElement?.closest(ANY_TAG);
      if (!root) element.setAttribute('locale', match);
    }
    await requestLocale(match);
  },
  mount(target, options = {}) {
    const container = resolveTarget(target);
    const element = createIntake();
    applyOptions(element, options);
    container.append(element);
    return element;
  },
};

/** Same-URL check that ignores nothing: each copy of the script handles its own tags. */
function isOwnScript(script: HTMLScriptElement, ownUrl: string): boolean {
  try {
    return new URL(script.src, document.baseURI).href === ownUrl;
  } catch {
    return false;
  }
}

const mounted = new WeakSet<HTMLScriptElement>();

/**
 * Mounts an intake for each `<script data-mount="selector">` that loaded this file
 * (`ownUrl`: `import.meta.url` of the bundle), configured by the script's other `data-*`
 * attributes: `data-endpoint`, `data-service-country`, `data-show-language-switcher`,
 * `data-partners="A; B"`, `data-theme`…
 */
export function mountFromScriptTags(ownUrl: string): void {
  const run = () => {
    for (const script of document.querySelectorAll<HTMLScriptElement>('script[data-mount]')) {
      if (mounted.has(script) || !isOwnScript(script, ownUrl)) continue;
      mounted.add(script);
      const selector = script.dataset['mount']!;
      const container = selector ? document.querySelector(selector) : null;
      if (!container) {
        console.warn(`second-opinion-intake: data-mount="${selector}" matches no element.`);
        continue;
      }
      const element = createIntake();
      applyDataset(element, script.dataset);
      container.append(element);
    }
  };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', run, { once: true });
  } else {
    run();
  }
}

/** Publishes the API, unless another copy of the script already did (its elements won). */
export function installGlobalApi(): SecondOpinionIntakeApi {
  window.SecondOpinionIntake ??= api;
  return window.SecondOpinionIntake;
}
