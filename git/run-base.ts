/**
 * Where a run's branch began: the commit before the first one a run with this
 * id made (its plan commit or its first task), so the whole branch diff covers
 * every task, those of an earlier run of the same plan included.
 */
import { headSha } from './refs.js';
import { git, gitLine } from './run-git.js';
import { logTrailers } from './trailers.js';

/** The parent of the oldest commit on HEAD with `Tandem-Run: runId`; HEAD itself when the run made none. */
export async function runBaseSha(input: { repo: string; runId: string }): Promise<string> {
  const commits = await logTrailers({ repo: input.repo, range: 'HEAD' });
  const oldest = commits.filter((commit) => commit.runIds.includes(input.runId)).at(-1);
  if (!oldest) return headSha({ repo: input.repo });
  const parent = await git(input.repo, ['rev-parse', '--verify', '--quiet', `${oldest.sha}^`], { okExitCodes: [1, 128] });
  // A run whose first commit is the repository's root: diff from that commit (its own files count as given).
  return parent.exitCode === 0 ? parent.stdout.trim() : oldest.sha;
}

/** `abc1234 T2: Write beta`, one line per commit after `baseSha`, oldest first. */
export async function commitsSince(input: { repo: string; baseSha: string }): Promise<string> {
  return gitLine(input.repo, ['log', '--reverse', '--format=%h %s', `${input.baseSha}..HEAD`]);
}
