import { git } from './run-git.js';

/**
 * Makes the index's gitlinks (submodule entries, mode 160000) exactly those of
 * `baseSha`: a gitlink the worktree added is dropped from the index, and a
 * path that became one or whose submodule commit moved gets its base entry back. A task commit then never records a repository the
 * agent created or a submodule commit it made. Compares index and tree only,
 * so no git runs inside a submodule.
 */
export async function keepBaseGitlinks(input: { repo: string; baseSha: string }): Promise<string[]> {
  const { repo, baseSha } = input;
  // `:<src mode> <dst mode> <src sha> <dst sha> <status>\0<path>\0`, one record per changed path.
  const { stdout } = await git(repo, ['diff-index', '--cached', '--raw', '-z', '--no-renames', baseSha]);
  const fields = stdout.split('\0');
  const removed: string[] = [];
  const restored: string[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [srcMode = '', dstMode = '', srcSha = ''] = fields[i]!.slice(1).split(' ');
    const rel = fields[i + 1]!;
    if (dstMode !== '160000') continue;
    // What the base had at this path (a gitlink or a plain file) goes back; a new path goes.
    if (/^0+$/.test(srcMode)) removed.push(rel);
    else restored.push(`${srcMode},${srcSha},${rel}`);
  }
  // Plumbing, not `git rm --cached`: that would run `git status` inside the submodule first.
  if (removed.length > 0) await git(repo, ['update-index', '--force-remove', '--', ...removed]);
  for (const cacheinfo of restored) await git(repo, ['update-index', '--cacheinfo', cacheinfo]);
  return [...removed, ...restored.map((entry) => entry.split(',').slice(2).join(','))];
}
