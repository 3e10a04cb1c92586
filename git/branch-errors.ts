import { TandemError } from '../errors/tandem-error.js';
import type { BranchIntegrity } from './branch-integrity.js';

/*
 * The errors for "the run branch is not as Tandem left it". They tell the user
 * what happened and that Tandem changed nothing; the run pauses on them.
 */

function short(sha: string): string {
  return sha.slice(0, 10);
}

/** A TandemError describing a non-ok integrity result. */
export function integrityError(branch: string, integrity: Exclude<BranchIntegrity, { status: 'ok' }>): TandemError {
  switch (integrity.status) {
    case 'deleted':
      return new TandemError(`The run branch "${branch}" was deleted while the run was going on.`, {
        code: 'GIT_BRANCH_DELETED',
        hint: `Recreate it (\`git branch ${branch} <sha>\`, see \`git reflog\`) and resume, or cancel the run.`,
        context: { branch },
      });
    case 'switched':
      return new TandemError(
        `The run branch "${branch}" is no longer checked out (HEAD is ${integrity.currentBranch === null ? 'detached' : `on "${integrity.currentBranch}"`}).`,
        {
          code: 'GIT_BRANCH_SWITCHED',
          hint: `Run \`git switch ${branch}\` and resume; Tandem changed nothing.`,
          context: { branch, currentBranch: integrity.currentBranch ?? undefined },
        },
      );
    case 'moved': {
      const listed = integrity.foreignCommits
        .slice(0, 5)
        .map((commit) => `${short(commit.sha)} ${commit.subject}`)
        .join('; ');
      const what = integrity.rewritten ? 'was rewritten' : 'has commits Tandem did not make';
      return new TandemError(`The run branch "${branch}" ${what}${listed ? `: ${listed}` : ''}. Tandem changed nothing.`, {
        code: 'GIT_BRANCH_MOVED',
        hint: `Keep your commits on another branch (\`git branch my-work ${short(integrity.head)}\`), reset "${branch}" to where Tandem left it, then resume.`,
        context: { branch, head: integrity.head, foreignCommits: integrity.foreignCommits.length },
      });
    }
  }
}
