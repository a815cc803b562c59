import { localized } from '@lit/localize';
import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { issueMessage } from '../content/issue-messages.js';
import { coverageLabel, insuranceText, type InsuranceText } from '../content/insurance.js';
import { COVERAGE_ANSWERS, MAX_LENGTH, type CoverageAnswer } from '../schema/constants.js';
import { isCoverageAnswer } from '../schema/guards.js';
import { insuranceSchema, type InsuranceValue } from '../schema/insurance.js';
import type { IssueCode } from '../schema/issues.js';
import { choiceGroup, textField } from './shared/fields.js';
import { FormControlElement } from './shared/form-control.js';
import { insuranceStyles } from './second-opinion-insurance.styles.js';

/** What the patient says about a private insurance, kept apart from the yes/no answer. */
type InsuranceDetails = Omit<InsuranceValue, 'hasPrivateInsurance'>;

const DETAIL_PATHS = ['insurer', 'policyNumber', 'coverageConfirmed'] as const;

/** Paths of `value` → ids of the controls that show their errors (stable, part of the API). */
const FIELD_IDS: Readonly<Record<string, string>> = {
  hasPrivateInsurance: 'has-private-insurance',
  insurer: 'insurer',
  policyNumber: 'policy-number',
  coverageConfirmed: 'coverage-confirmed',
};

/** Drops keys without an answer, so `value` never carries `undefined` or `""`. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, item]) => item !== undefined && item !== ''),
  ) as T;
}

function detailsOf(value: InsuranceValue): InsuranceDetails {
  return compact({
    insurer: value.insurer,
    policyNumber: value.policyNumber,
    coverageConfirmed: value.coverageConfirmed,
  });
}

/**
 * The insurance question. The FAQ: "If you use private insurance, you can check with your
 * personal insurance manager to find out if your package provides Second Opinion." A patient who
 * answers yes sees that advice, then names the insurer, optionally the policy number, and says
 * whether the insurer has confirmed the coverage. An unconfirmed coverage never blocks the request.
 *
 * A form control: inside a `<form>` it submits `value` as JSON under `name`, takes part in
 * validation, reset and restore, and follows a disabled `<fieldset>`.
 *
 * @attr insurer - An insurer's own site presets its name: the question and the advice name it,
 *   and the insurer field is prefilled with it when the patient answers yes (if still empty).
 * @attr name - The name under which the form receives the value.
 * @attr required - The question must be answered (details are always required after a yes).
 * @attr disabled - Disables every control; a disabled control is not validated.
 *
 * @prop {InsuranceValue} value - `{ hasPrivateInsurance?, insurer?, policyNumber?,
 *   coverageConfirmed? }`; `{}` until answered. Details are present only while
 *   `hasPrivateInsurance` is `true`: after a "no" they are dropped from `value` but kept in
 *   memory, so a "yes" again restores them (until the value is reset or emptied).
 * @prop {FieldErrors} externalErrors - Errors from elsewhere (a server's 422), keyed by path
 *   (`hasPrivateInsurance`, `insurer`, `policyNumber`, `coverageConfirmed`).
 *
 * Field ids (for error-summary links, `focusField(path)`): `has-private-insurance`, `insurer`,
 * `policy-number`, `coverage-confirmed`.
 *
 * @fires input - On every edit (a keystroke, a choice). Bubbles, composed. Carries no data: read
 *   `value`.
 * @fires change - When an edit is complete (a choice made, a text field left). Bubbles.
 *
 * @csspart group - Each question's fieldset.
 * @csspart option - One radio option row.
 * @csspart radio - A radio button.
 * @csspart field - A text field's wrapper.
 * @csspart error - An inline error message.
 * @csspart details - The questions shown after a "yes".
 * @csspart advice - The FAQ's advice to ask the insurance company whether it pays.
 * @csspart reassurance - The note that the request can still be sent without a confirmed coverage.
 *
 * @cssprop --second-opinion-accent - Accent colour (radios, note border).
 * @cssprop --second-opinion-text - Text colour.
 * @cssprop --second-opinion-muted-text - Descriptions and "(optional)".
 * @cssprop --second-opinion-surface - Input background.
 * @cssprop --second-opinion-surface-alt - Background of the advice and reassurance notes.
 * @cssprop --second-opinion-border - Input borders and the details' side line.
 * @cssprop --second-opinion-error - Error text and invalid borders.
 * @cssprop --second-opinion-radius - Corner radius.
 * @cssprop --second-opinion-font - Font family.
 * @cssprop --second-opinion-font-size - Base font size.
 * @cssprop --second-opinion-spacing - Space between fields.
 * @cssprop --second-opinion-focus-ring - Focus outline colour.
 */
@localized()
export class SecondOpinionInsurance extends FormControlElement<InsuranceValue> {
  static override styles = insuranceStyles;

  /** The insurer's name, preset by an insurer's own site. Rendered as text. */
  @property() insurer = '';

