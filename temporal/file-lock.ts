import { open, rm, stat } from 'node:fs/promises';
import { sleep } from './net.js';

export interface FileLockOptions {
  /** A lock older than this is assumed abandoned by a crashed process. */
  staleMs?: number;
  /** Give up waiting after this long and run anyway; a lock must never wedge the CLI. */
  timeoutMs?: number;
}

/**
 * Runs `fn` while holding an exclusive lock file, so two commands starting at
 * once do not both spawn a server (or both rebuild dist/). Cross-process, no deps.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const staleMs = options.staleMs ?? 120_000;
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  let held = false;
  while (!held) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      held = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lockPath).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > staleMs) await rm(lockPath, { force: true });
      else if (Date.now() > deadline) break;
      else await sleep(100);
    }
  }
  try {
    return await fn();
  } finally {
    if (held) await rm(lockPath, { force: true });
  }
}
