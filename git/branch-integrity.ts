import { branchSha, currentBranch, isAncestor, resolveCommit } from './refs.js';
import { logTrailers } from './trailers.js';

export interface CommitSummary {
  sha: string;
  subject: string;
}

export interface BranchIntegrityInput {
  repo: string;
  branch: string;
  /** The branch head Tandem last produced or observed. */
  expectedHead: string;
  /** When given, only commits with this `Tandem-Run` trailer count as Tandem's. */
  runId?: string;
  /** The branch's head as the caller just read it, to save reading it again; null: the branch is gone. */
  head?: string | null;
}

export type BranchIntegrity =
  /** `head` is `expectedHead`, or only Tandem commits follow it (e.g. a commit whose reply was lost). */
  | { status: 'ok'; head: string }
  /** Someone else committed, or rewrote history (`rewritten`: expectedHead is no longer an ancestor). */
  | { status: 'moved'; head: string; foreignCommits: CommitSummary[]; rewritten: boolean }
  | { status: 'deleted' }
  /** HEAD is on another branch (`null`: detached). */
  | { status: 'switched'; currentBranch: string | null };

const MAX_LISTED_COMMITS = 50;

/** Commits in `since..head` that Tandem did not make (no matching `Tandem-Run` trailer), newest first. */
export async function foreignCommitsSince(input: {
  repo: string;
  since: string;
  head: string;
  runId?: string;
}): Promise<CommitSummary[]> {
  const commits = await logTrailers({ repo: input.repo, range: `${input.since}..${input.head}` });
  return commits
    .filter((commit) => (input.runId === undefined ? commit.runIds.length === 0 : !commit.runIds.includes(input.runId)))
    .slice(0, MAX_LISTED_COMMITS)
    .map(({ sha, subject }) => ({ sha, subject }));
}

/**
 * Tells whether the run branch is still as Tandem left it. Read-only: the
 * caller decides (pause and report); nothing here ever moves a ref.
 */
export async function checkBranchIntegrity(input: BranchIntegrityInput): Promise<BranchIntegrity> {
  const { repo, branch } = input;
  const head = input.head !== undefined ? input.head : await branchSha({ repo, branch });
  if (head === null) return { status: 'deleted' };
  const checkedOut = await currentBranch({ repo });
  if (checkedOut !== branch) return { status: 'switched', currentBranch: checkedOut };
  if (head === input.expectedHead) return { status: 'ok', head };

  const expected = await resolveCommit({ repo, rev: input.expectedHead });
  if (expected !== null && (await isAncestor({ repo, ancestor: expected, descendant: head }))) {
    const foreignCommits = await foreignCommitsSince({ repo, since: expected, head, runId: input.runId });
    return foreignCommits.length === 0 ? { status: 'ok', head } : { status: 'moved', head, foreignCommits, rewritten: false };
  }
  // History was rewritten (reset, amend, rebase): every commit Tandem has not seen is suspect.
  const range = expected === null ? head : `${expected}..${head}`;
  const unseen = await logTrailers({ repo, range, max: MAX_LISTED_COMMITS });
  return {
    status: 'moved',
    head,
    foreignCommits: unseen.map(({ sha, subject }) => ({ sha, subject })),
    rewritten: true,
  };
}
