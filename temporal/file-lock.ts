import { open, readFile, rm, stat } from 'node:fs/promises';
import { isAlive } from './process-group.js';
import { sleep } from './net.js';

export interface FileLockOptions {
  /** A lock older than this is assumed abandoned by a crashed process. */
  staleMs?: number;
  /** Give up waiting after this long and run anyway; a lock must never wedge the CLI. */
  timeoutMs?: number;
  /** Called once, when the lock is found held by a live process: the caller may say what it waits for. */
  onWait?: (ownerPid: number | undefined) => void;
}

/** Releases a lock taken by {@link acquireFileLock}; safe to call twice, and a no-op when the wait timed out. */
export type ReleaseFileLock = () => Promise<void>;

/**
 * Takes an exclusive lock file, so two commands starting at once do not both
 * spawn a server, rebuild dist/ or start a run. Cross-process, no deps. A lock
 * whose owner (the pid written in it) is dead is taken over at once, so a
 * killed command never makes the next one wait.
 */
export async function acquireFileLock(lockPath: string, options: FileLockOptions = {}): Promise<ReleaseFileLock> {
  const staleMs = options.staleMs ?? 120_000;
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  let told = false;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      let held = true;
      return async () => {
        if (held) await rm(lockPath, { force: true });
        held = false;
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lockPath).then((s) => Date.now() - s.mtimeMs, () => 0);
      const owner = await lockOwner(lockPath);
      if (age > staleMs || (owner !== undefined && !isAlive(owner))) await rm(lockPath, { force: true });
      else if (Date.now() > deadline) return async () => undefined;
      else {
        if (!told) options.onWait?.(owner);
        told = true;
        await sleep(100);
      }
    }
  }
}

/** Runs `fn` while holding the lock file (see {@link acquireFileLock}). */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const release = await acquireFileLock(lockPath, options);
  try {
    return await fn();
  } finally {
    await release();
  }
}

/** The pid a lock's owner wrote; undefined while it is being written or when unreadable. */
async function lockOwner(lockPath: string): Promise<number | undefined> {
  const text = await readFile(lockPath, 'utf8').catch(() => '');
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}
