/**
 * `--parallel`: a task's activities work in its own worktree, the run's in
 * the run's. If a person deleted one by hand, every activity would fail slowly through its retries,
 * and git, run in a plain folder, could even find some other repository
 * further up. Refused at once instead, as `WorkspaceMissing`: the run starts
 * a task's attempt again from a fresh worktree (workflows/lanes.ts), and ends
 * with that error when its own worktree is gone (`tandem run` again makes it anew).
 */
import { existsSync } from 'node:fs';
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInboundCallsInterceptor, ActivityInterceptors } from '@temporalio/worker';
import { runWorktreeDir, taskWorktreeDir } from '../contracts/workspace.js';
import type { RunLocation } from '../contracts/run.js';

export const WORKSPACE_MISSING = 'WorkspaceMissing';

/** The Tandem worktree an activity's input works in (the run's or a task's), when it is one; not the user's checkout. */
export function taskWorktreeOf(args: unknown[]): string | undefined {
  const location = (args[0] as { location?: Partial<RunLocation> } | undefined)?.location;
  if (!location?.workspaceRoot || !location.repo) return undefined;
  const inside = location.repo.startsWith(taskWorktreeDir(location.workspaceRoot, '')) || location.repo === runWorktreeDir(location.workspaceRoot);
  return inside ? location.repo : undefined;
}

const workspaceGuard: ActivityInboundCallsInterceptor = {
  async execute(input, next) {
    const dir = taskWorktreeOf(input.args);
    if (dir !== undefined && !existsSync(`${dir}/.git`)) {
      // A task's is made again by the run; the run's own, by running `tandem run` again once this run has ended.
      throw ApplicationFailure.create({ type: WORKSPACE_MISSING, nonRetryable: true, message: `the worktree ${dir} is gone (deleted by hand?)` });
    }
    return next(input);
  },
};

export function workspaceGuardInterceptors(): ActivityInterceptors {
  return { inbound: workspaceGuard };
}
