/**
 * After an external agent's session: whatever it did to git becomes plain
 * changes in the worktree again, so Tandem makes the task's one commit (or
 * rolls it back) by its usual rules. Its commits are folded (`reset --soft` to
 * where the session started), a branch switch is undone (the run's branch is
 * checked out again over the same files), and a stash it left is rejected.
 */
import { git, gitLine } from './run-git.js';

export interface GitMarks {
  /** HEAD's commit when the session started. */
  head: string;
  /** refs/stash then, or '' for none. */
  stash: string;
}

/** Where git stands before a session, to compare with afterwards. */
export async function gitMarks(repo: string): Promise<GitMarks> {
  const head = await gitLine(repo, ['rev-parse', 'HEAD']);
  const stash = await gitLine(repo, ['rev-parse', '-q', '--verify', 'refs/stash'], { okExitCodes: [1] });
  return { head, stash };
}

/** Puts git back to `marks` on `branch`, keeping every file as the agent left it; returns one note per thing undone. */
export async function foldAgentWork(input: { repo: string; branch: string; marks: GitMarks }): Promise<string[]> {
  const { repo, branch, marks } = input;
  const notes: string[] = [];
  const current = await gitLine(repo, ['symbolic-ref', '-q', 'HEAD'], { okExitCodes: [1] });
  if (current !== `refs/heads/${branch}`) {
    // Point HEAD back at the run's branch without touching files: what the agent left stays as changes.
    await git(repo, ['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
    notes.push(`the agent left ${current ? current.replace('refs/heads/', 'branch ') : 'a detached HEAD'}; back on ${branch}`);
  }
  const head = await gitLine(repo, ['rev-parse', 'HEAD']);
  if (head !== marks.head) {
    const count = await gitLine(repo, ['rev-list', '--count', `${marks.head}..${head}`], { okExitCodes: [128] });
    await git(repo, ['reset', '--soft', marks.head]);
    notes.push(`folded ${count || 'the'} commit(s) the agent made into the task's changes`);
  }
  const stash = await gitLine(repo, ['rev-parse', '-q', '--verify', 'refs/stash'], { okExitCodes: [1] });
  if (stash !== marks.stash) {
    if (marks.stash) await git(repo, ['update-ref', 'refs/stash', marks.stash]);
    else await git(repo, ['update-ref', '-d', 'refs/stash']);
    notes.push('rejected a stash the agent made (stashed changes are not part of the task)');
  }
  // Files the agent staged are just changes: the commit step stages what it takes.
  await git(repo, ['reset', '-q']);
  return notes;
}
