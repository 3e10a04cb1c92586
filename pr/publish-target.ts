/**
 * Where a run branch would be published, checked without changing anything:
 * the remote exists, its URL names a forge Tandem supports, there is a token,
 * the token can see the repository and, as far as the forge says, push to it.
 * `tandem pr` runs this before its push, and `tandem run --pr` before the run
 * starts, so neither finds out at the end that the pull request cannot be opened.
 */
import { TandemError } from '../errors/tandem-error.js';
import type { Forge, RepoAccess } from '../forge/forge.js';
import { forgeTarget, openForge, type ForgeTarget } from '../forge/open-forge.js';
import { remotePushUrl, upstreamRemote } from '../git/remotes.js';

export interface PublishTargetInput {
  repo: string;
  /** The run branch; its upstream names the remote when `remote` is not given. */
  branch: string;
  /** The remote the user chose; default: the branch's upstream remote, else `origin`. */
  remote?: string;
  /** The flag that chooses the remote, for hints: `--remote` (tandem pr), `--pr-remote` (tandem run). */
  remoteFlag: string;
  userAgent: string;
  env?: NodeJS.ProcessEnv;
}

export interface PublishTarget {
  remote: string;
  remoteUrl: string;
  target: ForgeTarget;
  forge: Forge;
  access: RepoAccess;
}

/**
 * Throws a TandemError when the branch could not be published: PR_REMOTE_MISSING and
 * FORGE_UNSUPPORTED (exit 2), FORGE_TOKEN_MISSING, FORGE_AUTH_FAILED, FORGE_ACCESS_DENIED,
 * FORGE_PUSH_DENIED and FORGE_UNREACHABLE (exit 3). Sends one request to the forge.
 */
export async function openPublishTarget(input: PublishTargetInput): Promise<PublishTarget> {
  const { repo, branch } = input;
  const remote = input.remote ?? (await upstreamRemote(repo, branch)) ?? 'origin';
  const remoteUrl = await publishRemoteUrl({ repo, remote, pushed: branch, remoteFlag: input.remoteFlag });
  const env = input.env ? { env: input.env } : {};
  const target = forgeTarget({ remoteName: remote, remoteUrl, ...env });
  const forge = await openForge(target, { userAgent: input.userAgent, ...env });
  const access = await forge.access();
  assertCanPush(forge, access);
  return { remote, remoteUrl, target, forge, access };
}

/** The remote's push URL; PR_REMOTE_MISSING (exit 2) when the repository has no such remote. `pushed` names what would go there. */
export async function publishRemoteUrl(input: { repo: string; remote: string; pushed: string; remoteFlag: string }): Promise<string> {
  const { remote } = input;
  const remoteUrl = await remotePushUrl(input.repo, remote);
  if (remoteUrl) return remoteUrl;
  throw new TandemError(`The repository has no remote named ${remote}: there is nowhere to push ${input.pushed}.`, {
    code: 'PR_REMOTE_MISSING',
    hint: `Add it (\`git remote add ${remote} https://github.com/OWNER/NAME.git\`) or name another with ${input.remoteFlag}. Nothing was pushed.`,
    context: { remote },
  });
}

/**
 * A token that may read but not push would let git push the branch (with git's own
 * credentials) and then fail to open the pull request: refused before the push.
 * Only a forge that says "no" is refused; one that does not say is trusted.
 */
function assertCanPush(forge: Forge, access: RepoAccess): void {
  if (access.canPush !== false) return;
  const slug = `${forge.repo.owner}/${forge.repo.name}`;
  throw new TandemError(`The token from ${forge.tokenSource} can read ${slug} but not write to it (GitHub reports no push permission), so it cannot open the pull request.`, {
    code: 'FORGE_PUSH_DENIED',
    hint: `Use a token with write access to ${slug}: a fine-grained token with "Contents: write" and "Pull requests: write", or a classic token with the "repo" scope, from an account that may push there. Nothing was pushed.`,
    exitCode: 3,
    context: { repo: slug },
  });
}
