/**
 * The review's staging of the worktree, kept for the task's commit: the review
 * lists the worktree (moving nested repositories out), stages it into a
 * private index and diffs that; when the worktree is still as the review saw
 * it (worktree-seal.ts), the commit is written from that index, which spares
 * the commit a second listing and a second `git add -A`.
 *
 * The commit then records exactly what the reviewers read, plus the paths
 * Tandem itself rewrites before committing (the plan's mark). A staging is only
 * kept when it has no gitlink at all, so such a commit never needs the base's
 * submodule entries put back (gitlinks.ts).
 */
import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import path from 'node:path';
import { readJsonIfExists, writeJsonAtomic } from '../journal/files.js';
import { gitDirsOf } from './git-dir.js';
import { readObject } from './object-reader.js';
import { sealHolds, type WorktreeSeal } from './worktree-seal.js';

interface StagingRecord {
  /** The commit the staging was diffed against: a commit on another base cannot use it. */
  base: string;
  seal: WorktreeSeal;
}

const INDEX = 'index';
const RECORD = 'staging.json';

/**
 * Keeps `indexFile` (with its mtime, which git's racy-entry check reads) and the seal in `dir`.
 * The old record goes first and the new one last, so an interrupted keep leaves no staging at all.
 */
export async function keepStaging(input: { dir: string; indexFile: string; base: string; seal: WorktreeSeal }): Promise<void> {
  // Synchronous file calls, as in journal/files.ts: each promise-based one is several thread-pool hops.
  mkdirSync(input.dir, { recursive: true });
  rmSync(path.join(input.dir, RECORD), { force: true });
  const copy = path.join(input.dir, `${INDEX}.${process.pid}.${Date.now()}`);
  copyFileSync(input.indexFile, copy);
  const original = statSync(input.indexFile);
  utimesSync(copy, original.atime, original.mtime);
  renameSync(copy, path.join(input.dir, INDEX));
  const record: StagingRecord = { base: input.base, seal: input.seal };
  await writeJsonAtomic(path.join(input.dir, RECORD), record);
}

/** Forgets a kept staging (after the commit, or when the attempt failed). Idempotent. */
export async function dropStaging(dir: string): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The kept index in `dir`, when a commit on `base` may be written from it:
 * it was staged on `base`, each path in `restage` was listed then and is a
 * file at `base` (so `git commit --include` stages it again, see commit-task.ts),
 * and the seal holds. Otherwise undefined, and the commit lists and stages the worktree itself.
 */
export async function usableStaging(input: { repo: string; dir: string; base: string; restage: readonly string[] }): Promise<string | undefined> {
  const record = await readJsonIfExists<StagingRecord>(path.join(input.dir, RECORD));
  if (record === undefined || record.base !== input.base) return undefined;
  const listed = new Set(record.seal.files);
  for (const rel of input.restage) {
    if (!listed.has(rel)) return undefined;
    const atBase = await readObject(input.repo, `${input.base}:${rel}`);
    if (atBase === undefined || 'missing' in atBase || atBase.type !== 'blob') return undefined;
  }
  return sealHolds(input.repo, record.seal) ? path.join(input.dir, INDEX) : undefined;
}

/**
 * Makes `indexFile` the repository's index the way git writes one: through
 * `index.lock`, created exclusively, then renamed over the index. False when
 * the lock is taken or the git directory cannot be found without git.
 */
export async function installIndex(repo: string, indexFile: string): Promise<boolean> {
  const gitDir = gitDirsOf(repo)?.gitDir;
  if (gitDir === undefined) return false;
  const target = path.join(gitDir, 'index');
  const lock = `${target}.lock`;
  let fd: number;
  try {
    fd = openSync(lock, 'wx');
  } catch {
    return false;
  }
  try {
    const content = readFileSync(indexFile);
    for (let written = 0; written < content.length; ) written += writeSync(fd, content, written);
    closeSync(fd);
    fd = -1;
    const original = statSync(indexFile);
    utimesSync(lock, original.atime, original.mtime);
    renameSync(lock, target);
    return true;
  } catch (error) {
    if (fd !== -1) closeSync(fd);
    rmSync(lock, { force: true });
    throw error;
  }
}
