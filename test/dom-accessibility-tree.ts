/**
 * The accessibility tree as the DOM's ARIA semantics describe it, for the engines whose drivers
 * here expose no tree of their own: Firefox ESR is driven over WebDriver BiDi (no accessibility
 * command) and WebKitGTK over classic WebDriver, while `a11ySnapshot()` needs the Chrome DevTools
 * protocol. test/engine-commands.ts answers `a11ySnapshot()` with this tree there; Chromium's
 * tests read the browser's own.
 *
 * It follows the parts of HTML-AAM and accname that the widget's markup uses: explicit roles,
 * the implicit roles of its elements, names from `aria-labelledby`, `aria-label`, `<label>`,
 * `<legend>` and content; hidden content (the `hidden` attribute, `display: none`,
 * `visibility: hidden`, `aria-hidden="true"`) is left out, generic containers are flattened, and
 * shadow roots and slots are followed. It checks what the markup says, not how an engine maps it
 * to its platform's API: that part only Chromium's tests see.
 */
export interface DomAxNode {
  role: string;
  name?: string;
  focused?: boolean;
  required?: boolean;
  children?: DomAxNode[];
}

const IMPLICIT_ROLES: Record<string, (element: Element) => string | undefined> = {
  button: () => 'button',
  summary: () => 'button',
  a: (element) => (element.hasAttribute('href') ? 'link' : undefined),
  p: () => 'paragraph',
  h1: () => 'heading',
  h2: () => 'heading',
  h3: () => 'heading',
  h4: () => 'heading',
  h5: () => 'heading',
  h6: () => 'heading',
  ul: () => 'list',
  ol: () => 'list',
  li: () => 'listitem',
  fieldset: () => 'group',
  form: () => 'form',
  textarea: () => 'textbox',
  select: () => 'combobox',
  progress: () => 'progressbar',
  input: (element) => {
    const type = (element as HTMLInputElement).type;
    if (['text', 'email', 'tel', 'url', 'search', 'password'].includes(type)) return 'textbox';
    if (type === 'number') return 'spinbutton';
    if (type === 'checkbox') return 'checkbox';
    if (type === 'radio') return 'radio';
    if (['button', 'submit', 'reset'].includes(type)) return 'button';
    if (type === 'date') return 'date';
    return undefined;
  },
};

/** Roles whose name comes from their content when nothing else names them. */
const NAMED_BY_CONTENT = new Set(['button', 'link', 'heading', 'listitem', 'paragraph', 'alert']);

function isHidden(element: Element): boolean {
  if (element.getAttribute('aria-hidden') === 'true') return true;
  if ((element as HTMLElement).hidden) return true;
  if (element.localName === 'template' || element.localName === 'style') return true;
  const style = getComputedStyle(element);
  return style.display === 'none' || style.visibility === 'hidden';
}

/** Children in the flat tree: a shadow root's, a slot's assigned nodes, else the light DOM. */
function flatChildren(node: Element | ShadowRoot): Node[] {
  if (node instanceof HTMLSlotElement) {
    const assigned = node.assignedNodes({ flatten: true });
    return assigned.length > 0 ? assigned : [...node.childNodes];
  }
  if (node instanceof Element && node.shadowRoot) return [...node.shadowRoot.childNodes];
  return [...node.childNodes];
}

/** The text a reader hears for `node`'s content, hidden parts left out. */
function textOf(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (!(node instanceof Element) || isHidden(node)) return '';
  if (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement) return '';
  return flatChildren(node).map(textOf).join('');
}

const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

function byId(element: Element, id: string): Element | null {
  const root = element.getRootNode() as Document | ShadowRoot;
  return root.getElementById?.(id) ?? null;
}

function nameOf(element: Element, role: string): string | undefined {
  const labelledBy = element.getAttribute('aria-labelledby');
  if (labelledBy) {
    const text = labelledBy
      .split(/\s+/)
      .map((id) => byId(element, id))
      .map((target) => (target ? clean(flatChildren(target).map(textOf).join('')) : ''))
      .join(' ');
    if (clean(text)) return clean(text);
  }
  const label = element.getAttribute('aria-label');
  if (label && clean(label)) return clean(label);
  if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) {
    const labels = [...(element.labels ?? [])].map((labelElement) => clean(textOf(labelElement)));
    if (labels.some(Boolean)) return labels.join(' ');
  }
  if (element instanceof HTMLFieldSetElement) {
    const legend = element.querySelector(':scope > legend');
    if (legend) return clean(textOf(legend)) || undefined;
  }
  if (NAMED_BY_CONTENT.has(role)) return clean(textOf(element)) || undefined;
  return undefined;
}

function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

function roleOf(element: Element): string | undefined {
  const explicit = element.getAttribute('role')?.split(/\s+/)[0];
  if (explicit && explicit !== 'presentation' && explicit !== 'none') return explicit;
  return IMPLICIT_ROLES[element.localName]?.(element);
}

function build(node: Node, focused: Element | null): DomAxNode[] {
  if (!(node instanceof Element) || isHidden(node)) return [];
  const children = flatChildren(node).flatMap((child) => build(child, focused));
  let role = roleOf(node);
  const name = role ? nameOf(node, role) : undefined;
  // A region without a name is a generic container (ARIA 1.2).
  if (role === 'region' && !name) role = undefined;
  if (!role) return children;
  const entry: DomAxNode = { role };
  if (name) entry.name = name;
  if (node === focused) entry.focused = true;
  if (node.hasAttribute('required') || node.getAttribute('aria-required') === 'true') {
    entry.required = true;
  }
  if (children.length > 0) entry.children = children;
  return [entry];
}

export function domAccessibilityTree(): DomAxNode {
  const focused = deepActiveElement();
  const children = build(document.body, focused);
  return { role: 'RootWebArea', name: document.title, children };
}
