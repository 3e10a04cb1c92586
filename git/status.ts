import { git, gitTest } from './run-git.js';

export interface StatusEntry {
  /** Repo-relative path with forward slashes, exactly as git stores it. */
  path: string;
  /** Two-letter porcelain code, e.g. ` M`, `A `, `??`. */
  code: string;
}

/**
 * Every changed, staged or untracked (not ignored) file, one entry per file:
 * `-uall` lists files inside untracked directories and `--no-renames` keeps
 * one path per entry, so callers can match a single file such as the plan.
 * A submodule counts when its commit changed, not for changes inside it:
 * finding those would run git inside the submodule, under its own config.
 */
export async function statusEntries(input: { repo: string; /** Take no index lock: another process (an agent) may be running git in the repo right now. */ noLocks?: boolean }): Promise<StatusEntry[]> {
  const args = ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--ignore-submodules=dirty'];
  const { stdout } = await git(input.repo, args, input.noLocks ? { env: { GIT_OPTIONAL_LOCKS: '0' } } : {});
  return stdout
    .split('\0')
    .filter((record) => record.length > 3)
    .map((record) => ({ code: record.slice(0, 2), path: record.slice(3) }));
}

/** True when the index or worktree differs from HEAD, counting untracked files. */
export async function isDirty(input: { repo: string }): Promise<boolean> {
  return (await statusEntries(input)).length > 0;
}

/** True when `relPath` is untracked and matches an ignore rule (tracked files never count). */
export async function isIgnored(input: { repo: string; relPath: string }): Promise<boolean> {
  // check-ignore takes plain paths and rejects the literal-pathspec mode we use elsewhere.
  return gitTest(input.repo, ['check-ignore', '-q', '--', input.relPath], { env: { GIT_LITERAL_PATHSPECS: '0' } });
}
