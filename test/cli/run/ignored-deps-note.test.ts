/** The note a run in a worktree gives when the checkout has git-ignored dependency folders the worktree will lack. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ignoredDependenciesNote } from '../../../cli/run/ignored-deps-note.js';
import { greekRepo } from '../../run/fixtures.js';

describe('ignoredDependenciesNote', () => {
  it('names ignored node_modules and .venv, with a setup command from the lockfile, and points at --in-checkout', async () => {
    const repo = await greekRepo();
    await repo.write('.gitignore', 'node_modules/\n.venv\n');
    await repo.write('package-lock.json', '{}\n');
    await mkdir(join(repo.root, 'node_modules', 'left-pad'), { recursive: true });
    await mkdir(join(repo.root, '.venv', 'bin'), { recursive: true });
    const note = await ignoredDependenciesNote(repo.root, undefined);
    expect(note).toContain('starts without git-ignored files (node_modules, .venv here)');
    expect(note).toContain('`workspaceSetup: npm ci --offline`');
    expect(note).toContain('--in-checkout');
  });

  it('says nothing when tandem.yaml has a setup, when the folder is tracked, or when there is none', async () => {
    const repo = await greekRepo();
    await repo.write('.gitignore', 'node_modules/\n');
    await mkdir(join(repo.root, 'node_modules', 'x'), { recursive: true });
    expect(await ignoredDependenciesNote(repo.root, 'npm ci --offline')).toBeUndefined();
    const tracked = await greekRepo();
    await tracked.write('venv/keep.txt', 'committed on purpose\n');
    await tracked.commitAll('vendored venv');
    expect(await ignoredDependenciesNote(tracked.root, undefined)).toBeUndefined();
    expect(await ignoredDependenciesNote((await greekRepo()).root, undefined)).toBeUndefined();
  });

  it('suggests a virtualenv from requirements.txt, or uv sync with a uv.lock', async () => {
    const repo = await greekRepo();
    await repo.write('.gitignore', 'venv/\n');
    await repo.write('requirements.txt', 'pytest\n');
    await mkdir(join(repo.root, 'venv'), { recursive: true });
    expect(await ignoredDependenciesNote(repo.root, undefined)).toContain('`workspaceSetup: python3 -m venv venv && venv/bin/pip install -r requirements.txt`');
    await repo.write('uv.lock', '');
    expect(await ignoredDependenciesNote(repo.root, undefined)).toContain('`workspaceSetup: uv sync --frozen --offline`');
  });
});
