/**
 * `tandem run --remote`: workers on other machines start from the remote, not
 * from this checkout, so a new run's starting point goes there first: the
 * commit the run starts from (this checkout's HEAD, or the run branch when it
 * exists here) plus the plan file as it is in the checkout (it may be
 * uncommitted), pushed as the run branch. The checkout, its index and its
 * branches are not touched: the plan's commit is made with a private index.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import type { RunRemote } from '../contracts/run.js';
import { TandemError } from '../errors/tandem-error.js';
import { readTextIfExists } from '../journal/files.js';
import { commitIdentityEnv } from './identity.js';
import { branchSha, headSha } from './refs.js';
import { pushRunBranch, remoteBranchSha } from './remote-branch.js';
import { git, gitLine } from './run-git.js';
import { isIgnored } from './status.js';
import { buildCommitMessage, TRAILER } from './trailers.js';

export interface PublishRunStartInput {
  repo: string;
  branch: string;
  planRelPath: string;
  runId: string;
  remote: RunRemote;
}

/** `existing`: the remote already has the run branch (a new run of the plan goes on from it). */
export async function publishRunStart(input: PublishRunStartInput): Promise<{ sha: string; existing: boolean }> {
  const target = { repo: input.repo, url: input.remote.url, branch: input.branch };
  const onRemote = await remoteBranchSha(target);
  if (onRemote !== null) return { sha: onRemote, existing: true };
  const base = (await branchSha({ repo: input.repo, branch: input.branch })) ?? (await headSha({ repo: input.repo }));
  const sha = await withPlanCommitted(input, base);
  const pushed = await pushRunBranch({ ...target, sha });
  if (pushed.status === 'rejected') {
    throw new TandemError(`Someone pushed ${input.branch} to ${input.remote.name} while this run was starting.`, {
      code: 'GIT_BRANCH_MOVED',
      hint: `Run \`tandem run\` again: it goes on from ${input.remote.name}/${input.branch} as it is then.`,
      exitCode: 3,
    });
  }
  return { sha, existing: false };
}

/** `base`, or a commit on top of it holding the checkout's plan file when that differs. */
async function withPlanCommitted(input: PublishRunStartInput, base: string): Promise<string> {
  const { repo, planRelPath } = input;
  const plan = await readTextIfExists(join(repo, planRelPath));
  if (plan === undefined || (await isIgnored({ repo, relPath: planRelPath }))) return base;
  const blob = await gitLine(repo, ['hash-object', '-w', '--no-filters', '--stdin'], { input: plan });
  const committed = await git(repo, ['rev-parse', '--verify', '-q', `${base}:${planRelPath}`], { okExitCodes: [1, 128] });
  if (committed.exitCode === 0 && committed.stdout.trim() === blob) return base;
  const dir = await mkdtemp(join(os.tmpdir(), 'tandem-start-'));
  try {
    const env = { GIT_INDEX_FILE: join(dir, 'index') };
    await git(repo, ['read-tree', base], { env });
    await git(repo, ['update-index', '--add', '--cacheinfo', `100644,${blob},${planRelPath}`], { env });
    const tree = await gitLine(repo, ['write-tree'], { env });
    const message = buildCommitMessage({ subject: `Add the plan ${planRelPath}`, body: '', trailers: [[TRAILER.run, input.runId]] });
    return await gitLine(repo, ['commit-tree', tree, '-p', base, '-F', '-'], { input: message, env: { ...env, ...(await commitIdentityEnv({ repo })) } });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
