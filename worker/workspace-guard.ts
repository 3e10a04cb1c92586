/**
 * `--parallel`: a task's activities work in its own worktree. If a person
 * deleted it by hand, every activity would fail slowly through its retries,
 * and git, run in a plain folder, could even find some other repository
 * further up. Refused at once instead, as `WorkspaceMissing`, so the run
 * starts the attempt again from a fresh worktree (workflows/lanes.ts).
 */
import { existsSync } from 'node:fs';
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInboundCallsInterceptor, ActivityInterceptors } from '@temporalio/worker';
import { taskWorktreeDir } from '../contracts/workspace.js';
import type { RunLocation } from '../contracts/run.js';

export const WORKSPACE_MISSING = 'WorkspaceMissing';

/** The task worktree an activity's input works in, when it is one (not the user's checkout, not the run's worktree). */
export function taskWorktreeOf(args: unknown[]): string | undefined {
  const location = (args[0] as { location?: Partial<RunLocation> } | undefined)?.location;
  if (!location?.workspaceRoot || !location.repo) return undefined;
  const tasks = taskWorktreeDir(location.workspaceRoot, '');
  return location.repo.startsWith(tasks) ? location.repo : undefined;
}

const workspaceGuard: ActivityInboundCallsInterceptor = {
  async execute(input, next) {
    const dir = taskWorktreeOf(input.args);
    if (dir !== undefined && !existsSync(`${dir}/.git`)) {
      throw ApplicationFailure.create({ type: WORKSPACE_MISSING, nonRetryable: true, message: `the task's worktree ${dir} is gone (deleted by hand?)` });
    }
    return next(input);
  },
};

export function workspaceGuardInterceptors(): ActivityInterceptors {
  return { inbound: workspaceGuard };
}
