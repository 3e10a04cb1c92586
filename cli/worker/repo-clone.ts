/**
 * `tandem worker --repo <URL>`: the worker's own clone of the remote a run's
 * branch travels through, in `<TANDEM_HOME>/clones/<name>-<hash>`, made once
 * and fetched when the worker starts again. Cloned without a checkout: runs
 * work in worktrees of their own, and nothing may take the clone's files for
 * the user's (the plan comes from the run branch).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { normalizeRemoteUrl, remoteUrlWithoutUserinfo } from '../../contracts/remote-url.js';
import { networkGit, type RemoteFailureWording } from '../../git/remote-branch.js';

/** Where the clone of `url` lives: readable name, and a hash so two remotes of the same name do not share one. */
export function cloneDirFor(url: string, home: string): string {
  const normalized = normalizeRemoteUrl(url);
  const name = (normalized.split('/').filter(Boolean).at(-1) ?? 'repo').replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 40);
  const hash = createHash('sha256').update(normalized).digest('hex').slice(0, 10);
  return join(home, 'clones', `${name}-${hash}`);
}

/** The URL (or path) the user gave is what failed: an input error, before the worker serves anything. */
function repoWording(url: string): RemoteFailureWording {
  return {
    remote: '--repo',
    hint: `Check the URL or path given to --repo: \`git ls-remote ${remoteUrlWithoutUserinfo(url)}\` must work from a terminal on this machine (credentials come from your global git config or GIT_SSH_COMMAND).`,
    exitCode: 2,
  };
}

/** The clone of `url`, made or brought up to date. Throws TandemError `GIT_REMOTE_FAILED` (exit 2) with git's reason when git cannot reach it. */
export async function ensureClone(url: string, home: string): Promise<{ dir: string; created: boolean }> {
  const dir = cloneDirFor(url, home);
  const wording = repoWording(url);
  if (existsSync(join(dir, '.git'))) {
    await networkGit(dir, url, ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', url], { wording });
    return { dir, created: false };
  }
  const parent = join(home, 'clones');
  await mkdir(parent, { recursive: true });
  await networkGit(parent, url, ['clone', '--quiet', '--no-checkout', url, dir], { wording });
  return { dir, created: true };
}
