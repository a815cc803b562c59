import { localized } from '@lit/localize';
import { html, nothing } from 'lit';
import type { z } from 'zod/mini';
import { issueMessage } from '../content/issue-messages.js';
import { eligibilityText, reasonLabel } from '../content/reasons.js';
import { MAX_LENGTH, REASON_IDS, type ReasonId } from '../schema/constants.js';
import { eligibilitySchema, type EligibilityValue } from '../schema/eligibility.js';
import { isReasonId } from '../schema/guards.js';
import type { IssueCode } from '../schema/issues.js';
import { choiceGroup, textField } from './shared/fields.js';
import { FormControlElement } from './shared/form-control.js';
import { styles } from './second-opinion-eligibility.styles.js';

/** Value paths and the field that shows their errors. */
const FIELD_FOR_PATH: Readonly<Record<string, string>> = {
  selected: 'reasons',
  other: 'other',
  motive: 'motive',
  diagnosis: 'diagnosis',
};

/**
 * Builds a value with `selected` in `REASON_IDS` order, `other` only while "other" is checked,
 * and no empty optional text, so a cleared field leaves the same value as an untouched one.
 */
function eligibilityValue(parts: {
  selected: readonly ReasonId[];
  other?: string | undefined;
  motive: string;
  diagnosis?: string | undefined;
}): EligibilityValue {
  const value: EligibilityValue = {
    selected: REASON_IDS.filter((id) => parts.selected.includes(id)),
    motive: parts.motive,
  };
  if (parts.other && value.selected.includes('other')) value.other = parts.other;
  if (parts.diagnosis) value.diagnosis = parts.diagnosis;
  return value;
}

/**
 * Why the patient wants a second opinion: the reasons the FAQ lists (plus "other" with free
 * text), the real motive (what the specialists should answer), and the diagnosis as the patient
 * knows it. A form control: usable on its own inside a page's `<form>`, or controlled by
 * `<second-opinion-intake>`.
 *
 * Value: `{ selected: ReasonId[]; other?: string; motive: string; diagnosis?: string }`, with
 * `selected` in the order of `REASON_IDS`. `other` is present only while "Other reason" is
 * checked; text typed there is kept while it is unchecked, so checking it again restores it.
 * Empty (`{ selected: [], motive: '' }`) means nothing selected and nothing typed; an empty
 * control submits nothing to its form.
 *
 * @attr name - The name under which the form receives the value, as a JSON string.
 * @attr required - An empty control is invalid. Without it, a started control must still be complete.
 * @attr disabled - Disables every input and leaves the control out of validation and the form data.
 *
 * @prop {EligibilityValue} value - The answer. Assign a new object to change it.
 * @prop {FieldErrors} externalErrors - Errors from elsewhere (a server's 422), keyed by value
 *   path (`selected`, `other`, `motive`, `diagnosis`); shown at once, cleared when that field is edited.
 *
 * @fires input - On every edit (a box ticked, a character typed); `value` is already updated.
 * @fires change - When an edit is complete: a box ticked, or a text field left after typing.
 *
 * @csspart reasons - The wrapper of the reasons checklist.
 * @csspart group - The reasons `fieldset`.
 * @csspart option - One reason: its checkbox and label.
 * @csspart checkbox - A reason's checkbox.
 * @csspart field - A text field with its label, description and error (other, motive, diagnosis).
 * @csspart error - An inline error message.
 *
 * @cssprop --second-opinion-accent - Checkbox and focus accents.
 * @cssprop --second-opinion-text - Text colour.
 * @cssprop --second-opinion-muted-text - Descriptions.
 * @cssprop --second-opinion-surface - Field background.
 * @cssprop --second-opinion-border - Field borders.
 * @cssprop --second-opinion-error - Error text and invalid borders.
 * @cssprop --second-opinion-radius - Field corner radius.
 * @cssprop --second-opinion-font - Font family.
 * @cssprop --second-opinion-font-size - Base font size.
 * @cssprop --second-opinion-spacing - Space between fields.
 * @cssprop --second-opinion-focus-ring - Focus outline colour.
 */
@localized()
export class SecondOpinionEligibility extends FormControlElement<EligibilityValue> {
  static override styles = styles;

  /** The "other" text set aside while "other" is unchecked, so checking it again restores it. */
  private otherDraft = '';

  override formResetCallback(): void {
    super.formResetCallback();
    this.otherDraft = '';
  }

