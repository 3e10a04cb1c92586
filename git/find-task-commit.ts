import { branchSha } from './refs.js';
import { logTrailers, type LoggedCommit } from './trailers.js';

export interface FindTaskCommitInput {
  repo: string;
  taskId: string;
  /** Only commits with this `Tandem-Run` trailer count. */
  runId?: string;
  /** Only commits after this one (exclusive), e.g. the task's base commit. */
  sinceSha?: string;
  /** Where to search from; defaults to HEAD. */
  ref?: string;
}

export interface TaskCommit {
  sha: string;
  subject: string;
}

function range(sinceSha: string | undefined, ref: string): string {
  return sinceSha === undefined ? ref : `${sinceSha}..${ref}`;
}

function matches(commit: LoggedCommit, taskId: string, runId: string | undefined): boolean {
  return commit.taskIds.includes(taskId) && (runId === undefined || commit.runIds.includes(runId));
}

/** The newest commit whose `Tandem-Task` trailer names `taskId`, or null. */
export async function findTaskCommit(input: FindTaskCommitInput): Promise<TaskCommit | null> {
  const commits = await logTrailers({ repo: input.repo, range: range(input.sinceSha, input.ref ?? 'HEAD') });
  const found = commits.find((commit) => matches(commit, input.taskId, input.runId));
  return found === undefined ? null : { sha: found.sha, subject: found.subject };
}

export interface TaskCommitsInput {
  repo: string;
  branch: string;
  sinceSha?: string;
  runId?: string;
}

/**
 * Task id → sha of the newest commit carrying that `Tandem-Task` trailer on
 * `branch` (after `sinceSha`). A resumed run skips these tasks, so a task is
 * never committed twice.
 */
export async function taskCommitsOnBranch(input: TaskCommitsInput): Promise<Record<string, string>> {
  // A missing branch simply has no task commits yet (a fresh run).
  if ((await branchSha(input)) === null) return {};
  const commits = await logTrailers({ repo: input.repo, range: range(input.sinceSha, `refs/heads/${input.branch}`) });
  const result = new Map<string, string>();
  for (const commit of commits) {
    if (input.runId !== undefined && !commit.runIds.includes(input.runId)) continue;
    for (const taskId of commit.taskIds) {
      // Newest first: keep the first sha seen for each task.
      if (!result.has(taskId)) result.set(taskId, commit.sha);
    }
  }
  return Object.fromEntries(result);
}
