/**
 * Tandem-owned git worktrees (`--parallel`): one for the run branch, and one
 * per task attempt on a task branch of its own. They share the repository's
 * objects and refs, so a commit in a task's worktree is a commit of the
 * user's repository, while the user's own checkout is never touched.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, realpath, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { git, gitLine } from './run-git.js';

export interface WorktreeEntry {
  dir: string;
  /** `refs/heads/<name>`, or undefined when HEAD is detached. */
  branch: string | undefined;
  head: string | undefined;
}

/** `git worktree list --porcelain`, parsed. The first entry is the main worktree. */
export async function listWorktrees(repo: string): Promise<WorktreeEntry[]> {
  const { stdout } = await git(repo, ['worktree', 'list', '--porcelain', '-z']);
  const entries: WorktreeEntry[] = [];
  let current: WorktreeEntry | undefined;
  for (const field of stdout.split('\0')) {
    if (field.startsWith('worktree ')) {
      current = { dir: field.slice('worktree '.length), branch: undefined, head: undefined };
      entries.push(current);
    } else if (current && field.startsWith('HEAD ')) current.head = field.slice('HEAD '.length);
    else if (current && field.startsWith('branch ')) current.branch = field.slice('branch '.length);
  }
  return entries;
}

/**
 * Makes `dir` a worktree with `branch` checked out. With `resetTo`, the branch
 * is created or moved there and the worktree made fresh (a task attempt always
 * starts clean); without, an existing worktree on that branch is kept as it is
 * (the run's own worktree, which a resumed run goes on with). Idempotent.
 */
export async function ensureWorktree(input: { repo: string; dir: string; branch: string; resetTo?: string }): Promise<{ created: boolean }> {
  const { repo, dir, branch } = input;
  const existing = await findWorktree(repo, dir);
  // Git's record alone is not the worktree: one deleted by hand is still listed until pruned.
  if (existing && input.resetTo === undefined && existing.branch === `refs/heads/${branch}` && (await checkedOut(dir))) return { created: false };
  if (existing || existsSync(dir)) await removeWorktree({ repo, dir });
  // Checked out from inside the new worktree, not by `worktree add` run in `repo`: config included only
  // there (`includeIf "onbranch:…"`, `"gitdir:…"`) can define a filter, which Tandem's git must see to blank.
  const add = ['worktree', 'add', '--quiet', '--no-checkout'];
  const args = input.resetTo === undefined ? [...add, dir, branch] : [...add, '-B', branch, dir, input.resetTo];
  const added = await git(repo, args, { okExitCodes: [128] });
  if (added.exitCode !== 0) {
    // The branch may still be registered to a worktree deleted by hand (or left locked by a kill): forget it, then once more.
    await removeWorktree({ repo, dir });
    await git(repo, ['worktree', 'prune']);
    await git(repo, args);
  }
  await git(dir, ['reset', '--hard', '--quiet']);
  return { created: true };
}

/**
 * The worktree at `dir` has its branch checked out: git wrote its index, which `worktree add
 * --no-checkout` does not (a kill between that and the checkout leaves a worktree without one).
 */
async function checkedOut(dir: string): Promise<boolean> {
  try {
    const pointer = (await readFile(join(dir, '.git'), 'utf8')).match(/^gitdir: (.+)$/m)?.[1];
    return pointer !== undefined && existsSync(join(resolve(dir, pointer.trim()), 'index'));
  } catch {
    return false;
  }
}

/** Removes the worktree at `dir` (its files and git's record of it), and then `branch` if given. Idempotent. */
export async function removeWorktree(input: { repo: string; dir: string; branch?: string }): Promise<void> {
  const { repo, dir } = input;
  // Not `git worktree remove --force`: it refuses a worktree holding a nested repository the agent made.
  await rm(dir, { recursive: true, force: true });
  await unlockRecords(repo, dir);
  await git(repo, ['worktree', 'prune']);
  if (input.branch !== undefined) await deleteBranches(repo, [input.branch]);
}