  /** Details typed before a "no", restored by a "yes" again. */
  private keptDetails: InsuranceDetails = {};

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // An emptied value (a reset, a fresh start) must not bring back earlier answers.
    if (changed.has('value') && this.isEmpty(this.value)) this.keptDetails = {};
  }

  protected get schema() {
    return insuranceSchema;
  }

  protected emptyValue(): InsuranceValue {
    return {};
  }

  protected isEmpty(value: InsuranceValue): boolean {
    return Object.values(value).every(
      (item) => item === undefined || (typeof item === 'string' && item.trim() === ''),
    );
  }

  protected restoreValue(state: unknown): InsuranceValue {
    if (typeof state !== 'object' || state === null || Array.isArray(state)) {
      throw new TypeError('Insurance state must be an object.');
    }
    const { hasPrivateInsurance, insurer, policyNumber, coverageConfirmed } = state as Record<
      string,
      unknown
    >;
    if (hasPrivateInsurance !== undefined && typeof hasPrivateInsurance !== 'boolean') {
      throw new TypeError('hasPrivateInsurance must be a boolean.');
    }
    for (const text of [insurer, policyNumber]) {
      if (text !== undefined && typeof text !== 'string') {
        throw new TypeError('insurer and policyNumber must be strings.');
      }
    }
    if (coverageConfirmed !== undefined && !isCoverageAnswer(coverageConfirmed)) {
      throw new TypeError('coverageConfirmed must be one of the coverage answers.');
    }
    if (hasPrivateInsurance !== true) return compact({ hasPrivateInsurance });
    return compact({
      hasPrivateInsurance,
      insurer: insurer as string | undefined,
      policyNumber: policyNumber as string | undefined,
      coverageConfirmed,
    });
  }

  protected fieldIdFor(path: string): string {
    return FIELD_IDS[path] ?? FIELD_IDS.hasPrivateInsurance;
  }

  protected errorMessage(path: string, code: IssueCode): string {
    const text = insuranceText(this.insurer);
    switch (path) {
      case 'insurer':
        return issueMessage(code, text.insurerLabel);
      case 'policyNumber':
        return issueMessage(code, text.policyNumberLabel);
      case 'coverageConfirmed':
        return issueMessage(code, text.coverageQuestion, 'choice');
      default:
        return issueMessage(code, text.question, 'choice');
    }
  }

  private answer(hasPrivateInsurance: boolean): void {
    if (this.value.hasPrivateInsurance === hasPrivateInsurance) return;
    if (!hasPrivateInsurance) {
      this.keptDetails = detailsOf(this.value);
      // The details' errors no longer apply, including a server's.
      this.commit({ hasPrivateInsurance }, ['hasPrivateInsurance', ...DETAIL_PATHS]);
      return;
    }
    const details = { ...this.keptDetails };
    const preset = this.insurer.trim();
    const prefill = preset !== '' && !details.insurer?.trim();
    if (prefill) details.insurer = preset;
    this.commit(
      { hasPrivateInsurance, ...details },
      prefill ? ['hasPrivateInsurance', 'insurer'] : ['hasPrivateInsurance'],
    );
  }

  private editText(path: 'insurer' | 'policyNumber', text: string): void {
    this.commit(compact({ ...this.value, [path]: text }), [path], false);
  }

  private chooseCoverage(answer: string): void {
    if (isCoverageAnswer(answer)) {
      this.commit({ ...this.value, coverageConfirmed: answer }, ['coverageConfirmed']);
    }
  }

  private reassurance(text: InsuranceText, answer: CoverageAnswer | undefined) {
    if (answer === 'no') return text.reassuranceNo;
    if (answer === 'not-yet') return text.reassuranceNotYet;
    return undefined;
  }

  private renderDetails(text: InsuranceText, value: InsuranceValue) {
    const reassurance = this.reassurance(text, value.coverageConfirmed);
    return html`<div class="details" part="details">
      <p class="note" part="advice" role="note">${text.advice}</p>
      ${textField({
        id: FIELD_IDS.insurer,
        label: text.insurerLabel,
        description: text.insurerDescription,
        value: value.insurer ?? '',
        required: true,
        disabled: this.isDisabled,
        autocomplete: 'off',
        maxlength: MAX_LENGTH.shortText,
        error: this.errorFor('insurer'),
        onInput: (next) => this.editText('insurer', next),
        onChange: () => this.notifyChange(),
      })}
      ${textField({
        id: FIELD_IDS.policyNumber,
        label: text.policyNumberLabel,
        description: text.policyNumberDescription,
        value: value.policyNumber ?? '',
        disabled: this.isDisabled,
        // No autofill token exists for it, and another site's number must not be suggested.
        autocomplete: 'off',
        maxlength: MAX_LENGTH.policyNumber,
        error: this.errorFor('policyNumber'),
        onInput: (next) => this.editText('policyNumber', next),
        onChange: () => this.notifyChange(),
      })}
      ${choiceGroup({
        id: FIELD_IDS.coverageConfirmed,
        type: 'radio',
        label: text.coverageQuestion,
        required: true,
        disabled: this.isDisabled,
        choices: COVERAGE_ANSWERS.map((answer) => ({
          value: answer,
          label: coverageLabel(answer),
          ...(answer === 'not-yet' ? { description: text.coverageNotYetDescription } : {}),
        })),
        selected: value.coverageConfirmed ? [value.coverageConfirmed] : [],
        error: this.errorFor('coverageConfirmed'),
        onToggle: (answer, checked) => {
          if (checked) this.chooseCoverage(answer);
        },
      })}
      <div role="status">
        ${reassurance ? html`<p class="note" part="reassurance">${reassurance}</p>` : nothing}
      </div>
    </div>`;
  }

  override render() {
    const text = insuranceText(this.insurer);
    const value = this.value;
    const answer =
      value.hasPrivateInsurance === undefined ? [] : [value.hasPrivateInsurance ? 'yes' : 'no'];
    return html`${choiceGroup({
      id: FIELD_IDS.hasPrivateInsurance,
      type: 'radio',
      label: text.question,
      required: this.required,
      disabled: this.isDisabled,
      choices: [
        { value: 'yes', label: text.answerYes },
        { value: 'no', label: text.answerNo },
      ],
      selected: answer,
      error: this.errorFor('hasPrivateInsurance'),
      onToggle: (choice, checked) => {
        if (checked) this.answer(choice === 'yes');
      },
    })}
    ${value.hasPrivateInsurance === true ? this.renderDetails(text, value) : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'second-opinion-insurance': SecondOpinionInsurance;
  }
}
