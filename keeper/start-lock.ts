/**
 * The lock a worker holds while it starts a call keeper, so two workers
 * arriving together start one. Each lock file holds its worker's pid and a
 * random token, and is known by that text, not its name: a stale lock (its
 * worker died while starting a keeper) is taken over by renaming it aside and
 * checking that what moved is the lock judged stale, so a lock another worker
 * has just taken is never deleted; and a worker releases only its own lock.
 */
import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { isRunning } from '../temporal/process-group.js';

/** A lock older than this belongs to a worker that died while starting a keeper. */
const STALE_LOCK_MS = 10_000;

export interface StartLock {
  release(): Promise<void>;
}

/** The lock, or undefined when another worker holds it (a stale one is cleared for the next try). */
export async function takeLock(path: string): Promise<StartLock | undefined> {
  const text = `${process.pid} ${randomBytes(8).toString('hex')}\n`;
  try {
    const handle = await open(path, 'wx', 0o600);
    await handle.writeFile(text);
    await handle.close();
    return { release: () => removeIfHolds(path, text) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const judged = await readFile(path, 'utf8').catch(() => undefined);
    if (judged !== undefined && (await isStaleLock(path, judged))) await removeStaleLock(path, judged);
    return undefined;
  }
}

/**
 * Removes the lock at `path` if it still holds `staleText`. It is first renamed aside
 * (atomic), so no other worker can take the name while we look; if what moved is a newer
 * lock, it is put back (`link` never replaces a lock taken meanwhile).
 */
export async function removeStaleLock(path: string, staleText: string): Promise<void> {
  const aside = `${path}.${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch {
    return; // gone already: someone else took it over
  }
  try {
    if ((await readFile(aside, 'utf8').catch(() => undefined)) !== staleText) await link(aside, path).catch(() => undefined);
  } finally {
    await rm(aside, { force: true });
  }
}

async function removeIfHolds(path: string, text: string): Promise<void> {
  if ((await readFile(path, 'utf8').catch(() => undefined)) === text) await rm(path, { force: true });
}

/** Its worker is gone (killed while starting a keeper), or it is older than any start takes. */
async function isStaleLock(path: string, text: string): Promise<boolean> {
  const pid = Number(text.trim().split(' ')[0]);
  if (Number.isInteger(pid) && pid > 0 && !isRunning(pid)) return true;
  const age = await stat(path).then((s) => Date.now() - s.mtimeMs, () => 0);
  return age > STALE_LOCK_MS;
}
