/**
 * Where a run's branch began: the commit before the first one a run with this
 * id made (its plan commit or its first task), so the whole branch diff covers
 * every task, those of an earlier run of the same plan included.
 */
import { headSha } from './refs.js';
import { git, gitLine } from './run-git.js';
import { logTrailers, TRAILER } from './trailers.js';

/** The parent of the oldest commit on HEAD with `Tandem-Run: runId`; HEAD itself when the run made none. */
export async function runBaseSha(input: { repo: string; runId: string }): Promise<string> {
  const { repo, runId } = input;
  // git filters by message itself, so a long history is never formatted and parsed here.
  const { stdout } = await git(repo, ['log', '--fixed-strings', `--grep=${TRAILER.run}: ${runId}`, '--format=%H', 'HEAD', '--']);
  const candidates = stdout.split('\n').filter(Boolean).reverse();
  let oldest: string | undefined;
  for (const sha of candidates) {
    // A message that merely quotes the line is not the run's commit: the trailer decides.
    const [commit] = await logTrailers({ repo, range: sha, max: 1 });
    if (commit?.runIds.includes(runId)) {
      oldest = sha;
      break;
    }
  }
  if (!oldest) return headSha({ repo });
  const parent = await git(repo, ['rev-parse', '--verify', '--quiet', `${oldest}^`], { okExitCodes: [1, 128] });
  // A run whose first commit is the repository's root: diff from that commit (its own files count as given).
  return parent.exitCode === 0 ? parent.stdout.trim() : oldest;
}

/** `abc1234 T2: Write beta`, one line per commit after `baseSha`, oldest first. */
export async function commitsSince(input: { repo: string; baseSha: string }): Promise<string> {
  return gitLine(input.repo, ['log', '--reverse', '--format=%h %s', `${input.baseSha}..HEAD`]);
}