  private onToggle(id: string, checked: boolean): void {
    if (!isReasonId(id)) return;
    const current = this.value;
    const selected = checked
      ? [...current.selected, id]
      : current.selected.filter((selectedId) => selectedId !== id);
    const keepsOther = selected.includes('other');
    if (!keepsOther && (current.selected.includes('other') || current.other !== undefined)) {
      this.otherDraft = current.other ?? '';
    }
    const other = keepsOther ? (current.other ?? this.otherDraft) : undefined;
    const changed = id === 'other' ? ['selected', 'other'] : ['selected'];
    this.commit(eligibilityValue({ ...current, selected, other }), changed);
  }

  private onText(path: 'other' | 'motive' | 'diagnosis', text: string): void {
    this.commit(eligibilityValue({ ...this.value, [path]: text }), [path], false);
  }

  protected override get schema(): z.ZodMiniType {
    return eligibilitySchema;
  }

  protected override emptyValue(): EligibilityValue {
    return { selected: [], motive: '' };
  }

  protected override isEmpty(value: EligibilityValue): boolean {
    return (
      value.selected.length === 0 &&
      !value.other?.trim() &&
      !value.motive.trim() &&
      !value.diagnosis?.trim()
    );
  }

  protected override restoreValue(state: unknown): EligibilityValue {
    if (typeof state !== 'object' || state === null || Array.isArray(state)) {
      throw new TypeError('Not an eligibility value');
    }
    const { selected, other, motive, diagnosis } = state as Record<string, unknown>;
    if (!Array.isArray(selected) || typeof motive !== 'string') {
      throw new TypeError('Not an eligibility value');
    }
    return eligibilityValue({
      // A reason id a newer or older version knew is dropped rather than failing the restore.
      selected: selected.filter(isReasonId),
      other: typeof other === 'string' ? other : undefined,
      motive,
      diagnosis: typeof diagnosis === 'string' ? diagnosis : undefined,
    });
  }

  protected override fieldIdFor(path: string): string {
    return FIELD_FOR_PATH[path.split('.')[0] ?? ''] ?? 'reasons';
  }

  protected override errorMessage(path: string, code: IssueCode): string {
    const text = eligibilityText();
    switch (this.fieldIdFor(path)) {
      case 'other':
        return issueMessage(code, text.otherLabel);
      case 'motive':
        return issueMessage(code, text.motiveLabel);
      case 'diagnosis':
        return issueMessage(code, text.diagnosisLabel);
      default:
        return issueMessage(code, text.legend, 'checkbox');
    }
  }

  override render() {
    const text = eligibilityText();
    const { selected, other = '', motive, diagnosis = '' } = this.value;
    const disabled = this.isDisabled;
    const otherField = (id: string) =>
      id === 'other' && selected.includes('other')
        ? html`<div class="nested">
            ${textField({
              id: 'other',
              label: text.otherLabel,
              value: other,
              required: true,
              disabled,
              maxlength: MAX_LENGTH.longText,
              error: this.errorUnder('other'),
              onInput: (value) => this.onText('other', value),
              onChange: () => this.notifyChange(),
            })}
          </div>`
        : nothing;

    return html`
      <div part="reasons">
        ${choiceGroup({
          id: 'reasons',
          type: 'checkbox',
          label: text.legend,
          description: text.reasonsDescription,
          required: true,
          disabled,
          choices: REASON_IDS.map((id) => ({ value: id, label: reasonLabel(id) })),
          selected,
          error: this.errorUnder('selected'),
          onToggle: (id, checked) => this.onToggle(id, checked),
          after: otherField,
        })}
      </div>
      ${textField({
        id: 'motive',
        label: text.motiveLabel,
        description: text.motiveDescription,
        value: motive,
        multiline: true,
        required: true,
        disabled,
        maxlength: MAX_LENGTH.longText,
        error: this.errorUnder('motive'),
        onInput: (value) => this.onText('motive', value),
        onChange: () => this.notifyChange(),
      })}
      ${textField({
        id: 'diagnosis',
        label: text.diagnosisLabel,
        description: text.diagnosisDescription,
        value: diagnosis,
        multiline: true,
        disabled,
        maxlength: MAX_LENGTH.longText,
        error: this.errorUnder('diagnosis'),
        onInput: (value) => this.onText('diagnosis', value),
        onChange: () => this.notifyChange(),
      })}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'second-opinion-eligibility': SecondOpinionEligibility;
  }
}
