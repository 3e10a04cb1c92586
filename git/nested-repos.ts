/**
 * Repositories an agent creates inside the workspace (`git init sub`, a
 * `.git` file pointing at a git directory it made, a bare git directory) are
 * never followed, never committed as gitlinks and never break `git add -A`
 * ("'sub/' does not have a commit checked out"). Their git directories are
 * moved out of the worktree into `.git/tandem/quarantine/`, where nothing runs
 * them and the user can still look; the files around them become plain files.
 */
import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { git, gitLine } from './run-git.js';

/** Nested repositories inside nested repositories are found one level per round. */
const MAX_DEPTH = 8;

export interface QuarantinedRepo {
  /** The git directory or `.git` file as it was in the worktree, repo-relative, e.g. `sub/.git` or `gd`. */
  path: string;
  /** Where it is now (absolute). */
  movedTo: string;
}

/** `dir` has what git needs to take it for a git directory: HEAD, objects/ and refs/. */
function looksLikeGitDir(dir: string): boolean {
  try {
    return lstatSync(path.join(dir, 'HEAD')).isFile() && statSync(path.join(dir, 'objects')).isDirectory() && statSync(path.join(dir, 'refs')).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Repo-relative paths of the git directories and `.git` files inside the
 * worktree that git itself does not manage: nested repositories in untracked
 * or tracked directories and bare git directories. Registered submodules
 * (gitlinks in the index) and ignored directories are left alone.
 */
export async function findNestedRepos(repo: string): Promise<string[]> {
  return (await scanWorktree(repo)).nested;
}

interface WorktreeScan {
  nested: string[];
  indexHasGitlinks: boolean;
  /** Every tracked and untracked file that is not ignored (no gitlinks), repo-relative, as listed. */
  files: string[];
}

/** findNestedRepos, whether the index holds any gitlink (a submodule entry) right now, and the files listed. */
async function scanWorktree(repo: string): Promise<WorktreeScan> {
  // One listing of both kinds: `H <mode> <sha> <stage>\t<path>` for tracked paths, `? <path>`
  // for untracked ones, where an untracked nested repository is its directory plus a slash.
  const { stdout } = await git(repo, ['ls-files', '-z', '-t', '-s', '--cached', '--others', '--exclude-standard']);
  const found = new Set<string>();
  const gitlinks = new Set<string>();
  const files: string[] = [];
  for (const record of stdout.split('\0')) {
    if (record.startsWith('? ')) {
      const rel = record.slice(2);
      if (rel.endsWith('/')) found.add(`${rel}.git`);
      else if (path.posix.basename(rel) === 'HEAD' && looksLikeGitDir(path.join(repo, path.posix.dirname(rel)))) found.add(path.posix.dirname(rel));
      else files.push(rel);
    } else if (record.length > 2) {
      // At the first tab only: a path may hold tabs of its own.
      const fields = record.slice(2);
      const tab = fields.indexOf('\t');
      const meta = fields.slice(0, tab);
      const rel = fields.slice(tab + 1);
      if (meta.startsWith('160000 ')) gitlinks.add(rel);
      else files.push(rel);
    }
  }
  // A `.git` inside a directory that also holds tracked files: git skips it, but a user who later runs git there would not.
  const dirs = new Set<string>();
  for (const rel of files) {
    for (let dir = path.posix.dirname(rel); dir !== '.' && !dirs.has(dir); dir = path.posix.dirname(dir)) dirs.add(dir);
  }
  for (const dir of dirs) {
    if (!gitlinks.has(dir) && existsSync(path.join(repo, dir, '.git'))) found.add(`${dir}/.git`);
  }
  const nested = [...found].filter((rel) => rel !== '.' && ![...found].some((other) => other !== rel && rel.startsWith(`${other}/`))).sort();
  return { nested, indexHasGitlinks: gitlinks.size > 0, files };
}

/**
 * Moves every nested repository findNestedRepos reports out of the worktree,
 * into `<git dir>/tandem/quarantine/<time>/<path>`. Idempotent; returns what
 * it moved (empty almost always).
 */
export async function quarantineNestedRepos(input: { repo: string }): Promise<QuarantinedRepo[]> {
  return (await quarantineAndScan(input)).moved;
}

export interface QuarantineScan {
  moved: QuarantinedRepo[];
  /** Whether the index held a gitlink when the worktree was last listed. False (with nothing moved) means `git add -A` right after can add no gitlink, so a commit need not look for one (commit-task.ts). */
  indexHasGitlinks: boolean;
  /** The last listing's files (tracked and untracked, not ignored, no gitlinks): what `git add -A` right after stages. */
  files: string[];
}

/** quarantineNestedRepos, and what the last listing of the worktree said. */
export async function quarantineAndScan(input: { repo: string }): Promise<QuarantineScan> {
  const { repo } = input;
  const moved: QuarantinedRepo[] = [];
  let bucket: string | undefined;
  let indexHasGitlinks = false;
  let files: string[] = [];
  // A repository inside an untracked nested one shows only once the outer one is gone.
  for (let round = 0; round < MAX_DEPTH; round++) {
    const scan = await scanWorktree(repo);
    indexHasGitlinks = scan.indexHasGitlinks;
    files = scan.files;
    const found = scan.nested;
    if (found.length === 0) break;
    bucket ??= path.join(path.resolve(repo, await gitLine(repo, ['rev-parse', '--git-common-dir'])), 'tandem', 'quarantine', new Date().toISOString().replace(/[:.]/g, '-'));
    for (const rel of found) {
      const from = path.join(repo, rel);
      const to = path.join(bucket, rel);
      await mkdir(path.dirname(to), { recursive: true });
      await rename(from, to).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EXDEV') throw error;
        await cp(from, to, { recursive: true, verbatimSymlinks: true });
        await rm(from, { recursive: true, force: true });
      });
      moved.push({ path: rel, movedTo: to });
    }
  }
  if (moved.length === 0) return { moved, indexHasGitlinks, files };
  console.warn(`tandem: moved nested git repositories out of ${repo}: ${moved.map((m) => m.path).join(', ')} (kept in ${bucket})`);
  return { moved, indexHasGitlinks, files };
}

