/**
 * A `--remote` run's branch on its remote: read it, fetch it, push it. These
 * are network commands, so they run with push-config.ts (the user's own
 * credential helpers and ssh, never the repository's) on top of the hardened
 * environment (no hooks, no prompts: GIT_TERMINAL_PROMPT=0). A push is never
 * forced: no --force, no `+` refspec, no --force-with-lease.
 */
import { TandemError, type ExitCode } from '../errors/tandem-error.js';
import { pushConfig } from './push-config.js';
import { withoutCredentials } from './remotes.js';
import { git, type GitResult } from './run-git.js';

export interface RemoteBranch {
  repo: string;
  /** The remote's URL (a name would bring the repository's `remote.<name>.*` settings along). */
  url: string;
  branch: string;
}

/** How a failure names the remote and what it advises; a run's remote by default. */
export interface RemoteFailureWording {
  /** e.g. "the run's remote", "--repo". */
  remote: string;
  hint: string;
  /** 3: the network, worth another try (a worker's activity retries it); 2: the user's input. */
  exitCode: ExitCode;
}

const RUN_REMOTE: RemoteFailureWording = {
  remote: "the run's remote",
  hint: 'Check that `git fetch` and `git push` work for this remote from a terminal on this machine (credentials come from your global git config or GIT_SSH_COMMAND, never the repository\'s).',
  exitCode: 3,
};

export interface NetworkGitOptions {
  /** Exit codes that are answers, not failures. */
  ok?: number[];
  wording?: RemoteFailureWording;
}

/** A git command that talks to the remote (`url`); exit codes in `ok` are answers, anything else a GIT_REMOTE_FAILED TandemError. */
export async function networkGit(repo: string, url: string, args: string[], options: NetworkGitOptions = {}): Promise<GitResult> {
  const ok = options.ok ?? [];
  const prepared = await pushConfig(repo);
  const result = await git(repo, args, { config: prepared.config, env: prepared.env, okExitCodes: [...ok, 1, 2, 128] });
  if (result.exitCode === 0 || ok.includes(result.exitCode)) return result;
  throw remoteFailed(args[0]!, url, result.stderr, options.wording);
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
  const result = await networkGit(input.repo, input.url, ['push', '--porcelain', '--receive-pack=git-receive-pack', input.url, `${input.sha}:${target}`], { ok: [1] });
  const line = result.stdout.split('\n').find((l) => l.includes(`:${target}\t`));
  const flag = line?.[0];
  if (result.exitCode === 0 && (flag === '=' || flag === ' ' || flag === '*')) return { status: 'pushed' };
  if (flag === '!') return { status: 'rejected', detail: line!.split('\t')[2] ?? 'rejected' };
  throw remoteFailed('push', input.url, result.stderr);
}

/** Transient more often than not (the network, a server restart): plain enough for the activity to retry. */
function remoteFailed(command: string, url: string, stderr: string, wording = RUN_REMOTE): TandemError {
  const said = withoutCredentials(gitReason(stderr)) || 'git said nothing.';
  const error = new TandemError(`git ${command} with ${wording.remote} ${withoutCredentials(url)} failed: ${said}`, {
    code: 'GIT_REMOTE_FAILED',
    hint: wording.hint,
    exitCode: wording.exitCode,
  });
  // Often the network: worth another try when a worker runs this (worker/permanent-errors.ts reads the flag).
  return wording.exitCode === 3 ? Object.assign(error, { retryable: true }) : error;
}

/**
 * What git said went wrong, on one line: its first paragraph, where the reason comes first
 * ("fatal: '/x.git' does not appear to be a git repository", "ssh: Could not resolve
 * hostname"); the advice it prints after a blank line ("Please make sure you have the
 * correct access rights") says nothing of what failed.
 */
export function gitReason(stderr: string): string {
  const paragraph = stderr.trim().split(/\n\s*\n/)[0] ?? '';
  const lines = paragraph.split('\n').map((line) => line.trim().replace(/^(fatal|error):\s*/, '').replace(/\.$/, '')).filter((line) => line !== '' && !line.startsWith('hint:'));
  return lines.length > 0 ? `${lines.slice(0, 3).join('; ')}.` : '';
}
