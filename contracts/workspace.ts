/**
 * Where a `--parallel` run's worktrees live, named the same way by the
 * workflow and the activities (plain strings: workflow code has no node:path).
 */

/** The run branch's own worktree: plan, marks, baseline, integrations. */
export function runWorktreeDir(workspaceRoot: string): string {
  return `${trimSlash(workspaceRoot)}/run`;
}

/** One task's worktree; an attempt on a new base gets it afresh. */
export function taskWorktreeDir(workspaceRoot: string, taskId: string): string {
  return `${trimSlash(workspaceRoot)}/tasks/${taskId}`;
}

/** The branch a task works on, beside the run branch: `tandem/x` → `tandem/x--T3` (`tandem/x/T3` would clash with the ref `tandem/x`). */
export function laneBranch(runBranch: string, taskId: string): string {
  return `${runBranch}--${taskId}`;
}

function trimSlash(path: string): string {
  return path.replace(/\/+$/, '');
}
