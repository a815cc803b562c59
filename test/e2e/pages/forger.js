// A frame from a third origin inside the host page: it forges a configuration for its sibling
// frame (the isolation frame, `parent.frames[0]`) and an event for the host page, as if it were
// the frame. Both must be ignored.
window.forge = () => {
  const protocol = 'second-opinion-intake/isolation@1';
  parent.frames[0].postMessage(
    {
      protocol,
      kind: 'config',
      config: {
        theme: 'light',
        organization: 'Forged by a third origin',
        partners: [],
        format: 'json',
        showLanguageSwitcher: false,
        saveDraft: false,
        tokens: {},
      },
    },
    '*',
  );
  parent.postMessage(
    { protocol, kind: 'event', name: 'intake-success', detail: { reference: 'SO-FAKE-FAKE' } },
    '*',
  );
};
