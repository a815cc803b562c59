import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { DATE_PARTS, type DatePart, type DateParts } from '../../schema/date-parts.js';
import { errorPrefix } from '../shared/fields.js';

/**
 * GOV.UK's "memorable date" (a date the patient knows, like a date of birth): three labelled text
 * fields, Day, Month and Year, in a fieldset whose legend is the question, with an example. A
 * native date input instead names its spin buttons oddly ("Month Month"), orders them by the
 * browser's locale, adds a Tab stop and cannot say which part is missing.
 *
 * Ids: the fieldset `id`, its hint `id-hint`, its error `id-error`, the fields `id-day`,
 * `id-month`, `id-year` (so `focusField(root, id)` lands on the first field marked invalid).
 */
export interface MemorableDateOptions {
  id: string;
  legend: string;
  hint: string;
  partLabels: Record<DatePart, string>;
  value: DateParts;
  /** Localized error text, shown under the hint. */
  error?: string | undefined;
  /** The fields the error is about (marked invalid); all three when not given. */
  invalidParts?: readonly DatePart[];
  /** Autofill the person at the keyboard's own birthday (`bday-day`, …); off for someone else's. */
  autofill: boolean;
  /** One field changed; the caller merges it into what it holds (autofill fills all three at once). */
  onInput: (part: DatePart, value: string) => void;
}

export function memorableDateField(field: MemorableDateOptions): TemplateResult {
  const errorId = `${field.id}-error`;
  const invalid = (part: DatePart) =>
    field.error && (field.invalidParts ?? DATE_PARTS).includes(part) ? 'true' : nothing;
  return html`<fieldset
    id=${field.id}
    class="memorable-date"
    part="group"
    aria-describedby="${field.id}-hint${field.error ? ` ${errorId}` : ''}"
  >
    <legend>${field.legend}</legend>
    <p class="description" id="${field.id}-hint">${field.hint}</p>
    ${
      field.error
        ? html`<p class="error" id=${errorId} part="error">${errorPrefix()}${field.error}</p>`
        : nothing
    }
    <div class="date-parts">
      ${DATE_PARTS.map((part) => {
        const id = `${field.id}-${part}`;
        return html`<div class="date-part date-${part}">
          <label for=${id}>${field.partLabels[part]}</label>
          <input
            id=${id}
            name=${id}
            type="text"
            inputmode="numeric"
            spellcheck="false"
            autocomplete=${field.autofill ? `bday-${part}` : 'off'}
            required
            aria-invalid=${invalid(part)}
            .value=${live(field.value[part])}
            @input=${(event: Event) => field.onInput(part, (event.target as HTMLInputElement).value)}
          />
        </div>`;
      })}
    </div>
  </fieldset>`;
}
