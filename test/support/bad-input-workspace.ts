/**
 * Workspaces for the bad-input table, and a snapshot of everything a refused
 * command must leave alone: every file (by content), HEAD, every ref, the
 * worktree status and the repository's config (where run branches record
 * their plan).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { greekRepo, tandemYaml } from '../run/fixtures.js';
import type { TestRepo } from './git-repo.js';

export interface WorkspaceState {
  /** Path (relative, `.git/` excluded) → sha256 of the content, or `-> target` for a symlink. */
  files: Record<string, string>;
  /** Undefined outside a git repository. */
  git?: { head: string; refs: string; status: string; config: string };
}

/** What a refused command must not change. */
export async function workspaceState(root: string): Promise<WorkspaceState> {
  const files: Record<string, string> = {};
  await collectFiles(root, '', files);
  // safe.directory: the state of a repository owned by another user is read all the same.
  const git = async (...args: string[]) => (await execa('git', ['-c', 'safe.directory=*', ...args], { cwd: root, reject: false })).stdout;
  const isRepo = (await git('rev-parse', '--git-dir')).trim() === '.git';
  if (!isRepo) return { files };
  return {
    files,
    git: {
      head: `${await git('symbolic-ref', '-q', 'HEAD')} ${await git('rev-parse', '-q', '--verify', 'HEAD')}`,
      refs: await git('for-each-ref', '--format=%(refname) %(objectname)'),
      status: await git('status', '--porcelain=v1', '--untracked-files=all'),
      config: await readFile(join(root, '.git', 'config'), 'utf8'),
    },
  };
}

async function collectFiles(root: string, dir: string, into: Record<string, string>): Promise<void> {
  for (const entry of await readdir(join(root, dir), { withFileTypes: true })) {
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (rel === '.git') continue;
    if (entry.isDirectory()) await collectFiles(root, rel, into);
    else if (entry.isSymbolicLink()) into[rel] = `-> ${await readlink(join(root, rel))}`;
    else into[rel] = createHash('sha256').update(await readFile(join(root, rel))).digest('hex');
  }
}

/**
 * The run tests' Greek-letters repo with some files replaced (committed, so
 * the tree is clean), then `after` to break it further. Returns the root.
 */
export async function greekWith(files: Record<string, string> = {}, after?: (repo: TestRepo) => Promise<unknown>): Promise<string> {
  const repo = await greekRepo();
  if (Object.keys(files).length > 0) {
    for (const [path, content] of Object.entries(files)) await repo.write(path, content);
    await repo.commitAll('bad input');
  }
  await after?.(repo);
  return repo.root;
}

/** A directory with a plan and a config but no git repository around it. */
export async function notARepo(): Promise<string> {
  const root = realpathSync(await mkdtemp(join(tmpdir(), 'tandem-not-a-repo-')));
  await writeFile(join(root, 'TODO.md'), '# Plan: Greek letters\n\n- [ ] T1: Write alpha\n  - Depends on: none\n');
  await writeFile(join(root, 'tandem.yaml'), tandemYaml());
  return root;
}

/** `tandem.yaml` for the run fixtures with `models:` replaced by `models`. */
export function yamlWithModels(models: string): string {
  return tandemYaml().replace(/^models:\n(?: {2}.*\n)+/, `models:\n${models}`);
}
