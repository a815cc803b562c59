import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';

/**
 * Field templates shared by every element. A label, its control, its description and its error
 * stay in one shadow root because ARIA id references cannot cross shadow boundaries.
 * Ids: control `id`, description `id-description`, error `id-error`; a group's options are
 * `id-<value>`, so `focusField` can find the first control of any field.
 */
interface FieldBase {
  id: string;
  label: string;
  description?: string | undefined;
  /** Localized error text; the field shows it and is marked invalid. */
  error?: string | undefined;
  required?: boolean;
  disabled?: boolean;
}

export interface TextFieldOptions extends FieldBase {
  value: string;
  type?: 'text' | 'email' | 'tel';
  multiline?: boolean;
  autocomplete?: string;
  inputmode?: string;
  maxlength?: number;
  onInput: (value: string) => void;
  onChange?: () => void;
}

export interface Choice {
  value: string;
  label: string;
  description?: string;
}

export interface ChoiceGroupOptions extends FieldBase {
  type: 'radio' | 'checkbox';
  choices: readonly Choice[];
  selected: readonly string[];
  onToggle: (value: string, checked: boolean) => void;
  /** Rendered right after an option, e.g. the text field that "other" reveals. */
  after?: (value: string) => TemplateResult | typeof nothing;
}

export interface SelectFieldOptions extends FieldBase {
  value: string;
  choices: readonly Choice[];
  placeholder: string;
  onSelect: (value: string) => void;
}

function describedBy(field: FieldBase): string | undefined {
  const ids = [
    field.description ? `${field.id}-description` : '',
    field.error ? `${field.id}-error` : '',
  ].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function labelText(field: FieldBase) {
  return field.required
    ? field.label
    : html`${field.label}
        <span class="optional">${msg('(optional)', { id: 'field.optional' })}</span>`;
}

function description(field: FieldBase) {
  return field.description
    ? html`<p class="description" id="${field.id}-description">${field.description}</p>`
    : nothing;
}

/**
 * "Error:" before an inline error, visually hidden (GOV.UK): a screen reader says what the text
 * is, where a warning-sign symbol would be read out as "warning sign" or not at all.
 */
export const errorPrefix = () =>
  html`<span class="visually-hidden">${msg('Error:', { id: 'field.errorPrefix' })} </span>`;

function error(field: FieldBase) {
  return field.error
    ? html`<p class="error" id="${field.id}-error" part="error">${errorPrefix()}${field.error}</p>`
    : nothing;
}

export function textField(field: TextFieldOptions): TemplateResult {
  const onInput = (event: Event) =>
    field.onInput((event.target as HTMLInputElement | HTMLTextAreaElement).value);
  const common = {
    describedBy: describedBy(field),
    invalid: field.error ? 'true' : undefined,
  };
  const control = field.multiline
    ? html`<textarea
        id=${field.id}
        name=${field.id}
        .value=${live(field.value)}
        ?required=${field.required}
        ?disabled=${field.disabled}
        maxlength=${ifDefined(field.maxlength)}
        autocomplete=${ifDefined(field.autocomplete)}
        aria-describedby=${ifDefined(common.describedBy)}
        aria-invalid=${ifDefined(common.invalid)}
        @input=${onInput}
        @change=${() => field.onChange?.()}
      ></textarea>`
    : html`<input
        id=${field.id}
        name=${field.id}
        type=${field.type ?? 'text'}
        .value=${live(field.value)}
        ?required=${field.required}
        ?disabled=${field.disabled}
        maxlength=${ifDefined(field.maxlength)}
        autocomplete=${ifDefined(field.autocomplete)}
        inputmode=${ifDefined(field.inputmode)}
        aria-describedby=${ifDefined(common.describedBy)}
        aria-invalid=${ifDefined(common.invalid)}
        @input=${onInput}
        @change=${() => field.onChange?.()}
      />`;
  return html`<div class="field" part="field">
    <label for=${field.id}>${labelText(field)}</label>
    ${description(field)} ${error(field)} ${control}
  </div>`;
}

export function choiceGroup(group: ChoiceGroupOptions): TemplateResult {
  return html`<fieldset
    id=${group.id}
    ?disabled=${group.disabled}
    aria-describedby=${ifDefined(describedBy(group))}
    part="group"
  >
    <legend>${labelText(group)}</legend>
    ${description(group)} ${error(group)}
    ${group.choices.map((choice) => {
      const id = `${group.id}-${choice.value}`;
      return html`<div class="option" part="option">
          <input
            id=${id}
            type=${group.type}
            name=${group.id}
            value=${choice.value}
            .checked=${live(group.selected.includes(choice.value))}
            aria-invalid=${ifDefined(group.error ? 'true' : undefined)}
            aria-describedby=${ifDefined(choice.description ? `${id}-description` : undefined)}
            part=${group.type === 'checkbox' ? 'checkbox' : 'radio'}
            @change=${(event: Event) =>
              group.onToggle(choice.value, (event.target as HTMLInputElement).checked)}
          />
          <div>
            <label for=${id}>${choice.label}</label>
            ${
              choice.description
                ? html`<p class="description" id="${id}-description">${choice.description}</p>`
                : nothing
            }
          </div>
        </div>
        ${group.after?.(choice.value) ?? nothing}`;
    })}
  </fieldset>`;
}

export function selectField(field: SelectFieldOptions): TemplateResult {
  return html`<div class="field" part="field">
    <label for=${field.id}>${labelText(field)}</label>
    ${description(field)} ${error(field)}
    <select
      id=${field.id}
      name=${field.id}
      ?required=${field.required}
      ?disabled=${field.disabled}
      aria-describedby=${ifDefined(describedBy(field))}
      aria-invalid=${ifDefined(field.error ? 'true' : undefined)}
      @change=${(event: Event) => field.onSelect((event.target as HTMLSelectElement).value)}
    >
      <option value="" ?selected=${!field.value}>${field.placeholder}</option>
      ${field.choices.map(
        (choice) =>
          html`<option value=${choice.value} ?selected=${choice.value === field.value}>
            ${choice.label}
          </option>`,
      )}
    </select>
  </div>`;
}

/** Focuses the control of a field by its id: the control itself, or a group's first option. */
export function focusField(root: ParentNode, id: string): boolean {
  const target = root.querySelector<HTMLElement>(`#${CSS.escape(id)}`) ?? null;
  // In a group, the checked option is the one the keyboard would land on; else the first field
  // in error (a date's missing month), else the first field.
  const control =
    target instanceof HTMLFieldSetElement
      ? (target.querySelector<HTMLElement>('input:checked') ??
        target.querySelector<HTMLElement>('[aria-invalid="true"]') ??
        target.querySelector<HTMLElement>('input, select, textarea'))
      : target;
  if (!control) return false;
  control.focus();
  control.scrollIntoView?.({ block: 'center' });
  return true;
}
