/**
 * What `tandem worker --repo` was given: a working tree on this machine (serve
 * the runs started in it, by TandemRepo), or anything `git clone` takes that
 * is not one, a URL or a bare repository (serve the runs whose branch travels
 * through that remote, by TandemRemote, from a clone of this machine's own).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
    if (!isBareRepository(value)) {
      throw new TandemError(`--repo ${value} is not inside a git repository.`, {
        code: 'GIT_NOT_A_REPO',
        hint: 'Pass the path of the repository whose runs this worker serves, or the URL (or bare repository) their branch travels through (`tandem run --remote`).',
      });
    }
  }
  // A URL, or a bare repository: cloned.
  const url = isRemoteUrl(value) ? value : resolve(value);
  return { kind: 'remote', url, normalized: normalizeRemoteUrl(url), shown: remoteUrlWithoutUserinfo(url) };
}

/** A bare repository's own files, looked at without running git in it (git refuses a bare directory it is not told about). */
function isBareRepository(path: string): boolean {
  return ['HEAD', 'objects', 'refs'].every((entry) => existsSync(join(path, entry)));
}
