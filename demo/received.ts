/**
 * The demo's staff portal: a "Sign in" button stands in for the clinic's own sign-in
 * (demo/auth/demo-auth.ts), and the inbox gets its token from this page through `getToken`.
 * The token is kept in this page's memory only, until shortly before it expires.
 */
import { defineSecondOpinionInbox } from '../src/inbox/index.ts';
import { setUpLocalization } from '../src/localization.ts';

setUpLocalization();
defineSecondOpinionInbox();

const TOKEN_URL = '/demo/auth/token';
/** Ask for a new token this long before the current one expires. */
const RENEW_BEFORE_MS = 30_000;

const inbox = document.querySelector('second-opinion-inbox')!;
const signedOut = document.querySelector<HTMLElement>('#signed-out')!;
const signedIn = document.querySelector<HTMLElement>('#signed-in')!;
const statusLine = document.querySelector<HTMLElement>('#sign-in-status')!;
const localeSelect = document.querySelector<HTMLSelectElement>('#inbox-locale')!;

let session: { token: string; expiresAt: number } | undefined;

async function requestToken(): Promise<{ token: string; expiresAt: number }> {
  const response = await fetch(TOKEN_URL, { method: 'POST', cache: 'no-store' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = (await response.json()) as { access_token: string; expires_in: number };
  return { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
}

/** What the inbox calls before each request: the session's token, renewed when it runs out. */
async function getToken(): Promise<string> {
  if (!session) throw new Error('signed out');
  if (Date.now() > session.expiresAt - RENEW_BEFORE_MS) session = await requestToken();
  return session.token;
}

function show(isSignedIn: boolean): void {
  signedOut.hidden = isSignedIn;
  signedIn.hidden = !isSignedIn;
  inbox.hidden = !isSignedIn;
}

async function signIn(): Promise<void> {
  statusLine.textContent = 'Signing in…';
  try {
    session = await requestToken();
  } catch (error) {
    statusLine.textContent = `Could not sign in (${(error as Error).message}). Is the dev server running (npm start)?`;
    return;
  }
  statusLine.textContent = 'Signed in as demo-clinician.';
  show(true);
  if (inbox.getToken) await inbox.reload();
  else inbox.getToken = getToken;
  inbox.shadowRoot?.querySelector<HTMLElement>('#view-heading')?.focus();
}

function signOut(): void {
  session = undefined;
  show(false);
  statusLine.textContent = 'Signed out.';
  document.querySelector<HTMLButtonElement>('#sign-in')!.focus();
}

document.querySelector('#sign-in')!.addEventListener('click', () => void signIn());
document.querySelector('#sign-out')!.addEventListener('click', signOut);
localeSelect.addEventListener('change', () => {
  inbox.locale = localeSelect.value;
});
// The server refused the token (expired, or the dev server restarted with a new key).
inbox.addEventListener('inbox-unauthorized', () => {
  session = undefined;
  show(false);
  statusLine.textContent = 'Your sign-in has ended. Sign in again.';
});
