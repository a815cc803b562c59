/**
 * Claims on idempotency keys for the embedded store, kept on disk so that they hold across
 * store instances on one data folder (two processes on one machine, or a restart) and end with
 * a crashed process: `claims/<key hash>/` is created with `mkdir` (atomic: exactly one of many
 * concurrent creators succeeds), holds `claim.json` (owner token, process id, lease) and the
 * request being received (`request/`), and is taken over or removed once its lease ran out or
 * its process is gone.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DIRECTORY_MODE, errnoOf, FILE_MODE, isMissing } from './durable-files.js';

export interface ClaimFile {
  token: string;
  pid: number;
  leaseMs: number;
  fingerprint: string;
}

/** A claim folder whose claim.json never appeared (its creator died at once) counts after this. */
const UNWRITTEN_CLAIM_GRACE_MS = 5_000;
/** How often writing to a claim renews its lease. */
export const RENEW_EVERY_MS = 1_000;

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return errnoOf(error) === 'EPERM';
  }
}

async function readClaim(dir: string): Promise<ClaimFile | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'claim.json'), 'utf8')) as ClaimFile;
  } catch (error) {
    if (isMissing(error) || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** Whether the claim in `dir` may be taken over or removed; undefined when there is none. */
export async function claimExpired(dir: string, now = Date.now()): Promise<boolean | undefined> {
  let modified: number;
  try {
    modified = (await stat(dir)).mtimeMs;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  const claim = await readClaim(dir);
  if (!claim) return now - modified > UNWRITTEN_CLAIM_GRACE_MS;
  return !processAlive(claim.pid) || now - modified >= claim.leaseMs;
}

/** Creates the claim folder; false when another claim holds it. */
export async function createClaim(dir: string, claim: ClaimFile): Promise<boolean> {
  try {
    await mkdir(dir, { mode: DIRECTORY_MODE });
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    // Not flushed: a claim need not survive a power cut (its request starts again), and an
    // unwritten claim.json counts as expired after a few seconds.
    await writeFile(join(dir, 'claim.json'), JSON.stringify(claim), {
      flag: 'wx',
      mode: FILE_MODE,
    });
  } catch (error) {
    // A disk too full for claim.json: the empty claim must not hold the key.
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return true;
}

export async function ownsClaim(dir: string, token: string): Promise<boolean> {
  return (await readClaim(dir))?.token === token;
}

/** Extends the lease: the folder's modification time is when it was last renewed. */
export async function renewClaim(dir: string): Promise<void> {
  const now = new Date();
  await utimes(dir, now, now);
}

/**
 * Moves a claim folder out of the way in one rename (so only one of several racing callers
 * succeeds, and a stale owner's commit finds nothing), then deletes it. False when it was gone.
 */
export async function discardFolder(dir: string, trashDir: string): Promise<boolean> {
  const doomed = join(trashDir, randomBytes(12).toString('hex'));
  try {
    await rename(dir, doomed);
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
  await rm(doomed, { recursive: true, force: true });
  return true;
}

export const newToken = () => randomBytes(16).toString('hex');
