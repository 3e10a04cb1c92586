/**
 * What `tandem worker --repo` was given: a working tree on this machine (serve
 * the runs started in it, by TandemRepo), or anything `git clone` takes that
 * is not one, a URL or a bare repository (serve the runs whose branch travels
 * through that remote, by TandemRemote, from a clone of this machine's own).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isRemoteUrl, normalizeRemoteUrl, remoteUrlWithoutUserinfo } from '../../contracts/remote-url.js';
import { TandemError } from '../../errors/tandem-error.js';
import { gitRoot } from '../workspace.js';

export type RepoSource =
  | { kind: 'checkout'; root: string }
  /** `url` as git is given it (credentials kept, for the clone); `normalized` is what runs record in TandemRemote. */
  | { kind: 'remote'; url: string; normalized: string; shown: string };

export async function repoSource(value: string): Promise<RepoSource> {
  if (!isRemoteUrl(value)) {
    const root = existsSync(value) ? await gitRoot(value) : undefined;
    if (root !== undefined) return { kind: 'checkout', root };
    if (!existsSync(value)) {
      throw new TandemError(`--repo ${value} is neither a git repository on this machine nor a URL.`, {
        code: 'GIT_NOT_A_REPO',
        hint: 'Pass the path of the repository whose runs this worker serves, or the URL of the remote their branch travels through (`tandem run --remote`).',
      });
    }
  }
  // A URL, or a path that is not a working tree (a bare repository): cloned; `git clone` says so if it is neither.
  const url = isRemoteUrl(value) ? value : resolve(value);
  return { kind: 'remote', url, normalized: normalizeRemoteUrl(url), shown: remoteUrlWithoutUserinfo(url) };
}
