import { LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { z } from 'zod/mini';
import { fieldErrors, type FieldErrors, type IssueCode } from '../../schema/issues.js';
import { withoutBlankText } from '../../schema/normalize.js';
import { focusField } from './fields.js';
import { LocaleController } from './locale-controller.js';

/** Whether `path` is `parent` or lies inside it (`selected.0` inside `selected`). */
const isAtOrUnder = (path: string, parent: string) =>
  path === parent || path.startsWith(`${parent}.`);

/**
 * Base class of the three form controls. Each one works like a native control inside a host
 * page's `<form>`: `name`, `value`, `required`, `disabled`, `labels`, constraint validation with
 * localized messages and `setCustomValidity()`, reset and restore (form-associated custom
 * elements, through `ElementInternals`).
 *
 * `value` is one structured object; the form receives it as a JSON string under `name`.
 * Errors stay hidden until the patient tries to continue (`reportValidity()`, or a submit of the
 * host form), then follow every edit: validating on each keystroke only interrupts.
 *
 * @fires {Event} input - On every edit (a box ticked, a character typed); `value` is already updated.
 * @fires {Event} change - When an edit is complete: a box ticked, or a text field left after typing.
 */
export abstract class FormControlElement<T extends object> extends LitElement {
  static formAssociated = true;

  protected readonly internals: ElementInternals;

  /** The name under which the form receives the value (as JSON). */
  @property({ reflect: true }) name = '';

  /**
   * When set, an untouched control is invalid. Without it an untouched control is valid, but a
   * started one must still be complete.
   */
  @property({ type: Boolean, reflect: true }) required = false;

  @property({ type: Boolean, reflect: true }) disabled = false;

  /**
   * The locale to render in (`en`, `ka`, `ru`, `de`, `ar`); else the nearest `lang`, the
   * browser's languages, English.
   */
  @property({ reflect: true }) locale?: string;

  /**
   * Errors decided elsewhere (a server's 422), keyed by the paths of `value`. Each shows at once
   * and clears when the patient edits that field.
   */
  @property({ attribute: false }) externalErrors: FieldErrors = {};

  @state() protected showErrors = false;
  /**
   * Ids of the fields on screen when the errors were last revealed. A field shown later (the
   * "other" reason, the insurer's details, a document's language) shows its error on the next
   * reveal, not at once (GOV.UK: errors follow the patient's Continue, never their typing).
   */
  private checkedFieldIds?: ReadonlySet<string>;
  @state() private disabledByForm = false;

  /** The page's own error, from `setCustomValidity()`; empty when there is none. */
  private customValidity = '';

  private currentValue: T;
  /** The last `errors`, with what they were computed from. */
  private validated?: { value: T; required: boolean; external: FieldErrors; errors: FieldErrors };

  protected readonly localeController = new LocaleController(this);

  constructor() {
    super();
    this.internals = this.attachInternals();
    this.currentValue = this.emptyValue();
    // A submit of the host form that fails validation fires `invalid` here: show the errors.
    this.addEventListener('invalid', () => this.showAllErrors());
  }

  /** The control's answer. Treat it as immutable: assign a new object to change it. */
  @property({ attribute: false })
  get value(): T {
    return this.currentValue;
  }
  set value(next: T | null | undefined) {
    const old = this.currentValue;
    this.currentValue = next ?? this.emptyValue();
    this.requestUpdate('value', old);
  }

  get form(): HTMLFormElement | null {
    return this.internals.form;
  }
  get validity(): ValidityState {
    return this.internals.validity;
  }
  get validationMessage(): string {
    return this.internals.validationMessage;
  }
  get willValidate(): boolean {
    return this.internals.willValidate;
  }
  /** The `<label>`s of the control (`<label for>` its id, or a label around it), as natively. */
  get labels(): NodeList {
    return this.internals.labels;
  }

  /**
   * Sets an error of the page's own, as on a native control: while `message` is not empty the
   * control is invalid with that message (it comes before the control's own errors, which
   * remain and show again once it is cleared); `''` clears it. Kept through edits and resets.
   */
  setCustomValidity(message: string): void {
    this.customValidity = String(message ?? '');
    // Before the first render there is nothing to anchor to; the first render syncs it.
    if (this.hasUpdated) this.syncForm();
    else this.requestUpdate();
  }

  /** Current errors (own validation, then external ones), whether shown or not. */
  get errors(): FieldErrors {
    // Read many times per render (each field, the summary, the form's validity): checked once
    // per value. `value` and `externalErrors` are only ever replaced, never changed in place.
    const { currentValue: value, required, externalErrors: external } = this;
    const cached = this.validated;
    if (cached?.value === value && cached.required === required && cached.external === external) {
      return cached.errors;
    }
    const own =
      required || !this.isEmpty(value) ? fieldErrors(this.schema, withoutBlankText(value)) : {};
    const errors = { ...own, ...external };
    this.validated = { value, required, external, errors };
    return errors;
  }

  checkValidity(): boolean {
    return this.internals.checkValidity();
  }

  /** Shows every error, moves focus to the first one, and says whether the value is valid. */
  reportValidity(): boolean {
    const valid = this.revealErrors();
    if (!valid) void this.updateComplete.then(() => this.focusFirstError());
    return valid;
  }

  /**
   * Shows every error without moving focus (a surrounding error summary takes it) and says
   * whether the value is valid.
   */
  revealErrors(): boolean {
    this.showAllErrors();
    return Object.keys(this.errors).length === 0;
  }

  private showAllErrors(): void {
    // The fields on screen for the current value: a value just set is rendered first.
    if (this.isUpdatePending) this.performUpdate();
    this.showErrors = true;
    const fields = this.renderRoot.querySelectorAll('input, select, textarea, fieldset');
    this.checkedFieldIds = new Set([...fields].map((field) => field.id).filter(Boolean));
    this.requestUpdate();
  }

  /** The errors as shown, in order, with their localized text: what an error summary lists. */
  get visibleErrors(): Array<{ path: string; message: string }> {
    return this.errorPathsInOrder().flatMap((path) => {
      const message = this.errorFor(path);
      return message ? [{ path, message }] : [];
    });
  }

  /**
   * Error paths in the order their fields appear on screen, so a summary, the focus and the
   * form's validation message all start where a reader would (the schema's order differs).
   */
  protected errorPathsInOrder(): string[] {
    const position = (path: string) =>
      this.renderRoot.querySelector(`#${CSS.escape(this.fieldIdFor(path))}`);
    return Object.keys(this.errors).sort((a, b) => {
      const first = position(a);
      const second = position(b);
      if (!first || !second) return first ? -1 : second ? 1 : 0;
      if (first === second) return 0;
      return first.compareDocumentPosition(second) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
  }

  /** Focuses the control for a path of `value` (used by error-summary links). */
  focusField(path: string): boolean {
    return focusField(this.renderRoot, this.fieldIdFor(path));
  }

  focusFirstError(): boolean {
    const first = this.errorPathsInOrder()[0];
    return first !== undefined && this.focusField(first);
  }

  override focus(options?: FocusOptions): void {
    const first = this.renderRoot.querySelector<HTMLElement>('input, select, textarea, button');
    if (first) first.focus(options);
    else super.focus(options);
  }

  formResetCallback(): void {
    this.value = this.emptyValue();
    this.showErrors = false;
    this.checkedFieldIds = undefined;
    this.externalErrors = {};
  }

  formStateRestoreCallback(state: string | File | FormData | null): void {
    if (typeof state !== 'string') return;
    try {
      this.value = this.restoreValue(JSON.parse(state) as unknown);
    } catch {
      // A state we cannot read (an older version of the widget) leaves the control empty.
    }
  }

  formDisabledCallback(disabled: boolean): void {
    this.disabledByForm = disabled;
  }

  /** Whether the control, or the fieldset around it, is disabled. */
  protected get isDisabled(): boolean {
    return this.disabled || this.disabledByForm;
  }

  /** The visible error text for a path, or undefined while errors are hidden. */
  protected errorFor(path: string): string | undefined {
    const checked = this.checkedFieldIds?.has(this.fieldIdFor(path)) ?? true;
    const code =
      this.externalErrors[path] ?? (this.showErrors && checked ? this.errors[path] : undefined);
    return code ? this.errorMessage(path, code) : undefined;
  }

  /** The visible error of a field or of its items (`selected.0`, `2.files.1`), the first one. */
  protected errorUnder(path: string): string | undefined {
    const match = Object.keys(this.errors).find((key) => isAtOrUnder(key, path));
    return match === undefined ? undefined : this.errorFor(match);
  }

  /**
   * Applies the patient's edit and tells the page, like a native control: `input` on every
   * edit, `change` when the edit is complete (a choice made, a text field left).
   */
  protected commit(next: T, changedPaths: readonly string[], complete = true): void {
    // Editing `selected` also answers a server error on `selected.0`.
    const answered = (path: string) => changedPaths.some((changed) => isAtOrUnder(path, changed));
    if (Object.keys(this.externalErrors).some(answered)) {
      this.externalErrors = Object.fromEntries(
        Object.entries(this.externalErrors).filter(([path]) => !answered(path)),
      );
    }
    this.value = next;
    this.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    if (complete) this.notifyChange();
  }

  protected notifyChange(): void {
    this.dispatchEvent(new Event('change', { bubbles: true }));
  }

  protected override createRenderRoot() {
    const root = super.createRenderRoot();
    // The inner controls' own input/change events would reach the page too; the host sends
    // its own, carrying the whole value, so the page sees one event per edit.
    const keepInside = (event: Event) => event.stopPropagation();
    root.addEventListener('input', keepInside);
    root.addEventListener('change', keepInside);
    return root;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.syncForm();
  }

  private syncForm(): void {
    const empty = this.isEmpty(this.currentValue);
    const json = JSON.stringify(this.currentValue);
    this.internals.setFormValue(empty ? null : this.formValue(json), json);
    const path = this.errorPathsInOrder()[0];
    const code = path === undefined ? undefined : this.errors[path];
    const own = path === undefined || code === undefined ? undefined : { path, code };
    if ((!own && !this.customValidity) || this.isDisabled) {
      this.internals.setValidity({});
      return;
    }
    // The browser's bubble points at the first field in error, else at the first field.
    const anchor = own
      ? this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(this.fieldIdFor(own.path))}`)
      : this.renderRoot.querySelector<HTMLElement>('input, select, textarea');
    const control =
      anchor instanceof HTMLFieldSetElement
        ? (anchor.querySelector<HTMLElement>('input') ?? undefined)
        : (anchor ?? undefined);
    const message = this.customValidity || (own ? this.errorMessage(own.path, own.code) : '');
    this.internals.setValidity({ customError: true }, message, control);
  }

  /** What a host form receives for a value that is not empty; a subclass may add files. */
  protected formValue(json: string): string | FormData {
    return json;
  }

  /** The zod schema the value is checked with. */
  protected abstract get schema(): z.ZodMiniType;
  protected abstract emptyValue(): T;
  protected abstract isEmpty(value: T): boolean;
  /** Turns restored form state back into a value; throws when it is not one. */
  protected abstract restoreValue(state: unknown): T;
  /** The id of the control that shows a path's error. */
  protected abstract fieldIdFor(path: string): string;
  protected abstract errorMessage(path: string, code: IssueCode): string;
}
