import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureRunBranch, resetToBase, ROLLBACK_REF } from '../../git/index.js';
import { gitIn, makeRepo } from './helpers.js';

describe('resetToBase after a task that built nested repositories', () => {
  it('restores the exact pre-task tree, keeps ignored and pre-existing files, and backs the work up', async () => {
    const repo = makeRepo();
    repo.commit('docs', 'docs/a.md', 'docs\n');
    repo.write('node_modules/dep/index.js', 'ignored, there before the task\n');
    const base = repo.git('rev-parse', 'HEAD');
    await ensureRunBranch({ repo: repo.dir, branch: 'tandem/todo', planRelPath: 'TODO.md', fromSha: base });
    const before = repo.git('ls-files', '-s');

    // What the measured task left: NOTES.md, gd/, sub/ and sub2/ (and `.git` in a tracked directory).
    repo.write('NOTES.md', 'notes\n');
    repo.write('sub/f.txt', 'x\n');
    gitIn(path.join(repo.dir, 'sub'), ['init', '-q']);
    gitIn(repo.dir, ['init', '-q', '--bare', 'gd']);
    repo.write('sub2/.git', 'gitdir: ../gd\n');
    repo.write('sub2/g.txt', 'y\n');
    gitIn(path.join(repo.dir, 'docs'), ['init', '-q']);
    repo.write('docs/a.md', 'changed\n');

    const result = await resetToBase({ repo: repo.dir, sha: base });
    expect(repo.git('status', '--porcelain', '--ignored=no', '-uall')).toBe('');
    for (const gone of ['NOTES.md', 'sub', 'sub2', 'gd', 'docs/.git']) expect(repo.exists(gone), gone).toBe(false);
    expect(repo.read('docs/a.md')).toBe('docs\n');
    expect(repo.read('node_modules/dep/index.js')).toBe('ignored, there before the task\n');
    expect(repo.git('ls-files', '-s')).toBe(before);
    expect(repo.git('show', `${ROLLBACK_REF}:sub/f.txt`)).toBe('x');
    expect(repo.git('show', `${ROLLBACK_REF}:NOTES.md`)).toBe('notes');
    expect(result.backup).not.toBeNull();
  });
});
