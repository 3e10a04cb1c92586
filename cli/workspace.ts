/**
 * Where a command works: the repository root, the plan or design path inside
 * it, and the readable workflow ids derived from them (the same plan, the
 * same id).
 */
import { createHash } from 'node:crypto';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { TandemError } from '../errors/tandem-error.js';
import { git } from '../git/run-git.js';
import { journalDirName } from '../journal/layout.js';
import { tandemHome } from '../temporal/state-dir.js';

/** The git top level containing `path` (a file or a directory), or undefined outside a repository. */
export async function gitRoot(path: string): Promise<string | undefined> {
  const dir = existsSync(path) && statSync(path).isDirectory() ? path : dirname(resolve(path));
  if (!existsSync(dir)) return undefined;
  // Through run-git, like every git Tandem runs on a workspace (hardened config; a dubious-ownership repository is named as such).
  const result = await git(dir, ['rev-parse', '--show-toplevel'], { okExitCodes: [128] });
  return result.exitCode === 0 ? realpathSync(result.stdout.trim()) : undefined;
}

/** `path` relative to `root`, with forward slashes; refuses paths outside the root. */
/** Why `path` is no directory to work in (`does not exist`, `is not a directory`), or undefined when it is one. */
export function directoryProblem(path: string): string | undefined {
  return !existsSync(path) ? 'does not exist' : !statSync(path).isDirectory() ? 'is not a directory' : undefined;
}

export function relativeInside(root: string, path: string, what: string): string {
  const absolute = existsSync(path) ? realpathSync(path) : resolve(path);
  const rel = relative(root, absolute).split('\\').join('/');
  if (rel.startsWith('..') || rel === '') {
    throw new TandemError(`The ${what} ${path} is not inside the repository ${root}.`, {
      code: 'PATH_OUTSIDE_REPO',
      hint: `Run tandem from inside the repository that holds the ${what}.`,
    });
  }
  return rel;
}

/** `app@1a2b3c`: the repository's name plus a short hash of its path, so two clones never share ids. */
export function repoKey(root: string): string {
  return `${basename(root)}@${createHash('sha256').update(root).digest('hex').slice(0, 6)}`;
}

export const planWorkflowId = (root: string, designRelPath: string) => `tandem/plan/${repoKey(root)}/${designRelPath}`;
export const runWorkflowId = (root: string, planRelPath: string) => `tandem/run/${repoKey(root)}/${planRelPath}`;

/** The journal root of a workflow id; each execution gets its own folder inside it. */
export function journalRootFor(workflowId: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(tandemHome(env), 'journal', journalDirName(workflowId));
}

/** The folder of a parallel run's worktrees (`--parallel`): Tandem's own, never inside the user's checkout. */
export function workspaceRootFor(workflowId: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(tandemHome(env), 'workspaces', journalDirName(workflowId));
}

/**
 * A fresh journal folder for a new execution, named so that `ls` sorts them by
 * start time. Only named here: the activities create it when they first write,
 * so attaching to a running workflow (which keeps its own) leaves no empty folder.
 */
export function newJournalDir(workflowId: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return join(journalRootFor(workflowId), `${stamp}-${Math.random().toString(36).slice(2, 8)}`);
}