/**
 * quarantineNestedRepos after a write of the one file `written` (relative to
 * `repo`) by a tool that cannot write inside `.git`: such a write can only
 * complete a bare git directory (HEAD, objects/, refs/) in one of the
 * directories above it, so the whole worktree is listed only when one of them,
 * as written or as resolved through symlinks, now looks like one.
 */
export async function quarantineNestedReposAbove(input: { repo: string; written: string }): Promise<QuarantinedRepo[]> {
  const root = realpathSync(input.repo);
  const candidates: string[] = [];
  for (let dir = path.dirname(path.resolve(root, input.written)); isBelow(root, dir); dir = path.dirname(dir)) candidates.push(dir);
  try {
    const real = realpathSync(path.dirname(path.resolve(root, input.written)));
    for (let dir = real; isBelow(root, dir); dir = path.dirname(dir)) candidates.push(dir);
  } catch {
    // The directory is gone or unreadable: the lexical candidates have to do.
  }
  return candidates.some(looksLikeGitDir) ? quarantineNestedRepos(input) : [];
}

/** `dir` is strictly inside `root` (the worktree root itself is the repository, not a nested one). */
function isBelow(root: string, dir: string): boolean {
  const rel = path.relative(root, dir);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/** What the model reads when its command left nested repositories behind. */
export function describeQuarantine(moved: readonly QuarantinedRepo[]): string {
  const paths = moved.map((m) => m.path).join(', ');
  return `Nested git repositories are not allowed in the workspace; Tandem removed ${paths}. The other files stay as plain files of this repository. Do not run \`git init\` or create .git files or git directories; Tandem commits your work itself.`;
}
