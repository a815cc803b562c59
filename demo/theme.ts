/**
 * The theme playground: sets the widget's public tokens on the preview element (CSSOM
 * `style.setProperty`, which a strict CSP allows), shows the contrast of each pair the widget
 * draws with, and the CSS to copy. The defaults are those of src/elements/shared/tokens.styles.ts.
 */
interface ColourToken {
  name: string;
  label: string;
  light: string;
  dark: string;
}

const COLOURS: ColourToken[] = [
  { name: 'accent', label: 'Accent (buttons, links)', light: '#0b5cad', dark: '#8ab8ff' },
  { name: 'on-accent', label: 'Text on the accent', light: '#ffffff', dark: '#0b1a2c' },
  { name: 'text', label: 'Text', light: '#1b1f24', dark: '#e6e9ed' },
  { name: 'muted-text', label: 'Muted text', light: '#4a5563', dark: '#b3bcc7' },
  { name: 'surface', label: 'Surface', light: '#ffffff', dark: '#15181c' },
  { name: 'surface-alt', label: 'Second surface', light: '#f3f5f8', dark: '#22272e' },
  { name: 'border', label: 'Borders', light: '#6b7480', dark: '#8d97a3' },
  { name: 'error', label: 'Errors', light: '#b3261e', dark: '#ff8f85' },
  { name: 'warning-surface', label: 'Notice surface', light: '#fff4d6', dark: '#3d3113' },
  { name: 'focus-ring', label: 'Focus ring', light: '#c45100', dark: '#ffa25c' },
];

interface SizeToken {
  name: string;
  label: string;
  min: number;
  max: number;
  step: number;
  value: number;
  unit: string;
}

const SIZES: SizeToken[] = [
  { name: 'font-size', label: 'Font size', min: 14, max: 24, step: 1, value: 16, unit: 'px' },
  { name: 'radius', label: 'Corner radius', min: 0, max: 16, step: 1, value: 6, unit: 'px' },
  { name: 'spacing', label: 'Spacing', min: 0.5, max: 2, step: 0.125, value: 1, unit: 'em' },
];

/** [foreground, background, minimum ratio]: 4.5 for text, 3 for borders and focus. */
const PAIRS: [string, string, number][] = [
  ['text', 'surface', 4.5],
  ['text', 'surface-alt', 4.5],
  ['text', 'warning-surface', 4.5],
  ['muted-text', 'surface', 4.5],
  ['accent', 'surface', 4.5],
  ['on-accent', 'accent', 4.5],
  ['error', 'surface', 4.5],
  ['border', 'surface', 3],
  ['focus-ring', 'surface', 3],
];

const preview = document.querySelector<HTMLElement>('#preview')!;
const form = document.querySelector<HTMLFormElement>('#theme-form')!;
const colourFields = document.querySelector<HTMLElement>('#colour-fields')!;
const sizeFields = document.querySelector<HTMLElement>('#size-fields')!;
const contrastRows = document.querySelector<HTMLElement>('#contrast-rows')!;
const cssOutput = document.querySelector<HTMLElement>('#theme-css')!;

const inputs = new Map<string, HTMLInputElement>();
/** Tokens the visitor changed; the others keep the widget's defaults for either theme. */
const changed = new Set<string>();

function field(name: string, label: string, input: HTMLInputElement): HTMLElement {
  const wrapper = document.createElement('label');
  wrapper.className = 'token-field';
  const text = document.createElement('span');
  text.textContent = label;
  const code = document.createElement('code');
  code.textContent = `--second-opinion-${name}`;
  input.name = name;
  wrapper.append(text, code, input);
  inputs.set(name, input);
  return wrapper;
}

for (const token of COLOURS) {
  const input = document.createElement('input');
  input.type = 'color';
  colourFields.append(field(token.name, token.label, input));
}
for (const token of SIZES) {
  const input = document.createElement('input');
  input.type = 'range';
  Object.assign(input, { min: token.min, max: token.max, step: token.step });
  input.value = String(token.value);
  sizeFields.append(field(token.name, `${token.label} (${token.unit})`, input));
}

function isDark(): boolean {
  const theme = preview.getAttribute('theme');
  return theme ? theme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
}

function tokenValue(name: string): string {
  const input = inputs.get(name)!;
  const size = SIZES.find((token) => token.name === name);
  return size ? `${input.value}${size.unit}` : input.value;
}

/** The colour inputs that were not changed show the default of the current theme. */
function showDefaults(): void {
  for (const token of COLOURS) {
    if (!changed.has(token.name))
      inputs.get(token.name)!.value = isDark() ? token.dark : token.light;
  }
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

function render(): void {
  for (const name of inputs.keys()) {
    if (changed.has(name)) preview.style.setProperty(`--second-opinion-${name}`, tokenValue(name));
    else preview.style.removeProperty(`--second-opinion-${name}`);
  }
  showDefaults();
  contrastRows.replaceChildren(
    ...PAIRS.map(([foreground, background, minimum]) => {
      const ratio = contrast(inputs.get(foreground)!.value, inputs.get(background)!.value);
      const row = document.createElement('tr');
      for (const text of [
        foreground,
        background,
        `${ratio.toFixed(2)} : 1`,
        ratio >= minimum ? `passes (≥ ${minimum})` : `fails (needs ${minimum})`,
      ]) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.append(cell);
      }
      row.className = ratio >= minimum ? 'passes' : 'fails';
      return row;
    }),
  );
  const lines = [...changed].map((name) => `  --second-opinion-${name}: ${tokenValue(name)};`);
  const theme = preview.getAttribute('theme');
  cssOutput.textContent = [
    theme ? `<second-opinion-intake theme="${theme}">` : '',
    'second-opinion-intake {',
    ...(lines.length ? lines : ['  /* the defaults */']),
    '}',
  ]
    .filter(Boolean)
    .join('\n');
}

form.addEventListener('input', (event) => {
  const target = event.target as HTMLInputElement;
  if (target.name === 'theme') {
    if (target.value) preview.setAttribute('theme', target.value);
    else preview.removeAttribute('theme');
  } else if (inputs.has(target.name)) {
    changed.add(target.name);
  }
  render();
});

form.addEventListener('reset', () => {
  changed.clear();
  preview.removeAttribute('theme');
  // The form resets its inputs after this event.
  setTimeout(render);
});

matchMedia('(prefers-color-scheme: dark)').addEventListener('change', render);
render();
