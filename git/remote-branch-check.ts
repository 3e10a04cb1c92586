/**
 * The branch check's remote half, for `--remote` runs: the local run branch
 * may be exactly where Tandem left it while the remote's went elsewhere
 * (someone pushed before Tandem's last push landed). Read-only.
 */
import type { RunLocation } from '../contracts/run.js';
import { remoteDivergedProblem } from './remote-moved.js';
import { readSyncDecision } from './run-branch-sync.js';
import { git } from './run-git.js';

/** Why the run cannot go on with its remote, or undefined when the remote's branch is on Tandem's line. */
export async function remoteBranchProblem(location: RunLocation): Promise<string | undefined> {
  if (!location.remote) return undefined;
  const decision = await readSyncDecision({ repo: location.repo, url: location.remote.url, branch: location.branch, planRelPath: location.planRelPath });
  if (decision.action !== 'diverged') return undefined;
  const base = await git(location.repo, ['merge-base', decision.local, decision.remote], { okExitCodes: [1] });
  return remoteDivergedProblem({ remote: location.remote, branch: location.branch, local: decision.local, remoteSha: decision.remote, ...(base.exitCode === 0 ? { base: base.stdout.trim() } : {}) });
}
