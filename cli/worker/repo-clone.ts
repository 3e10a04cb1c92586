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
import { normalizeRemoteUrl } from '../../contracts/remote-url.js';
import { networkGit } from '../../git/remote-branch.js';

/** Where the clone of `url` lives: readable name, and a hash so two remotes of the same name do not share one. */
export function cloneDirFor(url: string, home: string): string {
  const normalized = normalizeRemoteUrl(url);
  const name = (normalized.split('/').filter(Boolean).at(-1) ?? 'repo').replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 40);
  const hash = createHash('sha256').update(normalized).digest('hex').slice(0, 10);
  return join(home, 'clones', `${name}-${hash}`);
}

/** The clone of `url`, made or brought up to date. */
export async function ensureClone(url: string, home: string): Promise<{ dir: string; created: boolean }> {
  const dir = cloneDirFor(url, home);
  if (existsSync(join(dir, '.git'))) {
    await networkGit(dir, url, ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', url]);
    return { dir, created: false };
  }
  const parent = join(home, 'clones');
  await mkdir(parent, { recursive: true });
  await networkGit(parent, url, ['clone', '--quiet', '--no-checkout', url, dir]);
  return { dir, created: true };
}
