/**
 * The messages between `<second-opinion-intake mode="isolated">` on the host page and the
 * isolation frame (docs/isolation.md). Types and constants only, no code that runs: the host
 * loader imports this without growing, and the frame validates with the schemas in
 * messages.ts, which follow these types (checked there).
 *
 * Nothing that goes from the frame to the host may carry a field value: any script on the
 * host page can listen to `message` events. Step ids, positions, the reference and error kinds
 * only — what the in-page element's events carry too, except `intake-submit`, which the frame
 * never forwards.
 */
import type { IntakeErrorDetail, IntakeStepChangeDetail, IntakeSuccessDetail } from '../events.js';

/** Every message carries it, so neither side mistakes another library's message for one. */
export const PROTOCOL = 'second-opinion-intake/isolation@1';

/** The path of the frame page below the endpoint: `{endpoint}/frame`. */
export const FRAME_PATH = '/frame';

/** The `--second-opinion-*` tokens (docs/theming.md) the host reads and the frame applies. */
export const THEME_TOKENS = [
  'accent',
  'on-accent',
  'text',
  'muted-text',
  'surface',
  'surface-alt',
  'border',
  'error',
  'warning-surface',
  'focus-ring',
  'radius',
  'font',
  'font-size',
  'spacing',
] as const;

/** What the host sends: the element's configuration, never anything a patient typed. */
export interface FrameConfig {
  /** The element's `locale`, when set. */
  locale?: string;
  /** The nearest `lang` and the `dir` around the element on the host page. */
  lang?: string;
  dir?: 'ltr' | 'rtl';
  /** The host's colour scheme: the element's `theme`, else the host's `prefers-color-scheme`. */
  theme: 'light' | 'dark';
  organization?: string;
  insurer?: string;
  serviceCountry?: string;
  /** Absolute (`https:`, or `http:` on loopback): resolved against the host page. */
  privacyUrl?: string;
  partners: string[];
  format: 'json' | 'fhir';
  showLanguageSwitcher: boolean;
  timeout?: number;
  maxAttempts?: number;
  saveDraft: boolean;
  draftTtl?: number;
  /** Token name without the `--second-opinion-` prefix → its computed value on the host. */
  tokens: Partial<Record<(typeof THEME_TOKENS)[number], string>>;
}

export interface ConfigMessage {
  protocol: typeof PROTOCOL;
  kind: 'config';
  config: FrameConfig;
}

/** From the frame: it listens (the host answers with the configuration). */
export interface ReadyMessage {
  protocol: typeof PROTOCOL;
  kind: 'ready';
}

/** From the frame: the height of its content in CSS pixels. */
export interface HeightMessage {
  protocol: typeof PROTOCOL;
  kind: 'height';
  height: number;
}

export type FrameEventMessage = { protocol: typeof PROTOCOL; kind: 'event' } & (
  | { name: 'intake-step-change'; detail: IntakeStepChangeDetail }
  | { name: 'intake-success'; detail: IntakeSuccessDetail }
  | { name: 'intake-error'; detail: IntakeErrorDetail }
);

export type FrameMessage = ReadyMessage | HeightMessage | FrameEventMessage;
