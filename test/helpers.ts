import { oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';

/** The focused element, looking through open shadow roots. */
export function deepActiveElement(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Presses Tab (real key events) until the focused element matches, or fails. */
export async function tabTo(
  matches: (element: Element) => boolean,
  maxPresses = 80,
  what = 'the element',
): Promise<Element> {
  for (let press = 0; press < maxPresses; press += 1) {
    const active = deepActiveElement();
    if (active && matches(active)) return active;
    await sendKeys({ press: 'Tab' });
  }
  throw new Error(
    `Tab never reached ${what} (last: ${deepActiveElement()?.outerHTML.slice(0, 120)})`,
  );
}

export const byId = (id: string) => (element: Element) => element.id === id;

export async function tabToId(id: string): Promise<Element> {
  return tabTo(byId(id), 80, `#${id}`);
}

/** Resolves when `condition` holds, polling each animation frame (for network round trips). */
export async function until(
  condition: () => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

/** Visible text of an element and its shadow tree, whitespace folded. */
export function visibleText(root: Element | ShadowRoot): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node instanceof HTMLElement && (node.hidden || node.closest('[hidden]'))) return;
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
    node.childNodes.forEach(walk);
  };
  walk(root);
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/** An element of `host`'s shadow root; fails naming the selector when it is not rendered. */
export function shadowQuery<T extends Element = HTMLElement>(host: Element, selector: string): T {
  const found = host.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`${selector} is not rendered`);
  return found;
}

/** The id of the element focused inside `host`'s shadow root: a failure names a field. */
export function shadowFocusId(host: Element): string | undefined {
  return host.shadowRoot?.activeElement?.id;
}

/** A Lit element's render after an action. */
interface Renders extends Element {
  readonly updateComplete: Promise<boolean>;
}

/** Clicks a control and waits for its host to render. */
export async function clickIn(host: Renders, control: HTMLElement): Promise<void> {
  control.click();
  await host.updateComplete;
}

/** Types like a user: focuses the control, then real key presses; waits for the host. */
export async function typeIn(host: Renders, control: HTMLElement, text: string): Promise<void> {
  control.focus();
  await sendKeys({ type: text });
  await host.updateComplete;
}

/** A node's text with whitespace folded, without the marks that isolate names (FSI, PDI). */
export function textOf(node: Node): string {
  return (node.textContent ?? '')
    .replace(/[\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** An inline error as read: "Error: " (visually hidden) first, then the message returned. */
export function inlineErrorText(node: Node): string {
  const read = textOf(node);
  if (!read.startsWith('Error: ')) throw new Error(`not read as an error: ${read}`);
  return read.slice('Error: '.length);
}

/** The inline errors shown in `host`'s shadow root, in order, as read without "Error: ". */
export function inlineErrors(host: Element): string[] {
  return [...(host.shadowRoot?.querySelectorAll('[part="error"]') ?? [])].map(inlineErrorText);
}

/** Resolves once focus has moved to the element with this id inside `host`'s shadow root. */
export async function untilFocused(host: Element, id: string): Promise<void> {
  await until(() => shadowFocusId(host) === id, `focus on #${id}`);
}

/** Resolves when the asynchronous `condition` holds (a server's log, say), asking each frame. */
export async function untilAsync(
  condition: () => Promise<boolean>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const start = performance.now();
  while (!(await condition())) {
    if (performance.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

/**
 * `oneEvent`, typed by the event maps our elements declare (`GlobalEventHandlersEventMap`):
 * open-wc's answers `any`, which hides a misspelt `detail` field from the type checker.
 */
export const nextEvent = <K extends keyof GlobalEventHandlersEventMap>(
  target: EventTarget,
  type: K,
): Promise<GlobalEventHandlersEventMap[K]> =>
  oneEvent<GlobalEventHandlersEventMap[K]>(target, type);
