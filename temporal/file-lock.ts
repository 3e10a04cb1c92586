import { randomBytes } from 'node:crypto';
import { link, open, readFile, rm, stat, unlink } from 'node:fs/promises';
import { sleep } from './net.js';
import { isRunning } from './process-group.js';

export interface FileLockOptions {
  /** A lock older than this is assumed abandoned by a crashed process. */
  staleMs?: number;
  /** Give up waiting after this long and run anyway; a lock must never wedge the CLI. */
  timeoutMs?: number;
  /** Called once, when the lock is found held by a live process: the caller may say what it waits for. */
  onWait?: (ownerPid: number | undefined) => void;
  /** Stops the wait: the promise rejects with the signal's reason, and nothing is left held. */
  signal?: AbortSignal;
}

/** Releases a lock taken by {@link acquireFileLock}; safe to call twice, and a no-op when the wait timed out. */
export type ReleaseFileLock = () => Promise<void>;

/** How long a takeover may take before another waiter may break it: it is two file operations. */
const TAKEOVER_STALE_MS = 10_000;

/**
 * Takes an exclusive lock file, so two commands starting at once do not both
 * spawn a server, rebuild dist/ or start a run. Cross-process, no deps.
 *
 * The lock holds `<pid> <token>`, written in full before it appears (a link
 * from a private file), so it is never seen empty. A lock whose owner is dead
 * is taken over at once, so a killed command never makes the next one wait;
 * waiters take it over one at a time (a second, short lock), so two of them
 * never both end up holding it. Release removes the lock only while it is still
 * this holder's.
 */
export async function acquireFileLock(lockPath: string, options: FileLockOptions = {}): Promise<ReleaseFileLock> {
  const staleMs = options.staleMs ?? 120_000;
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  const content = `${process.pid} ${randomBytes(8).toString('hex')}`;
  let told = false;
  for (;;) {
    options.signal?.throwIfAborted();
    if (await createWithContent(lockPath, content)) {
      let held = true;
      return async () => {
        if (!held) return;
        held = false;
        if ((await readFile(lockPath, 'utf8').catch(() => '')) === content) await rm(lockPath, { force: true });
      };
    }
    const owner = await readOwner(lockPath);
    if (owner === undefined) continue; // released in between
    if (owner.ageMs > staleMs || (owner.pid !== undefined && !isRunning(owner.pid))) {
      await takeOver(lockPath, owner.content);
      continue;
    }
    if (Date.now() > deadline) return async () => undefined;
    if (!told) options.onWait?.(owner.pid);
    told = true;
    await sleep(100);
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

/** Creates `path` holding `content`, or returns false when it exists: a link is atomic and never half-written. */
async function createWithContent(path: string, content: string): Promise<boolean> {
  const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const handle = await open(draft, 'wx');
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
  try {
    await link(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}

/**
 * Removes an abandoned lock, unless it changed since it was judged abandoned. One waiter at a time:
 * another's takeover lock makes this one try again later.
 */
async function takeOver(lockPath: string, abandoned: string): Promise<void> {
  const guard = `${lockPath}.takeover`;
  const guardAge = await stat(guard).then((s) => Date.now() - s.mtimeMs, () => undefined);
  if (guardAge !== undefined && guardAge > TAKEOVER_STALE_MS) await rm(guard, { force: true });
  if (!(await createWithContent(guard, String(process.pid)))) return void (await sleep(20));
  try {
    if ((await readFile(lockPath, 'utf8').catch(() => undefined)) === abandoned) await rm(lockPath, { force: true });
  } finally {
    await rm(guard, { force: true });
  }
}

async function readOwner(lockPath: string): Promise<{ content: string; pid: number | undefined; ageMs: number } | undefined> {
  try {
    const [content, stats] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
    const pid = Number(content.split(' ')[0]);
    return { content, pid: Number.isInteger(pid) && pid > 0 ? pid : undefined, ageMs: Date.now() - stats.mtimeMs };
  } catch {
    return undefined;
  }
}
