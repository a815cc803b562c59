// Mounts the intake for test/e2e/isolation.test.mjs: `?endpoint=` (on the receiving server's
// origin) and `?mode=` (default `isolated`). Records the element's events in `window.hostEvents`.
const params = new URLSearchParams(location.search);
const intake = document.createElement('second-opinion-intake');
intake.setAttribute('mode', params.get('mode') ?? 'isolated');
intake.setAttribute('endpoint', params.get('endpoint') ?? '/api/second-opinion');
intake.setAttribute('organization', 'Example Second Opinion Service');
intake.setAttribute('service-country', 'DE');
intake.setAttribute('privacy-url', '/pages/privacy.html');
intake.partners = ['Charité – Universitätsmedizin Berlin'];
if (params.get('accent')) intake.style.setProperty('--second-opinion-accent', params.get('accent'));

window.hostEvents = [];
for (const type of ['intake-step-change', 'intake-success', 'intake-error', 'intake-submit']) {
  intake.addEventListener(type, (event) => {
    window.hostEvents.push({
      type,
      // The element's own event classes (their names are minified in the build).
      subclass: Object.getPrototypeOf(event.constructor) === CustomEvent,
      bubbles: event.bubbles,
      composed: event.composed,
      detail: event.detail,
    });
  });
}
document.querySelector('#widget').append(intake);
