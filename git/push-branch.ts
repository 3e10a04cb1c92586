/**
 * Pushes one commit to a branch of a remote, never with --force: a remote
 * branch that moved (someone else pushed) is a clear error, not overwritten.
 * The push goes to the remote's URL rather than its name, so no other
 * `remote.<name>.*` setting applies, and runs with push-config.ts.
 */
import { TandemError } from '../errors/tandem-error.js';
import { pushConfig } from './push-config.js';
import { withoutCredentials } from './remotes.js';
import { git } from './run-git.js';

export interface PushResult {
  /** False when the remote branch was at the commit already (a second call, or a retried activity). */
  updated: boolean;
}

export async function pushBranch(input: { repo: string; remoteName: string; remoteUrl: string; branch: string; sha: string }): Promise<PushResult> {
  const { repo, branch, sha } = input;
  const prepared = await pushConfig(repo);
  const target = `refs/heads/${branch}`;
  // --porcelain: one line per ref, `<flag>\t<from>:<to>\t<summary>`; exit 1 when a ref was rejected.
  const result = await git(repo, ['push', '--porcelain', '--receive-pack=git-receive-pack', input.remoteUrl, `${sha}:${target}`], {
    config: prepared.config,
    env: prepared.env,
    okExitCodes: [1, 128],
  });
  const line = result.stdout.split('\n').find((l) => l.includes(`:${target}\t`));
  const flag = line?.[0];
  if (result.exitCode === 0 && (flag === '=' || flag === ' ' || flag === '*')) return { updated: flag !== '=' };
  if (flag === '!') {
    throw new TandemError(`The push of ${branch} to ${input.remoteName} was rejected: ${line!.split('\t')[2] ?? 'rejected'}. Someone else pushed to ${branch} since Tandem last did.`, {
      code: 'PR_PUSH_REJECTED',
      hint: `Tandem never force-pushes. Look at what is on ${input.remoteName}/${branch} (\`git fetch ${input.remoteName}\`), merge or drop it yourself, then run \`tandem pr\` again.`,
      exitCode: 3,
      context: { branch, remote: input.remoteName },
    });
  }
  const said = withoutCredentials(result.stderr.trim().split('\n').slice(-3).join(' | ')) || 'no output';
  const failed = new TandemError(`Could not push ${branch} to ${input.remoteName} (${withoutCredentials(input.remoteUrl)}): ${said}`, {
    code: 'PR_PUSH_FAILED',
    hint: 'Check that `git push` works for this remote from a terminal (credentials come from your global git config or GIT_SSH_COMMAND, never the repository\'s), then run `tandem pr` again.',
    exitCode: 3,
    context: { branch, remote: input.remoteName },
  });
  // Often the network: worth another try when a worker runs this (worker/permanent-errors.ts reads the flag).
  throw Object.assign(failed, { retryable: true });
}
