/**
 * The endpoint client's defaults, in a module of their own so that the intake's attributes can
 * share them without bringing the client (or its retry code) into the script tag's first load.
 */

/** Milliseconds an attempt may take, unless the caller says otherwise. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Attempts per send, the first included. */
export const DEFAULT_MAX_ATTEMPTS = 4;
