/**
 * The intake before its form controls are defined, as on a script-tag page whose lazily loaded
 * controls file has not arrived (or failed): this file defines only the intake and the FAQ.
 * (The end-to-end tests refuse the real chunk files of the built script; see test/e2e.)
 */
import { expect, fixture, html } from '@open-wc/testing';
import { SecondOpinionEligibility } from '../src/elements/second-opinion-eligibility.js';
import { SecondOpinionFaq } from '../src/elements/second-opinion-faq.js';
import { SecondOpinionIntake } from '../src/elements/second-opinion-intake.js';
import { button, clickContinue, ENDPOINT, root } from './intake-flow.js';

customElements.define('second-opinion-faq', SecondOpinionFaq);
customElements.define('second-opinion-intake', SecondOpinionIntake);

const loadError = (el: SecondOpinionIntake) =>
  root(el).querySelector('[part="load-error"]')?.textContent?.trim();

describe('second-opinion-intake before its form controls are defined', () => {
  it('cannot leave a step whose control is missing, says why, and goes on once it is there', async () => {
    const el = await fixture<SecondOpinionIntake>(
      html`<second-opinion-intake endpoint=${ENDPOINT}></second-opinion-intake>`,
    );
    // The first step needs no form control.
    await clickContinue(el);
    expect(el.step).to.equal('reasons');
    expect(loadError(el)).to.equal(undefined);

    await clickContinue(el);
    expect(el.step).to.equal('reasons');
    expect(loadError(el)).to.contain('could not be loaded');
    expect(root(el).querySelector('[part="load-error"]')!.getAttribute('role')).to.equal('alert');
    await expect(el).to.be.accessible();

    // The message goes with the next step change (here: Back).
    button(el, 'back')!.click();
    await el.updateComplete;
    expect(loadError(el)).to.equal(undefined);
    await clickContinue(el);

    // The file arrives: the control upgrades in place and the step works as usual.
    customElements.define('second-opinion-eligibility', SecondOpinionEligibility);
    const eligibility = root(el).querySelector('second-opinion-eligibility')!;
    await eligibility.updateComplete;
    await clickContinue(el);
    expect(el.step, 'an unanswered step cannot be left').to.equal('reasons');
    expect(loadError(el)).to.equal(undefined);
    expect(root(el).querySelector('[part="error-summary"]')).to.exist;
    eligibility.value = { selected: ['verify-diagnosis'], motive: 'Is surgery needed?' };
    eligibility.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await clickContinue(el);
    expect(el.step).to.equal('documents');
  });
});
