import type { EndpointProblem } from '../schema/endpoint-problem.js';

export type { EndpointProblem } from '../schema/endpoint-problem.js';

/**
 * Which endpoints the widget will send health data to: `https:` anywhere, plain `http:` only
 * to this machine (development). Anything else is a configuration error and nothing is sent.
 */
export type EndpointCheck = { ok: true; url: URL } | { ok: false; problem: EndpointProblem };

function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    /^127(\.\d{1,3}){3}$/.test(hostname) ||
    hostname === '[::1]'
  );
}

/** Resolves `endpoint` (absolute, or relative to `base`, the page URL) and checks it. */
export function checkEndpoint(endpoint: string | null | undefined, base: string): EndpointCheck {
  const raw = endpoint?.trim();
  if (!raw) return { ok: false, problem: 'missing' };
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return { ok: false, problem: 'invalid' };
  }
  if (url.username || url.password) return { ok: false, problem: 'invalid' };
  if (url.protocol === 'https:') return { ok: true, url };
  if (url.protocol === 'http:') {
    return isLoopback(url.hostname) ? { ok: true, url } : { ok: false, problem: 'insecure' };
  }
  return { ok: false, problem: 'invalid' };
}
