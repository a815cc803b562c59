/**
 * `@web/test-runner-commands` as the tests import it, with `sendKeys` and `emulateMedia` working
 * in every engine: web-test-runner.config.mjs resolves that package to this file (see
 * test/wtr-engines.mjs), so test files keep their usual import. The stock commands only know
 * Chromium's protocol for media emulation, Puppeteer's key names (its WebDriver BiDi keyboard
 * has no "Space") and, over WebDriver, only `press` and `type`.
 */
import type { Media, SendKeysPayload } from '@web/test-runner-commands';
import { a11ySnapshot as cdpA11ySnapshot, executeServerCommand } from '@web/test-runner-commands';
import { domAccessibilityTree } from './dom-accessibility-tree.js';
import { engine } from './engine.js';

export * from '@web/test-runner-commands';

/**
 * The accessibility tree: the browser's own where the driver can read it (Chromium, through the
 * DevTools protocol), else the ARIA semantics of the DOM (test/dom-accessibility-tree.ts says
 * what that covers and what it cannot).
 */
export function a11ySnapshot(
  payload: Parameters<typeof cdpA11ySnapshot>[0],
): ReturnType<typeof cdpA11ySnapshot> {
  if (engine === 'chromium') return cdpA11ySnapshot(payload);
  return Promise.resolve(
    domAccessibilityTree() as unknown as Awaited<ReturnType<typeof cdpA11ySnapshot>>,
  );
}

export function sendKeys(payload: SendKeysPayload): Promise<void> {
  return executeServerCommand('engine-send-keys', payload);
}

/**
 * Emulates media features. Firefox and WebKit have no protocol command for this: there it succeeds
 * only when the page already has what is asked (their default: light, no reduced motion) and
 * throws otherwise; `canEmulateMedia()` says which.
 */
export async function emulateMedia(media: Media): Promise<void> {
  if (await canEmulateMedia()) return executeServerCommand('engine-emulate-media', media);
  const queries = Object.entries({
    media: media.media,
    'prefers-color-scheme': media.colorScheme,
    'prefers-reduced-motion': media.reducedMotion,
    'forced-colors': media.forcedColors,
  }).flatMap(([feature, value]) =>
    value == null ? [] : [feature === 'media' ? value : `(${feature}: ${value})`],
  );
  const unmet = queries.filter((query) => !matchMedia(query).matches);
  if (unmet.length > 0) {
    throw new Error(`This engine cannot emulate ${unmet.join(', ')} (no protocol command for it)`);
  }
}

/** Whether the engine running the tests can switch media features such as the colour scheme. */
export function canEmulateMedia(): Promise<boolean> {
  return executeServerCommand('engine-can-emulate-media');
}

/**
 * Chooses `files` in the file input `id` inside the shadow root of the first `host` on the page,
 * through the engine's own file-input automation (as a file picker does), not by assigning
 * `input.files` from script.
 */
export async function chooseFiles(host: string, id: string, files: readonly File[]): Promise<void> {
  const encoded = await Promise.all(
    files.map(async (file) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return { name: file.name, base64: btoa(binary) };
    }),
  );
  await executeServerCommand('engine-choose-files', { host, id, files: encoded });
}
