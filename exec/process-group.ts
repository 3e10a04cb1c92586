/**
 * Killing a command means killing its whole process group: `npm test` forks node,
 * which forks workers; `sleep 1000 &` outlives the shell. Commands are started as
 * group leaders (`detached`), so the group id is the leader's pid.
 */

const liveGroups = new Set<number>();
let exitHookInstalled = false;

/** Sends `signal` to every process in the group led by `pid`. False when none is left. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is already gone
  }
}

/**
 * Resolves once no process of the group led by `pid` is left (true), or after
 * `timeoutMs` (false). A SIGKILL is delivered asynchronously, so a killed job can
 * still be listed for a moment after kill() returns.
 */
export async function waitForGroupExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(-pid, 0); // signal 0: only asks whether any member is left
    } catch {
      return true;
    }
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * SIGTERM to the group now, SIGKILL after `graceMs` for whatever ignored it.
 * Returns a function that cancels the pending SIGKILL.
 */
export function terminateGroup(pid: number, graceMs: number): () => void {
  if (!signalGroup(pid, 'SIGTERM')) return () => {};
  const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
  timer.unref();
  return () => clearTimeout(timer);
}

/**
 * Remembers a group so it is killed if this process exits normally while the
 * command still runs. (A SIGKILLed worker cannot clean up; sandboxed commands are
 * covered by bwrap's --die-with-parent instead.)
 */
export function trackGroup(pid: number): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const group of liveGroups) signalGroup(group, 'SIGKILL');
    });
  }
  liveGroups.add(pid);
  return () => liveGroups.delete(pid);
}
