/**
 * The engine the browser tests run in, for the few tests whose expected behaviour differs per
 * engine (each says why; docs/browsers.md lists them).
 */
export type Engine = 'chromium' | 'firefox' | 'webkit';

function detect(userAgent: string): Engine {
  if (/Firefox\//.test(userAgent)) return 'firefox';
  if (/Chrome\//.test(userAgent)) return 'chromium';
  return 'webkit';
}

export const engine: Engine = detect(navigator.userAgent);
