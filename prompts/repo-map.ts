/**
 * A compact map of the repository for prompts. Its size is capped so the
 * prompt for a 2,000-file repository is barely larger than for a 10-file one;
 * the model explores further with `list_files`.
 */
import { git } from '../git/run-git.js';
import { treeFiles } from '../git/tree-files.js';

const MAX_LINES = 24;

export interface RepoMapOptions {
  /** Paths the task names; always listed when they exist. */
  focus?: string[];
  maxLines?: number;
  /** The worktree is known to be HEAD's (a task's first attempt): its files are read from HEAD's tree, without a git process. */
  atHead?: boolean;
}

export async function repoMap(repo: string, options: RepoMapOptions = {}): Promise<string> {
  const atHead = options.atHead === true ? await treeFiles(repo, 'HEAD') : undefined;
  const files = atHead?.sort() ?? (await listTrackedFiles(repo));
  return renderRepoMap(files, options);
}

/** Pure: the map for a list of repository-relative file paths. */
export function renderRepoMap(files: string[], options: RepoMapOptions = {}): string {
  const maxLines = options.maxLines ?? MAX_LINES;
  if (files.length <= maxLines) return files.map((file) => `- ${file}`).join('\n');

  const focus = (options.focus ?? []).filter((file) => files.includes(file));
  const counts = new Map<string, number>();
  for (const file of files) {
    const slash = file.indexOf('/');
    const top = slash === -1 ? file : `${file.slice(0, slash)}/`;
    counts.set(top, (counts.get(top) ?? 0) + 1);
  }
  const entries = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
  const room = Math.max(maxLines - focus.length - 1, 4);
  const lines = entries.slice(0, room).map(([top, count]) => (top.endsWith('/') ? `- ${top} (${count} files)` : `- ${top}`));
  if (entries.length > room) lines.push(`- … ${entries.length - room} more entries`);
  lines.push(`(${files.length} files in all)`);
  if (focus.length > 0) lines.push('Files this task names:', ...focus.map((file) => `- ${file}`));
  return lines.join('\n');
}

async function listTrackedFiles(repo: string): Promise<string[]> {
  try {
    const { stdout } = await git(repo, ['ls-files', '--cached', '--others', '--exclude-standard']);
    return stdout.split('\n').filter(Boolean).sort();
  } catch {
    return []; // not a repository, or git failed: the prompt goes without a map
  }
}
