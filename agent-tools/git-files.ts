/**
 * The two git questions the file tools ask: is this a work tree, and which of these
 * paths does .gitignore exclude. Git runs with Tandem's hardened configuration
 * (git/safe-env.ts): a repository's config must not be able to make a read-only
 * query run a program.
 */
import { safeGitEnv } from '../git/safe-env.js';
import { collect } from '../git/spawn-relay.js';

const GIT = ['-c', 'core.fsmonitor=false'];

/** The environment for the tools' git commands; check-ignore takes plain paths, so no literal-pathspec mode. */
export const gitToolEnv = (): NodeJS.ProcessEnv => ({ ...safeGitEnv(), GIT_LITERAL_PATHSPECS: '0' });

/** True when `dir` is inside a git work tree (and git is installed). */
export async function isGitWorkTree(dir: string): Promise<boolean> {
  const result = await collect('git', [...GIT, 'rev-parse', '--is-inside-work-tree'], { cwd: dir, env: gitToolEnv() });
  return result.exitCode === 0 && result.stdout.trim() === 'true';
}

/**
 * `paths` (relative to `dir`) minus those .gitignore excludes. Outside a git work
 * tree, or if git fails, all paths are kept: ignoring is a convenience, not a rule.
 */
export async function withoutIgnored(dir: string, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  const result = await collect('git', [...GIT, 'check-ignore', '-z', '--stdin'], { cwd: dir, env: gitToolEnv(), input: paths.join('\0') });
  // 0: some paths are ignored; 1: none are; anything else: not a repo, or git failed.
  if (result.exitCode !== 0) return [...paths];
  const ignored = new Set(result.stdout.split('\0').filter(Boolean));
  return paths.filter((p) => !ignored.has(p));
}

/** Arguments for git commands that take pathspecs: no fsmonitor, and a path is only ever a path (no `:(magic)`). */
export const GIT_SAFE_ARGS = [...GIT, '--literal-pathspecs'];
