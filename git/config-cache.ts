/**
 * The effective git config of a repository (`git config --list`), listed once
 * and reused while none of the files it comes from changes. Tandem needs it
 * before every command that may run a filter driver (safe-env.ts) and for the
 * commit identity; listing it each time was a third of a task's git processes.
 *
 * When the listing may be reused: every file that contributed to it, plus every
 * file that could start to (the repository's config and config.worktree, the
 * global and system files), has the same size, mtime, ctime and inode as just
 * before it was listed. Never reused:
 * - when the config has `include` or `includeIf` entries: an included file can
 *   change without any of the stat'd files changing, and `includeIf "onbranch:"`
 *   depends on the branch;
 * - when any of those files was modified less than a timestamp tick before the
 *   listing: a second write in the same tick, of the same size, would leave every
 *   stat field as it was (git's own "racily clean" problem, solved git's way).
 */
import { statSync, type BigIntStats } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gitDirsOf } from './git-dir.js';

/** Runs `git config --list -z` in `cwd`; `list` holds its records "key\nvalue\0". */
export type ConfigLister = (cwd: string) => Promise<{ list: string } | { error: string; exitCode: number | null } | { spawnFailed: true }>;

interface Entry {
  list: string;
  fingerprint: string;
}

const cache = new Map<string, Entry>();
/** Files on a fine-grained clock (ext4, xfs, btrfs, tmpfs: ticks of a few ms) vs seconds (ext3, HFS+, FAT: 2 s). */
const FINE_TICK_NS = 50_000_000n;
const COARSE_TICK_NS = 2_000_000_000n;

/**
 * `git config --list -z` for `cwd`, from the cache when that is safe (see
 * above), else from `list` (which runs git). Errors are passed through and not cached.
 */
export async function listConfig(cwd: string, list: ConfigLister): Promise<Awaited<ReturnType<ConfigLister>>> {
  const dirs = gitDirsOf(cwd);
  // Per worktree: linked worktrees share the common config but each may have a config.worktree.
  const key = dirs?.gitDir;
  const before = key === undefined ? undefined : fingerprint(candidateFiles(dirs!.commonDir, dirs!.gitDir));
  if (key !== undefined && before !== undefined) {
    const hit = cache.get(key);
    if (hit !== undefined && hit.fingerprint === before.text) return { list: hit.list };
  }
  const listed = await list(cwd);
  if (key === undefined) return listed;
  cache.delete(key);
  if ('list' in listed && before !== undefined && before.settled && !hasIncludes(listed.list)) {
    cache.set(key, { list: listed.list, fingerprint: before.text });
  }
  return listed;
}

/** The files git reads config from for this repository, whether or not they exist yet. */
function candidateFiles(commonDir: string, gitDir: string): string[] {
  const files = [path.join(commonDir, 'config'), path.join(gitDir, 'config.worktree')];
  const home = process.env.HOME ?? os.homedir();
  if (process.env.GIT_CONFIG_GLOBAL !== undefined) files.push(process.env.GIT_CONFIG_GLOBAL);
  else {
    files.push(path.join(home, '.gitconfig'));
    files.push(path.join(process.env.XDG_CONFIG_HOME || path.join(home, '.config'), 'git', 'config'));
  }
  const noSystem = ['1', 'true', 'yes', 'on'].includes((process.env.GIT_CONFIG_NOSYSTEM ?? '').toLowerCase());
  // Git's own build may use another prefix; /etc/gitconfig is where distributions put it, and root owns both.
  if (!noSystem) files.push(process.env.GIT_CONFIG_SYSTEM ?? '/etc/gitconfig');
  return files;
}

/**
 * One string that changes when any of `files` changes, and whether all of them
 * are older than a timestamp tick (only then can an unchanged string be trusted).
 */
function fingerprint(files: string[]): { text: string; settled: boolean } | undefined {
  const now = BigInt(Date.now()) * 1_000_000n;
  let settled = true;
  const parts: string[] = [];
  for (const file of files) {
    let stat: BigIntStats | undefined;
    try {
      stat = statSync(file, { bigint: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return undefined;
    }
    if (stat === undefined) {
      parts.push(`${file}:-`);
      continue;
    }
    const tick = stat.mtimeNs % 1_000_000_000n === 0n ? COARSE_TICK_NS : FINE_TICK_NS;
    const newest = stat.mtimeNs > stat.ctimeNs ? stat.mtimeNs : stat.ctimeNs;
    if (now - newest < tick) settled = false;
    parts.push(`${file}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`);
  }
  return { text: parts.join('\0'), settled };
}

/** Any `include.*` or `includeIf.*` entry in the listing (git lists the directive itself next to what it included). */
function hasIncludes(list: string): boolean {
  return list.split('\0').some((record) => /^include(if)?\./i.test(record));
}
