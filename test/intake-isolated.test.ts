/**
 * `<second-opinion-intake mode="isolated">` on its own: what the element puts in the page. The
 * frame's page points at a loopback address nothing listens on (so nothing loads into it);
 * the two-origin flow, messages and trackers are tested end to end in
 * test/e2e/isolation.test.mjs.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/define.js';
import type { SecondOpinionIntake } from '../src/elements/second-opinion-intake.js';
import { FRAME_SANDBOX } from '../src/isolation/host.js';

/** Another origin than the test page's, on loopback: the iframe's load fails at once. */
const REMOTE = 'http://127.0.0.2:9/api/second-opinion';

const root = (el: SecondOpinionIntake) => el.shadowRoot!;
const iframeOf = (el: SecondOpinionIntake) => root(el).querySelector('iframe');

async function isolated(attributes: { endpoint?: string; frameUrl?: string } = {}) {
  const el = await fixture<SecondOpinionIntake>(
    html`<second-opinion-intake
      mode="isolated"
      endpoint=${attributes.endpoint ?? REMOTE}
      frame-url=${attributes.frameUrl ?? ''}
    ></second-opinion-intake>`,
  );
  if (!attributes.frameUrl) el.removeAttribute('frame-url');
  return el;
}

describe('second-opinion-intake mode="isolated"', () => {
  it('puts only a titled, sandboxed iframe of {endpoint}/frame in the page', async () => {
    const el = await isolated();
    await waitUntil(() => iframeOf(el), 'the iframe');
    const iframe = iframeOf(el)!;
    expect(iframe.src).to.equal(`${REMOTE}/frame`);
    expect(iframe.getAttribute('sandbox')).to.equal(FRAME_SANDBOX);
    expect(FRAME_SANDBOX.split(' ')).to.not.include('allow-forms');
    expect(FRAME_SANDBOX.split(' ')).to.not.include('allow-top-navigation');
    expect(iframe.getAttribute('allow')).to.equal('');
    expect(iframe.title).to.equal('Request a medical second opinion');
    // None of the in-page form: no step heading, no buttons, no fields.
    expect(root(el).querySelector('#step-heading, button, input, textarea')).to.equal(null);
    expect(el.step).to.equal('about');
    await expect(el).to.be.accessible();
  });

  it('takes the frame from frame-url when given', async () => {
    const el = await isolated({ frameUrl: 'http://127.0.0.2:9/elsewhere/frame' });
    await waitUntil(() => iframeOf(el), 'the iframe');
    expect(iframeOf(el)!.src).to.equal('http://127.0.0.2:9/elsewhere/frame');
  });

  it('says so, and embeds nothing, without a usable endpoint', async () => {
    for (const endpoint of ['', 'http://insurer.example/api']) {
      const el = await isolated({ endpoint });
      const problem = root(el).querySelector('[part="config-error"]');
      expect(problem?.getAttribute('role'), endpoint).to.equal('alert');
      expect(iframeOf(el), endpoint).to.equal(null);
    }
  });

  it('returns to the in-page form when the mode changes, and removes the frame', async () => {
    const el = await isolated();
    await waitUntil(() => iframeOf(el), 'the iframe');
    el.mode = 'in-page';
    await el.updateComplete;
    expect(iframeOf(el)).to.equal(null);
    expect(root(el).querySelector('#step-heading')).to.not.equal(null);
  });
});
