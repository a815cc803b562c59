/**
 * Script-tag entry (dist/cdn/second-opinion-intake.js): configures localization (unless the page
 * already did), registers the elements, publishes `window.SecondOpinionIntake` and mounts what
 * the script tag's `data-*` attributes ask for.
 *
 * The first step of the intake needs only the intake and the FAQ. The three form controls are a
 * second file, loaded once the page has loaded (at once when the page uses one of their tags
 * itself), so they never delay the first render. A tag already defined, by this script included
 * twice or by the npm build, is left alone.
 */
import { STEP_ELEMENTS } from './elements/intake/shared.js';
import { SecondOpinionFaq } from './elements/second-opinion-faq.js';
import { SecondOpinionIntake } from './elements/second-opinion-intake.js';
import { installGlobalApi, mountFromScriptTags } from './global-api.js';
import { defineTags, loadOnce } from './once.js';
import { setUpLocalization } from './localization.js';

const FORM_CONTROL_TAGS: readonly string[] = Object.values(STEP_ELEMENTS);

const loadFormControls = loadOnce(() =>
  import('./form-controls.js').then((module) => module.defineFormControls()),
);

/**
 * Whether only isolated intakes are on the page: theirs run in the frame, so the page never
 * needs the form controls (unless it uses one of their tags itself).
 */
function onlyIsolatedIntakes(): boolean {
  const intakes = [...document.querySelectorAll('second-opinion-intake')];
  return (
    intakes.length > 0 &&
    intakes.every((intake) => intake.getAttribute('mode') === 'isolated') &&
    !document.querySelector(FORM_CONTROL_TAGS.join(','))
  );
}

/** Loads the form controls unless they are defined (by another copy of the script, say). */
function loadFormControlsQuietly(): void {
  if (FORM_CONTROL_TAGS.every((tag) => customElements.get(tag)) || onlyIsolatedIntakes()) return;
  loadFormControls().catch(() => {
    console.warn('second-opinion-intake: the form controls could not be loaded; retrying later.');
  });
}

setUpLocalization();
defineTags({
  'second-opinion-faq': SecondOpinionFaq,
  'second-opinion-intake': SecondOpinionIntake,
});
installGlobalApi();
mountFromScriptTags(import.meta.url);

if (document.querySelector(FORM_CONTROL_TAGS.join(','))) {
  loadFormControlsQuietly();
} else if (document.readyState === 'complete') {
  setTimeout(loadFormControlsQuietly);
} else {
  window.addEventListener('load', loadFormControlsQuietly, { once: true });
}
// A load that failed (offline for a moment) is tried again when the patient acts — a step
// change, or a click such as Continue on a step whose control is missing, which the intake
// answers with "could not be loaded … try again" — or when the connection returns.
document.addEventListener('intake-step-change', loadFormControlsQuietly);
document.addEventListener('click', loadFormControlsQuietly, { capture: true });
window.addEventListener('online', loadFormControlsQuietly);
