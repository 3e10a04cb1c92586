/**
 * A run with lanes (`--parallel`) starts from a commit, not from the user's
 * working tree: when that tree has uncommitted changes, one note says which
 * commit the run starts from, so nobody expects their edits to be in it.
 */
import type { PreflightResult } from '../../git/preflight.js';

/** The note for stderr, or undefined when nothing besides the plan file is uncommitted. */
export function dirtyTreeNote(pre: Pick<PreflightResult, 'uncommittedPaths' | 'headSha' | 'currentBranch' | 'runBranch' | 'runBranchSha'>): string | undefined {
  if (pre.uncommittedPaths.length === 0) return undefined;
  // A resumed run goes on from its own branch, whatever the checkout is on.
  const [sha, branch, verb] = pre.runBranchSha ? [pre.runBranchSha, pre.runBranch, 'goes on'] : [pre.headSha, pre.currentBranch, 'starts'];
  const count = pre.uncommittedPaths.length;
  return (
    `tandem: the run ${verb} from commit ${sha.slice(0, 8)} of ${branch}; ` +
    `uncommitted changes (other than the plan file) are not part of it (${count} path${count === 1 ? '' : 's'}, e.g. ${pre.uncommittedPaths[0]}).\n`
  );
}
