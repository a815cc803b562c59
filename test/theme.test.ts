import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { canEmulateMedia } from './engine-commands.js';
import '../src/define.js';

/**
 * The theming contract (src/elements/shared/tokens.styles.ts): the default of every token pair
 * that text or a control is drawn with meets WCAG 2.2 AA, in the light and the dark theme; the
 * theme follows `prefers-color-scheme` unless `theme` says otherwise, and elements inside the
 * intake follow the intake's theme.
 */

type Rgb = [number, number, number];

/** The colour a token resolves to inside `element`'s shadow root, as the browser paints it. */
function tokenColor(element: Element, token: string): Rgb {
  const probe = document.createElement('span');
  probe.style.setProperty('color', `var(${token})`);
  element.shadowRoot!.append(probe);
  const color = getComputedStyle(probe).color;
  probe.remove();
  const match = /^rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)$/.exec(color);
  if (!match) throw new Error(`${token} resolved to ${color}`);
  if (match[4] !== undefined && Number(match[4]) !== 1) throw new Error(`${token} is transparent`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** WCAG 2.x relative luminance and contrast ratio. */
function luminance([r, g, b]: Rgb): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}
function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** [foreground, background, minimum]: 4.5 for text, 3 for borders and the focus ring. */
const PAIRS: [string, string, number][] = [
  ['--_text', '--_surface', 4.5],
  ['--_text', '--_surface-alt', 4.5],
  ['--_text', '--_warning-surface', 4.5],
  ['--_muted', '--_surface', 4.5],
  ['--_muted', '--_surface-alt', 4.5],
  ['--_accent', '--_surface', 4.5],
  ['--_accent', '--_surface-alt', 4.5],
  ['--_on-accent', '--_accent', 4.5],
  ['--_error', '--_surface', 4.5],
  ['--_error', '--_surface-alt', 4.5],
  ['--_border', '--_surface', 3],
  ['--_focus', '--_surface', 3],
  ['--_focus', '--_surface-alt', 3],
];

function failingPairs(element: Element): string[] {
  return PAIRS.flatMap(([foreground, background, minimum]) => {
    const ratio = contrast(tokenColor(element, foreground), tokenColor(element, background));
    return ratio >= minimum ? [] : [`${foreground} on ${background}: ${ratio.toFixed(2)}`];
  });
}

const isDark = (element: Element) => luminance(tokenColor(element, '--_surface')) < 0.2;

describe('Theme tokens', () => {
  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
  });

  it('meet WCAG AA contrast in the light theme', async () => {
    const el = await fixture(html`<second-opinion-faq theme="light"></second-opinion-faq>`);
    expect(isDark(el)).to.equal(false);
    expect(failingPairs(el)).to.deep.equal([]);
  });

  it('meet WCAG AA contrast in the dark theme', async () => {
    const el = await fixture(html`<second-opinion-faq theme="dark"></second-opinion-faq>`);
    expect(isDark(el)).to.equal(true);
    expect(failingPairs(el)).to.deep.equal([]);
  });

  // Firefox and WebKit have no protocol command to switch prefers-color-scheme (canEmulateMedia):
  // there the widget is checked against the engine's own preference, light.
  it('follow prefers-color-scheme unless theme says otherwise', async () => {
    const preferred = (await canEmulateMedia()) ? 'dark' : 'light';
    await emulateMedia({ colorScheme: preferred });
    const auto = await fixture(html`<second-opinion-faq></second-opinion-faq>`);
    const other = await fixture(
      html`<second-opinion-faq
        theme=${preferred === 'dark' ? 'light' : 'dark'}
      ></second-opinion-faq>`,
    );
    expect(isDark(auto)).to.equal(preferred === 'dark');
    expect(isDark(other)).to.equal(preferred !== 'dark');
    if (preferred !== 'dark') return;
    await emulateMedia({ colorScheme: 'light' });
    expect(isDark(auto)).to.equal(false);
  });

  it('elements inside the intake follow its theme', async () => {
    // The intake's theme is first the opposite of the engine's preference.
    const preferred = (await canEmulateMedia()) ? 'dark' : 'light';
    await emulateMedia({ colorScheme: preferred });
    const first = preferred === 'dark' ? 'light' : 'dark';
    const intake = await fixture(
      html`<second-opinion-intake theme=${first}></second-opinion-intake>`,
    );
    const faq = intake.shadowRoot!.querySelector('second-opinion-faq')!;
    expect(faq, 'the intake shows the FAQ first').to.exist;
    expect(isDark(faq)).to.equal(first === 'dark');
    intake.setAttribute('theme', preferred);
    expect(isDark(faq)).to.equal(preferred === 'dark');
    // Inside the intake, the FAQ lets the intake's card show through.
    expect(getComputedStyle(faq).backgroundColor).to.equal('rgba(0, 0, 0, 0)');
  });

  it('a form control on its own paints its surface', async () => {
    const el = await fixture(html`<second-opinion-faq theme="dark"></second-opinion-faq>`);
    expect(getComputedStyle(el).backgroundColor).to.equal('rgb(21, 24, 28)');
    expect(getComputedStyle(el).colorScheme).to.equal('dark');
  });

  it('a token the page sets wins in both themes', async () => {
    const el = await fixture(
      html`<second-opinion-faq
        theme="dark"
        style="--second-opinion-accent: rgb(1, 2, 3)"
      ></second-opinion-faq>`,
    );
    expect(tokenColor(el, '--_accent')).to.deep.equal([1, 2, 3]);
  });
});
