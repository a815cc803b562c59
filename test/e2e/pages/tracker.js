// A hostile third-party script, as a tag manager or session-replay tool on an insurer's page
// would run: loaded first, it patches fetch and XMLHttpRequest, walks every shadow root it can
// reach (and tries every frame's document), records every DOM mutation, input and key event,
// and listens to every message. Everything it sees goes into a set that `window.trackerLog()`
// returns, which the test searches for the values a patient typed.
(() => {
  const log = new Set();
  window.trackerLog = () => [...log];
  const note = (kind, value) => {
    try {
      log.add(`${kind}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
    } catch {
      log.add(`${kind}: ${String(value)}`);
    }
  };

  const originalFetch = window.fetch;
  window.fetch = function (input, init) {
    note('fetch', { url: String(input?.url ?? input), body: String(init?.body ?? '') });
    return originalFetch.apply(this, arguments);
  };
  const originalSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (body) {
    note('xhr', String(body ?? ''));
    return originalSend.apply(this, arguments);
  };

  window.addEventListener('message', (event) => note('message', event.data), true);
  for (const type of ['input', 'change', 'keydown', 'keyup', 'focusin', 'click']) {
    document.addEventListener(
      type,
      (event) => {
        const target = event.composedPath()[0];
        note(type, { key: event.key, value: target?.value, text: target?.textContent });
      },
      true,
    );
  }

  const observed = new WeakSet();
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      note('mutation', record.target.textContent ?? record.target.nodeValue ?? '');
      for (const node of record.addedNodes) note('added', node.textContent ?? '');
    }
    sweep();
  });
  const observe = (root) => {
    if (observed.has(root)) return;
    observed.add(root);
    observer.observe(root, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  };

  // Every shadow root (open ones, and those of elements it creates itself), every frame.
  const originalAttachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = originalAttachShadow.call(this, init);
    queueMicrotask(() => observe(root));
    return root;
  };
  function walk(root) {
    observe(root);
    for (const element of root.querySelectorAll('*')) {
      if ('value' in element && element.value) note('value', element.value);
      if (element.shadowRoot) walk(element.shadowRoot);
      if (element.localName === 'iframe') {
        try {
          const inner = element.contentDocument;
          if (inner) {
            note('frame-text', inner.documentElement.textContent);
            walk(inner);
          } else {
            note('frame-closed', element.src);
          }
        } catch (error) {
          note('frame-refused', error.name);
        }
      }
    }
    note('text', root.textContent ?? '');
  }
  function sweep() {
    walk(document);
  }
  document.addEventListener('DOMContentLoaded', sweep);
  setInterval(sweep, 100);
})();
