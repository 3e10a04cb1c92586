/**
 * A git killed while it held a lock (SIGKILL mid-commit, an OOM kill, a
 * worker host losing power) leaves `index.lock` or `<ref>.lock` behind, and
 * every later git command that needs the lock fails with "File exists" until
 * someone deletes it. Git records no owner in the file, so a lock counts as
 * stale when no git process works in that repository any more.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import path from 'node:path';

/** Older than this, a lock is stale on systems where we cannot see other processes. */
const STALE_AFTER_MS = 10 * 60 * 1000;

/** The lock file git could not create, from its "Unable to create '….lock': File exists." message. */
export function lockFromError(stderr: string): string | undefined {
  const match = /Unable to create '([^']+\.lock)': File exists/.exec(stderr);
  return match?.[1];
}

/**
 * True when a git process runs in `worktree` (its cwd is there or below,
 * which covers its .git directory too), other than a `git cat-file --batch`. Undefined when processes cannot be
 * listed (no /proc).
 */
export function gitRunsIn(worktree: string): boolean | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const root = path.resolve(worktree);
  for (const pid of pids) {
    let comm: string;
    try {
      comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      continue; // exited meanwhile
    }
    if (comm !== 'git' && !comm.startsWith('git-')) continue;
    // A `cat-file --batch` reader (Tandem's object readers, any worker's) stays in the repository but never takes a lock.
    if (isObjectReader(pid)) continue;
    let cwd: string;
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch (error) {
      // Gone meanwhile, or a zombie not reaped yet (it has no cwd, and holds no lock).
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      return true; // a git we may not inspect (another user's): assume it is busy here
    }
    if (cwd === root || cwd.startsWith(`${root}${path.sep}`)) return true;
  }
  return false;
}

function isObjectReader(pid: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8') === 'git\0cat-file\0--batch\0';
  } catch {
    return false;
  }
}

/**
 * Removes `lockPath` when it is stale and says so on the console. Returns true
 * when it was removed (the failed command may be run again), false when a git
 * may still be holding it or the lock is outside `worktree`'s repository.
 */
export function removeStaleLock(worktree: string, lockPath: string): boolean {
  const lock = path.resolve(worktree, lockPath);
  // Only git's own lock files inside a .git directory, never anything the message could point elsewhere.
  if (!lock.split(path.sep).includes('.git')) return false;
  let ageMs: number;
  try {
    ageMs = Date.now() - lstatSync(lock).mtimeMs;
  } catch {
    return true; // gone already: the holder finished, the command may simply run again
  }
  const busy = gitRunsIn(worktree);
  if (busy === true || (busy === undefined && ageMs < STALE_AFTER_MS)) return false;
  rmSync(lock, { force: true });
  console.warn(`tandem: removed stale git lock ${lock} (left by a git process that was killed; no git runs in ${worktree})`);
  return true;
}
