/**
 * Pushes a run branch and opens its pull request, or updates the one already
 * open for that branch. Every check comes before the push (the branch and its
 * task commits, the remote, the forge, the token, its right to push), so a
 * failure leaves nothing pushed half-way; after the push, the open pull
 * request is looked up before one is opened, so calling this again (a second
 * `tandem pr`, a retried activity) updates instead of opening a second.
 */
import { TandemError } from '../errors/tandem-error.js';
import type { Forge, PullRequest } from '../forge/forge.js';
import { taskCommitsOnBranch } from '../git/find-task-commit.js';
import { pushBranch } from '../git/push-branch.js';
import { branchSha } from '../git/refs.js';
import type { PullRequestContent } from './pull-request-body.js';
import { openPublishTarget } from './publish-target.js';

export interface PublishInput {
  repo: string;
  /** The run branch: the pull request's head. */
  branch: string;
  /** Only task commits of this run count as work to publish (the `Tandem-Run` trailer). */
  runId?: string;
  /** `--remote`; default: the branch's upstream remote, else `origin`. */
  remote?: string;
  /** The flag that names the remote, for hints: `--remote` (tandem pr, the default) or `--pr-remote` (tandem run --pr). */
  remoteFlag?: string;
  /** `--base`: the pull request's base, which must exist on the remote. */
  base?: string;
  /** The branch the run started from: the base when there is no `base`, if the remote has it; else the default branch. */
  startBranch?: string;
  content: PullRequestContent;
  userAgent: string;
  env?: NodeJS.ProcessEnv;
}

export interface PublishResult {
  action: 'opened' | 'updated';
  pullRequest: PullRequest;
  remote: string;
  /** False when the remote branch already held the commit. */
  pushed: boolean;
  /** Set when the base is not the branch the run started from, and why. */
  baseNote?: string;
  sha: string;
}

export async function publishPullRequest(input: PublishInput): Promise<PublishResult> {
  const { repo, branch } = input;
  const sha = await branchSha({ repo, branch });
  if (!sha) {
    throw new TandemError(`The run branch ${branch} does not exist in ${repo}.`, {
      code: 'PR_NO_RUN_BRANCH',
      hint: 'Run the plan first (`tandem run`), or name the plan whose run branch to publish.',
      context: { branch },
    });
  }
  const commits = await taskCommitsOnBranch({ repo, branch, ...(input.runId ? { runId: input.runId } : {}) });
  if (Object.keys(commits).length === 0) {
    throw new TandemError(`The run branch ${branch} has no task commits yet: there is nothing to open a pull request for.`, {
      code: 'PR_NOTHING_TO_PUBLISH',
      hint: 'Let the run commit at least one task (`tandem status` shows where it is), then run `tandem pr` again.',
      context: { branch },
    });
  }
  // The remote, the forge, the token and its right to push: all checked before anything is pushed.
  const { remote, remoteUrl, target, forge, access } = await openPublishTarget({
    repo,
    branch,
    remoteFlag: input.remoteFlag ?? '--remote',
    userAgent: input.userAgent,
    ...(input.remote ? { remote: input.remote } : {}),
    ...(input.env ? { env: input.env } : {}),
  });
  const { base, baseNote } = await chooseBase(forge, { explicit: input.base, startBranch: input.startBranch, defaultBranch: access.defaultBranch, remote });
  if (base === branch) {
    throw new TandemError(`The pull request's base would be ${branch} itself.`, {
      code: 'PR_BASE_IS_HEAD',
      hint: `Name the branch to merge into with --base, or set the repository's default branch on ${target.remote.host}.`,
      context: { branch },
    });
  }

  const pushed = await pushBranch({ repo, remoteName: remote, remoteUrl, branch, sha });
  const open = await forge.findOpenPullRequest(branch);
  const pullRequest = open
    ? await forge.update(open.number, input.content)
    : await forge.create({ ...input.content, head: branch, base });
  return { action: open ? 'updated' : 'opened', pullRequest, remote, pushed: pushed.updated, sha, ...(baseNote ? { baseNote } : {}) };
}

/**
 * `--base` must exist on the remote (checked before the push). The run's start
 * branch may never have been pushed (a local feature branch): then the
 * default branch is the base, and the result says so.
 */
async function chooseBase(
  forge: Forge,
  input: { explicit: string | undefined; startBranch: string | undefined; defaultBranch: string; remote: string },
): Promise<{ base: string; baseNote?: string }> {
  const wanted = input.explicit ?? input.startBranch ?? input.defaultBranch;
  if (wanted === input.defaultBranch || (await forge.branchExists(wanted))) return { base: wanted };
  if (input.explicit) {
    throw new TandemError(`The base branch ${wanted} does not exist on ${input.remote}.`, {
      code: 'PR_BASE_MISSING',
      hint: `Push it first (\`git push ${input.remote} ${wanted}\`) or choose another with --base (the default branch is ${input.defaultBranch}). Nothing was pushed.`,
      context: { base: wanted },
    });
  }
  return { base: input.defaultBranch, baseNote: `the run started on ${wanted}, which is not on ${input.remote}: the base is ${input.defaultBranch}` };
}