/** Deletes local branches; ones already gone are fine. */
export async function deleteBranches(repo: string, branches: string[]): Promise<void> {
  if (branches.length > 0) await git(repo, ['branch', '-D', '--quiet', ...branches], { okExitCodes: [1] });
}

/** Local branches whose names start with `prefix` (the task branches of a run: `tandem/x--`). */
export async function branchesWithPrefix(repo: string, prefix: string): Promise<string[]> {
  const { stdout } = await git(repo, ['for-each-ref', '--format=%(refname:short)', `refs/heads/${prefix}*`]);
  return stdout.split('\n').filter((name) => name.startsWith(prefix));
}

/** Removes every Tandem worktree under `root` except those in `keep` (leftovers of a killed run). Returns the dirs removed. */
export async function pruneWorktreesUnder(input: { repo: string; root: string; keep: string[]; branchPrefix: string }): Promise<string[]> {
  const root = await canonicalDir(input.root);
  const keep = await Promise.all(input.keep.map((dir) => canonicalDir(dir)));
  const removed: string[] = [];
  for (const entry of await listWorktrees(input.repo)) {
    const dir = await canonicalDir(entry.dir);
    if (!dir.startsWith(`${root}/`) || keep.includes(dir)) continue;
    const branch = entry.branch?.replace(/^refs\/heads\//, '');
    await removeWorktree({ repo: input.repo, dir: entry.dir, ...(branch?.startsWith(input.branchPrefix) ? { branch } : {}) });
    removed.push(entry.dir);
  }
  await git(input.repo, ['worktree', 'prune']);
  return removed;
}

/** The branch checked out in the worktree at `dir`, from git's own record; undefined when it is not a worktree. */
export async function worktreeBranch(repo: string, dir: string): Promise<string | undefined> {
  return (await findWorktree(repo, dir))?.branch?.replace(/^refs\/heads\//, '');
}

/** The repository's main worktree (the user's checkout), whichever worktree `repo` names. */
export async function mainWorktree(repo: string): Promise<string> {
  const common = await gitLine(repo, ['rev-parse', '--path-format=absolute', '--git-common-dir']);
  return common.replace(/\/\.git\/?$/, '');
}

async function findWorktree(repo: string, dir: string): Promise<WorktreeEntry | undefined> {
  const wanted = await canonicalDir(dir);
  for (const entry of await listWorktrees(repo)) if ((await canonicalDir(entry.dir)) === wanted) return entry;
  return undefined;
}

/**
 * `git worktree add` marks its record `locked` while it checks files out and
 * unmarks it at the end: a kill in between leaves a record `prune` never
 * removes, holding its branch for good. Only records of `dir` are touched.
 */
async function unlockRecords(repo: string, dir: string): Promise<void> {
  const records = join(await commonGitDir(repo), 'worktrees');
  const wanted = join(await canonicalDir(dir), '.git');
  const names = await readdir(records).catch(() => [] as string[]);
  for (const name of names) {
    const gitdir = (await readFile(join(records, name, 'gitdir'), 'utf8').catch(() => '')).trim();
    if (gitdir === wanted || gitdir === join(dir, '.git')) await rm(join(records, name, 'locked'), { force: true });
  }
}

/** The repository's shared git directory: `<repo>/.git` for a plain checkout. */
async function commonGitDir(repo: string): Promise<string> {
  const dotGit = join(repo, '.git');
  if ((await stat(dotGit).catch(() => undefined))?.isDirectory()) return dotGit;
  return gitLine(repo, ['rev-parse', '--path-format=absolute', '--git-common-dir']);
}

/** `path` with symlinks resolved, as git records a worktree; the path itself when it does not exist. */
export async function canonicalDir(path: string): Promise<string> {
  return realpath(path).catch(() => path.replace(/\/+$/, ''));
}
