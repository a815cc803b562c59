/**
 * A hospital portal's own script: it imports the package's tag registration (here from source,
 * in an app `import 'second-opinion-intake/define'`) and handles its form like any other.
 */
import '../src/define.ts';

const form = document.querySelector<HTMLFormElement>('#referral')!;
const result = document.querySelector<HTMLElement>('#form-data')!;
const output = document.querySelector<HTMLElement>('#form-data-output')!;

// The browser only fires `submit` when every control, the widget's included, is valid.
form.addEventListener('submit', (event) => {
  event.preventDefault();
  output.textContent = JSON.stringify(Object.fromEntries(new FormData(form)), null, 2);
  result.hidden = false;
  result.querySelector<HTMLElement>('h2')!.focus();
});

form.addEventListener('reset', () => {
  output.textContent = '';
  result.hidden = true;
});
