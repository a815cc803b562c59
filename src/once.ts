/**
 * Doing things once, however often they are asked for: registering tags and loading lazily
 * loaded files. Shared by the entries, the intake and the language names; free of any element,
 * so the script tag's first load can carry it.
 */

/**
 * Registers each tag of `elements`, leaving any already defined (the script included twice, or
 * next to the npm build) as it is instead of throwing.
 */
export function defineTags(elements: Readonly<Record<string, CustomElementConstructor>>): void {
  for (const [tag, element] of Object.entries(elements)) {
    if (!customElements.get(tag)) customElements.define(tag, element);
  }
}

/**
 * `load` (a lazily loaded file, typically) run once, its promise shared by every caller; a
 * failure (offline for a moment) is forgotten, so the next call tries again.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
}
