/**
 * A run works in a worktree, and a worktree starts without what git ignores.
 * When the checkout holds git-ignored dependency folders (node_modules, a
 * virtualenv) and tandem.yaml has no `run.workspaceSetup`, one note says so
 * before the baseline runs, with the setup command the project's files
 * suggest, so a baseline that fails for want of them is no surprise.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gitLine } from '../../git/run-git.js';

/** Top-level folders that hold installed dependencies, and the setup that makes each again. */
const DEPENDENCY_FOLDERS: ReadonlyArray<{ folder: string; setup: (repo: string) => string }> = [
  { folder: 'node_modules', setup: nodeSetup },
  { folder: '.venv', setup: (repo) => pythonSetup(repo, '.venv') },
  { folder: 'venv', setup: (repo) => pythonSetup(repo, 'venv') },
];

/** The note for stderr, or undefined when the worktree will not miss anything the checkout has. */
export async function ignoredDependenciesNote(repo: string, workspaceSetup: string | undefined): Promise<string | undefined> {
  if (workspaceSetup !== undefined) return undefined;
  const missing: Array<{ folder: string; setup: string }> = [];
  for (const { folder, setup } of DEPENDENCY_FOLDERS) {
    if (!existsSync(join(repo, folder))) continue;
    // Only what git ignores is left out of a worktree; a tracked folder comes along. `--directory` stops at the folder.
    const ignored = await gitLine(repo, ['ls-files', '--others', '--ignored', '--exclude-standard', '--directory', '--', folder]);
    if (ignored !== '') missing.push({ folder, setup: setup(repo) });
  }
  if (missing.length === 0) return undefined;
  const folders = missing.map((entry) => entry.folder).join(', ');
  return (
    `tandem: the run works in a worktree of its own, which starts without git-ignored files (${folders} here). ` +
    `If the tests need ${missing.length === 1 ? 'it' : 'them'}, set run.workspaceSetup in tandem.yaml (e.g. \`workspaceSetup: ${missing[0]!.setup}\`; ` +
    `it runs sandboxed and offline, so name the package cache it reads in sandbox.caches), or run with --in-checkout (docs/parallel.md).\n`
  );
}

function nodeSetup(repo: string): string {
  if (existsSync(join(repo, 'pnpm-lock.yaml'))) return 'pnpm install --frozen-lockfile --offline';
  if (existsSync(join(repo, 'yarn.lock'))) return 'yarn install --frozen-lockfile --offline';
  return existsSync(join(repo, 'package-lock.json')) ? 'npm ci --offline' : 'npm install --offline';
}

function pythonSetup(repo: string, folder: string): string {
  if (existsSync(join(repo, 'uv.lock'))) return 'uv sync --frozen --offline';
  const install = existsSync(join(repo, 'requirements.txt')) ? `${folder}/bin/pip install -r requirements.txt` : `${folder}/bin/pip install -e .`;
  return `python3 -m venv ${folder} && ${install}`;
}
