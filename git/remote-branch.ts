/**
 * A `--remote` run's branch on its remote: read it, fetch it, push it. These
 * are network commands, so they run with push-config.ts (the user's own
 * credential helpers and ssh, never the repository's) on top of the hardened
 * environment (no hooks, no prompts: GIT_TERMINAL_PROMPT=0). A push is never
 * forced: no --force, no `+` refspec, no --force-with-lease.
 */
import { TandemError } from '../errors/tandem-error.js';
import { pushConfig } from './push-config.js';
import { withoutCredentials } from './remotes.js';
import { git, type GitResult } from './run-git.js';

export interface RemoteBranch {
  repo: string;
  /** The remote's URL (a name would bring the repository's `remote.<name>.*` settings along). */
  url: string;
  branch: string;
}

/** A git command that talks to the remote (`url`); exit codes in `ok` are answers, anything else a GitRemoteFailed error. */
export async function networkGit(repo: string, url: string, args: string[], ok: number[] = []): Promise<GitResult> {
  const prepared = await pushConfig(repo);
  const result = await git(repo, args, { config: prepared.config, env: prepared.env, okExitCodes: [...ok, 1, 2, 128] });
  if (result.exitCode === 0 || ok.includes(result.exitCode)) return result;
  throw remoteFailed(args[0]!, url, result.stderr);
}

/** The branch's head on the remote, or null when the remote has no such branch. */
export async function remoteBranchSha(input: RemoteBranch): Promise<string | null> {
  const { stdout } = await networkGit(input.repo, input.url, ['ls-remote', '--heads', input.url, `refs/heads/${input.branch}`]);
  const line = stdout.split('\n').find((l) => l.endsWith(`\trefs/heads/${input.branch}`));
  return line ? line.split('\t')[0]! : null;
}

/** Brings the remote branch's commits into the local object store; no ref is written (not even FETCH_HEAD). */
export async function fetchRemoteBranch(input: RemoteBranch): Promise<void> {
  await networkGit(input.repo, input.url, ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', input.url, `refs/heads/${input.branch}`]);
}

export type PushOutcome = { status: 'pushed' } | { status: 'rejected'; detail: string };

/**
 * Pushes `sha` to the remote branch, as a fast-forward only: when someone
 * pushed meanwhile the remote refuses it, and that is an answer (`rejected`),
 * never a reason to force. Other failures (network, credentials) throw.
 */
export async function pushRunBranch(input: RemoteBranch & { sha: string }): Promise<PushOutcome> {
  const target = `refs/heads/${input.branch}`;
  const result = await networkGit(input.repo, input.url, ['push', '--porcelain', '--receive-pack=git-receive-pack', input.url, `${input.sha}:${target}`], [1]);
  const line = result.stdout.split('\n').find((l) => l.includes(`:${target}\t`));
  const flag = line?.[0];
  if (result.exitCode === 0 && (flag === '=' || flag === ' ' || flag === '*')) return { status: 'pushed' };
  if (flag === '!') return { status: 'rejected', detail: line!.split('\t')[2] ?? 'rejected' };
  throw remoteFailed('push', input.url, result.stderr);
}

/** Transient more often than not (the network, a server restart): plain enough for the activity to retry. */
function remoteFailed(command: string, url: string, stderr: string): TandemError {
  const said = withoutCredentials(stderr.trim().split('\n').slice(-3).join(' | ')) || 'no output';
  const error = new TandemError(`git ${command} with the run's remote ${withoutCredentials(url)} failed: ${said}`, {
    code: 'GIT_REMOTE_FAILED',
    hint: 'Check that `git fetch` and `git push` work for this remote from a terminal on this machine (credentials come from your global git config or GIT_SSH_COMMAND, never the repository\'s).',
    exitCode: 3,
  });
  // Often the network: worth another try when a worker runs this (worker/permanent-errors.ts reads the flag).
  return Object.assign(error, { retryable: true });
}
