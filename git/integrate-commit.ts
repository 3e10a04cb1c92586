/**
 * Puts a task's one commit on top of the run branch (`--parallel`), in the
 * run's own worktree: a fast-forward when nothing landed since the task's
 * base, else a cherry-pick. The plan file is always the head's plus this
 * task's `[x]`, so two tasks ticking neighbouring lines never conflict. The
 * caller tests the result before `commitPicked` makes it the new head.
 */
import { commitIdentityEnv } from './identity.js';
import { headSha } from './refs.js';
import { git } from './run-git.js';

export type PickResult =
  /** The task's commit is now the head: nothing landed since its base, so the tree is the one its tests passed on. */
  | { status: 'fast-forward'; sha: string }
  /** Its change is applied to the worktree and index on top of the head, not committed yet. */
  | { status: 'picked' }
  /** It does not apply: the worktree is back at the head. */
  | { status: 'conflict'; files: string[]; detail: string };

export interface PickInput {
  /** The run's worktree, on the run branch, clean, at `head`. */
  repo: string;
  head: string;
  taskSha: string;
  /** The commit the task started from (its commit's parent). */
  taskBase: string;
  planRelPath: string;
  /** Writes the head's plan plus this task's mark into the worktree. */
  markPlan: () => Promise<void>;
}

export async function pickTaskCommit(input: PickInput): Promise<PickResult> {
  const { repo, taskSha, head } = input;
  if (input.taskBase === head) {
    await git(repo, ['merge', '--ff-only', '--quiet', taskSha]);
    return { status: 'fast-forward', sha: taskSha };
  }
  const picked = await git(repo, ['cherry-pick', '--no-commit', '--allow-empty', taskSha], { okExitCodes: [1] });
  if (picked.exitCode !== 0) {
    const unmerged = (await git(repo, ['diff', '--name-only', '-z', '--diff-filter=U'])).stdout.split('\0').filter(Boolean);
    const others = unmerged.filter((file) => file !== input.planRelPath);
    if (unmerged.length === 0 || others.length > 0) {
      await backToHead(repo, head);
      return { status: 'conflict', files: others, detail: (picked.stderr || picked.stdout).trim() };
    }
  }
  // Clean or conflicting in the plan file only: either way the plan is the head's plus this task's mark.
  await input.markPlan();
  await git(repo, ['add', '--', input.planRelPath]);
  return { status: 'picked' };
}

/**
 * Commits what `pickTaskCommit` applied, with the task commit's message and
 * author (its trailers included): the task still has one commit on the branch.
 */
export async function commitPicked(input: { repo: string; taskSha: string }): Promise<string> {
  // `git commit` also clears the state a conflicting pick (resolved in the plan file) left.
  // Never empty: the task's commit holds at least its `[x]`, so an empty one means the tree is not what was picked.
  await git(input.repo, ['commit', '--quiet', '--no-verify', '--cleanup=verbatim', '--reuse-message', input.taskSha], {
    env: await commitIdentityEnv({ repo: input.repo }),
  });
  return headSha({ repo: input.repo });
}

/** Drops whatever a pick left in the worktree and index; the branch stays at `head`. */
export async function backToHead(repo: string, head: string): Promise<void> {
  await git(repo, ['cherry-pick', '--quit'], { okExitCodes: [128] });
  await git(repo, ['reset', '--hard', '--quiet', head]);
  await git(repo, ['clean', '-fd', '--quiet']);
}
