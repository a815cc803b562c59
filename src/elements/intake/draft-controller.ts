import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { INTAKE_STEPS, type IntakeStep } from '../../events.js';
import { isOneOf } from '../../schema/guards.js';
import {
  createDraftStore,
  draftKey,
  pageSessionStorage,
  type DraftStore,
} from '../../submit/draft.js';
import { checkEndpoint } from '../../submit/endpoint.js';
import { emptyDraft, type IntakeDraft, type PendingSubmission } from '../../submit/payload.js';
import { DEFAULT_DRAFT_TTL_MINUTES, positiveOr } from './shared.js';

/** The element's settings for drafts (`save-draft`, `draft-ttl`; the key follows `endpoint`). */
export interface DraftHost extends ReactiveControllerHost {
  readonly endpoint?: string;
  readonly saveDraft: boolean;
  readonly draftTtl: number;
}

/** Where the patient is, as navigation knows it: saved with the answers. */
export interface StepSource {
  readonly current: IntakeStep | 'done';
}

const isStep = isOneOf(INTAKE_STEPS);

/**
 * The patient's answers and the request not yet accepted, and their copy in `sessionStorage`
 * when the embedder opted in (`save-draft`): saved after each change, restored on load, removed
 * on success or "Start over". Part of the first load: a restored draft shows on the first render.
 */
export class DraftController implements ReactiveController {
  private current: IntakeDraft = emptyDraft();
  /**
   * One id and time per submission until it succeeds: every retry sends the same
   * Idempotency-Key, and the same answers make the same payload.
   */
  pending?: PendingSubmission;
  /** Answers came from a saved draft: the notice shows until the patient moves on. */
  restored?: { hadFiles: boolean };
  private restoredAt?: IntakeStep;
  /** The patient changed something since load (or a draft was restored): worth saving. */
  private dirty = false;
  /** Files were attached before a restore; the saved draft keeps saying so. */
  private hadFiles = false;
  private store?: { key: string; store: DraftStore<IntakeStep> };
  /** What was saved last: saved again only when the answers or the step changed. */
  private saved?: { answers: IntakeDraft; step: IntakeStep };

  constructor(
    private readonly host: DraftHost,
    private readonly steps: StepSource,
  ) {
    host.addController(this);
  }

  get answers(): IntakeDraft {
    return this.current;
  }

  update(change: Partial<IntakeDraft>): void {
    this.current = { ...this.current, ...change };
    this.dirty = true;
    this.host.requestUpdate();
  }

  hostUpdate(): void {
    if (this.restored && this.steps.current !== this.restoredAt) this.restored = undefined;
  }

  hostUpdated(): void {
    const step = this.steps.current;
    if (step === 'done' || (this.saved?.answers === this.current && this.saved.step === step)) {
      return;
    }
    this.save();
  }

  /** The store for this endpoint and page, made when first needed (the endpoint may change). */
  private storeFor(): DraftStore<IntakeStep> {
    const checked = checkEndpoint(this.host.endpoint, document.baseURI);
    const endpoint = checked.ok ? checked.url.href : (this.host.endpoint ?? '');
    const key = draftKey(endpoint, location.pathname);
    if (this.store?.key !== key) {
      this.store = { key, store: createDraftStore(pageSessionStorage, key, isStep) };
    }
    return this.store.store;
  }

  /** Takes the saved answers, if any; returns the step to resume at. */
  restore(): IntakeStep | undefined {
    const ttlMs = positiveOr(this.host.draftTtl, DEFAULT_DRAFT_TTL_MINUTES) * 60_000;
    const saved = this.storeFor().load(ttlMs);
    if (!saved) return undefined;
    this.current = saved.draft;
    const { submissionId, submittedAt } = saved;
    // A draft saved by a version that kept no time: the next send takes a new one.
    this.pending = submissionId
      ? { submissionId, submittedAt: submittedAt ?? new Date().toISOString() }
      : undefined;
    this.dirty = true;
    this.hadFiles = saved.hadFiles;
    this.restored = { hadFiles: saved.hadFiles };
    this.restoredAt = saved.step ?? 'about';
    return this.restoredAt;
  }

  /** Saves the answers when the embedder opted in and the patient has answered something. */
  save(): void {
    const step = this.steps.current;
    if (!this.host.saveDraft || !this.dirty || step === 'done') return;
    this.saved = { answers: this.current, step };
    this.storeFor().save({
      draft: this.current,
      step,
      submissionId: this.pending?.submissionId,
      submittedAt: this.pending?.submittedAt,
      hadFiles: this.hadFiles,
    });
  }

  /** The embedder turned drafts off: what was kept goes. */
  clearSaved(): void {
    this.store?.store.clear();
  }

  /** The request was accepted: the saved copy goes, and nothing is saved again. */
  forget(): void {
    this.store?.store.clear();
    this.dirty = false;
  }

  /** Forgets the answers: storage, the answers on screen, the submission id. */
  startOver(): void {
    this.store?.store.clear();
    this.current = emptyDraft();
    this.dirty = false;
    this.hadFiles = false;
    this.pending = undefined;
    this.restored = undefined;
    this.host.requestUpdate();
  }
}
