/**
 * The isolated demo's page script: the intake's frame comes from the other loopback name of
 * this server (`localhost` ↔ `127.0.0.1`), another origin, as a receiving server on its own
 * domain would be. Run `npm start` and open http://localhost:5173/demo/isolated.html.
 */
import { partners } from './insurer.ts';

const otherHost = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
const endpoint = new URL('/api/second-opinion', location.href);
endpoint.hostname = otherHost;

await customElements.whenDefined('second-opinion-intake');
const intake = document.querySelector('second-opinion-intake');
if (intake) {
  intake.partners = partners;
  intake.endpoint = endpoint.href;
}
const origin = document.querySelector('#frame-origin');
if (origin) origin.textContent = endpoint.origin;

// What a tag manager would log: the events, which carry no answers.
for (const type of ['intake-step-change', 'intake-success', 'intake-error'] as const) {
  intake?.addEventListener(type, (event) => console.info(type, JSON.stringify(event.detail)));
}
