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
