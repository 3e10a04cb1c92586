import { commitIdentityEnv } from './identity.js';
import { headSha } from './refs.js';
import { git, gitTest } from './run-git.js';
import { isIgnored } from './status.js';
import { buildCommitMessage, TRAILER } from './trailers.js';

export interface CommitPlanFileInput {
  repo: string;
  planRelPath: string;
  /** Subject (and optional body) of the commit. */
  message: string;
  /** Adds a `Tandem-Run` trailer, so integrity checks count this commit as Tandem's. */
  runId?: string;
}

export interface CommitPlanFileResult {
  sha: string;
  /** False when the committed plan already matched the file (nothing to do). */
  committed: boolean;
}

/**
 * Commits the plan file, and only it, on the current branch: an untracked or
 * edited TODO.md becomes part of history, so no rollback can delete it.
 * Idempotent: never makes an empty commit. Other staged changes stay staged
 * and uncommitted (`--only`). An ignored plan file is left alone.
 */
export async function commitPlanFile(input: CommitPlanFileInput): Promise<CommitPlanFileResult> {
  const { repo, planRelPath } = input;
  // `git add` refuses ignored files; the user chose to keep this plan out of history.
  if (await isIgnored({ repo, relPath: planRelPath })) {
    return { sha: await headSha({ repo }), committed: false };
  }
  await git(repo, ['add', '--', planRelPath]);
  const unchanged = await gitTest(repo, ['diff', '--cached', '--quiet', 'HEAD', '--', planRelPath]);
  if (unchanged) return { sha: await headSha({ repo }), committed: false };

  const [subject = '', ...rest] = input.message.replace(/\r\n/g, '\n').split('\n');
  const message = buildCommitMessage({
    subject,
    body: rest.join('\n'),
    trailers: input.runId === undefined ? [] : [[TRAILER.run, input.runId]],
  });
  await git(repo, ['commit', '--no-verify', '--cleanup=whitespace', '--only', '-F', '-', '--', planRelPath], {
    input: message,
    env: await commitIdentityEnv({ repo }),
  });
  return { sha: await headSha({ repo }), committed: true };
}
