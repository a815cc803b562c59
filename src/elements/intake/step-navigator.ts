import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { INTAKE_STEPS, IntakeStepChangeEvent, type IntakeStep } from '../../events.js';
import {
  isElementStep,
  STEP_ELEMENTS,
  stepControl,
  type FocusTarget,
  type SummaryItem,
} from './shared.js';

/**
 * Moving between the steps: which one shows, which were reached, Back, Continue (only once the
 * step's answers pass their checks), "Change" from the review, and where focus goes after each
 * move. Part of the first load, with the first step.
 */

/** The element: it re-renders, announces step changes, and holds the rendered steps. */
export interface NavigatorHost extends ReactiveControllerHost, EventTarget {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** The checks of the intake's own steps (contact, review), in the lazily loaded flow. */
export interface OwnStepChecks {
  revealOwnStep(step: IntakeStep): boolean;
  ownSummaryItems(step: IntakeStep): SummaryItem[];
}

/** The lazily loaded flow, as navigation needs it. */
export interface FlowAccess {
  /** The flow, once loaded. */
  loaded(): OwnStepChecks | undefined;
  /** Runs `action` once the flow is loaded; says so when it cannot be. */
  whenLoaded(action: () => void): Promise<void>;
}

export class StepNavigator implements ReactiveController {
  current: IntakeStep | 'done' = 'about';
  /** After the step shown, Continue returns to the review ("Change", or an error to fix). */
  returningToReview = false;
  /**
   * Steps shown at least once. A step's body is rendered from its first visit on and then kept
   * (hidden when another step shows), so a control keeps what only it holds (attached files,
   * errors already shown); steps not reached yet cost nothing on the first render.
   */
  visited: ReadonlySet<IntakeStep> = new Set(['about']);
  /** Whether the live region announces the current step (not on first render). */
  announce = false;
  /** Failed attempts to leave a step: each one inserts the error summary anew (an alert). */
  summaryAttempt = 0;
  /**
   * The flow, or the form control of the current step, could not be loaded (offline for a
   * moment): said until the next Continue, which tries again.
   */
  loadFailed = false;
  private focusTarget: FocusTarget | null = null;

  constructor(
    private readonly host: NavigatorHost,
    private readonly flow: FlowAccess,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const target = this.focusTarget;
    this.focusTarget = null;
    const id = { heading: 'step-heading', summary: 'error-summary', submit: 'submit' };
    if (target) this.host.renderRoot.querySelector<HTMLElement>(`#${id[target]}`)?.focus();
  }

  focusAfterUpdate(target: FocusTarget): void {
    this.focusTarget = target;
  }

  returnToReview(): void {
    this.returningToReview = true;
    this.host.requestUpdate();
  }

  showLoadFailure(): void {
    this.loadFailed = true;
    this.host.requestUpdate();
  }

  goTo(step: IntakeStep | 'done', focus: FocusTarget = 'heading'): void {
    if (focus === 'summary') this.summaryAttempt += 1;
    this.loadFailed = false;
    this.current = step;
    if (step !== 'done' && !this.visited.has(step)) this.visited = new Set(this.visited).add(step);
    const count = INTAKE_STEPS.length;
    const index = step === 'done' ? count + 1 : INTAKE_STEPS.indexOf(step) + 1;
    this.announce = true;
    this.focusTarget = focus;
    this.host.requestUpdate();
    this.host.dispatchEvent(new IntakeStepChangeEvent({ step, index, count }));
  }

  /** Resumes a saved draft: the steps before this one were gone through. */
  resumeAt(step: IntakeStep): void {
    this.current = step;
    this.visited = new Set(INTAKE_STEPS.slice(0, INTAKE_STEPS.indexOf(step) + 1));
  }

  /** "Start over": back to the first step, as if nothing had been shown. */
  startOver(): void {
    this.returningToReview = false;
    this.visited = new Set(['about']);
    this.goTo('about');
  }

  back(): void {
    if (this.current === 'done') return;
    const index = INTAKE_STEPS.indexOf(this.current);
    if (index > 0) this.goTo(INTAKE_STEPS[index - 1]);
  }

  async continue(): Promise<void> {
    const step = this.current;
    if (step === 'done' || step === 'review') return;
    this.loadFailed = false;
    this.host.requestUpdate();
    const next = this.returningToReview ? 'review' : INTAKE_STEPS[INTAKE_STEPS.indexOf(step) + 1];
    const proceed = () => {
      if (this.current !== step) return; // the patient moved on while the flow loaded
      if (!this.revealStep(step)) {
        this.focusTarget = 'summary';
        this.summaryAttempt += 1;
        this.host.requestUpdate();
        return;
      }
      this.returningToReview = false;
      this.goTo(next);
    };
    // The contact and review steps are the flow's: it must be there before they show.
    if (isElementStep(next)) proceed();
    else await this.flow.whenLoaded(proceed);
  }

  /** Shows a step's errors and says whether it may be left. */
  revealStep(step: IntakeStep): boolean {
    if (step === 'about') return true;
    if (isElementStep(step)) {
      const element = stepControl(this.host.renderRoot, step);
      // The script-tag build defines the form controls just after the first render: a step
      // whose control is not defined yet cannot be checked, so it cannot be left yet either.
      if (element && !('revealErrors' in element)) {
        this.showLoadFailure();
        return false;
      }
      return element?.revealErrors() ?? true;
    }
    return this.flow.loaded()?.revealOwnStep(step) ?? false;
  }

  /** The error summary's lines for a step: from its control, or from the flow's checks. */
  summaryItems(step: IntakeStep): SummaryItem[] {
    if (!isElementStep(step)) return this.flow.loaded()?.ownSummaryItems(step) ?? [];
    const element = stepControl(this.host.renderRoot, step);
    return (element?.visibleErrors ?? []).map(({ path, message }) => ({
      path,
      message,
      href: `#${STEP_ELEMENTS[step]}`,
      focus: () => element?.focusField(path) ?? false,
    }));
  }
}
