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
