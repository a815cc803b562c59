import type { ReactiveControllerHost } from 'lit';
import { loadOnce } from '../../once.js';

/**
 * The intake's lazy-loading boundary: the rest of the intake (./intake-flow.ts: checks, the
 * contact and review steps, sending) is loaded after the first render, so the first step never
 * waits for zod or the network code. Free of that code itself (its type only), so it is part of
 * the first load.
 */
export class LazyFlow<Flow> {
  private current?: Flow;
  /** Loads the flow once; a failed load (offline for a moment) is tried again on the next call. */
  readonly load: () => Promise<Flow>;

  constructor(
    host: ReactiveControllerHost,
    create: () => Promise<Flow>,
    /** Tells the patient the rest of the form could not be loaded. */
    private readonly onFailure: () => void,
  ) {
    this.load = loadOnce(async () => {
      this.current = await create();
      host.requestUpdate();
      return this.current;
    });
  }

  /** The flow, once loaded. */
  loaded(): Flow | undefined {
    return this.current;
  }

  /** Runs `action` once the flow is there; says so when it cannot be loaded. */
  async whenLoaded(action: (flow: Flow) => unknown): Promise<void> {
    let flow: Flow;
    try {
      flow = this.current ?? (await this.load());
    } catch {
      this.onFailure();
      return;
    }
    action(flow);
  }
}
