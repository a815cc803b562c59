// For test/e2e/isolation.test.mjs: loads the frame page into #bare (`?endpoint=`…`/frame`) and a
// third origin's page into #third (`?third=<origin>`), and lets the test configure #bare as its
// host would (`configureBare(organization)`).
const params = new URLSearchParams(location.search);
const frameUrl = new URL(`${params.get('endpoint')}/frame`);
const bare = document.querySelector('#bare');
window.bareMessages = [];
window.addEventListener('message', (event) => {
  if (event.source === bare.contentWindow) window.bareMessages.push(event.data);
});
window.configureBare = (organization) => {
  bare.contentWindow.postMessage(
    {
      protocol: 'second-opinion-intake/isolation@1',
      kind: 'config',
      config: {
        theme: 'light',
        organization,
        partners: [],
        format: 'json',
        showLanguageSwitcher: false,
        saveDraft: false,
        tokens: {},
      },
    },
    frameUrl.origin,
  );
};
bare.src = frameUrl.href;
document.querySelector('#third').src = `${params.get('third')}/pages/forger.html`;
