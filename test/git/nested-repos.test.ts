import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitTask, diffSince, snapshotWorktree } from '../../git/index.js';
import { keepBaseGitlinks } from '../../git/gitlinks.js';
import { describeQuarantine, findNestedRepos, quarantineAndScan, quarantineNestedRepos, quarantineNestedReposAbove } from '../../git/nested-repos.js';
import { gitIn, makeRepo, type TestRepo } from './helpers.js';

/** What an agent's `run_command` built in the measured escapes, minus the planted config. */
function plantNestedRepos(repo: TestRepo): void {
  repo.write('sub/f.txt', 'in a repository with no commit\n');
  gitIn(path.join(repo.dir, 'sub'), ['init', '-q']);
  repo.write('sub3/f.txt', 'in a repository with a commit\n');
  gitIn(path.join(repo.dir, 'sub3'), ['init', '-q']);
  gitIn(path.join(repo.dir, 'sub3'), ['add', 'f.txt']);
  gitIn(path.join(repo.dir, 'sub3'), ['-c', 'user.name=a', '-c', 'user.email=a@b', 'commit', '-q', '-m', 'x']);
  gitIn(repo.dir, ['init', '-q', '--bare', 'gd']);
  repo.write('sub2/.git', 'gitdir: ../gd\n');
  repo.write('sub2/g.txt', 'beside a gitfile\n');
  repo.write('docs/.git/HEAD', 'ref: refs/heads/main\n'); // a git dir inside a tracked directory
  mkdirSync(path.join(repo.dir, 'docs/.git/objects'), { recursive: true });
  mkdirSync(path.join(repo.dir, 'docs/.git/refs'), { recursive: true });
  repo.write('node_modules/dep/.git/HEAD', 'ignored, left alone\n');
}

describe('nested repositories', () => {
  it('are found: untracked ones, one behind a gitfile, a bare git dir, one in a tracked directory; ignored ones are not', async () => {
    const repo = makeRepo();
    repo.commit('docs', 'docs/a.md', 'docs\n');
    plantNestedRepos(repo);
    expect(await findNestedRepos(repo.dir)).toEqual(['docs/.git', 'gd', 'sub/.git', 'sub2/.git', 'sub3/.git']);
  });

  it('never break a snapshot or a commit, and end up as plain files without any gitlink', async () => {
    const repo = makeRepo();
    const base = repo.commit('docs', 'docs/a.md', 'docs\n');
    plantNestedRepos(repo);

    const snapshot = await snapshotWorktree({ repo: repo.dir, ref: 'refs/tandem/test/T1/step-1' });
    const snapshotTree = repo.git('ls-tree', '-r', snapshot.commitSha);
    expect(snapshotTree).not.toContain('160000');
    expect(snapshotTree).toContain('sub/f.txt');
    const diff = await diffSince({ repo: repo.dir, baseSha: base, maxBytes: 100_000 });
    expect(diff.files.map((file) => file.path).sort()).toEqual(['sub/f.txt', 'sub2/g.txt', 'sub3/f.txt']);

    const commit = await commitTask({ repo: repo.dir, baseSha: base, taskId: 'T1', title: 't', runId: 'r', implementedBy: 'm', reviewedBy: [] });
    const tree = repo.git('ls-tree', '-r', '--format=%(objectmode) %(path)', commit.sha).split('\n');
    expect(tree.filter((entry) => entry.startsWith('160000'))).toEqual([]);
    expect(tree).toEqual(expect.arrayContaining(['100644 sub/f.txt', '100644 sub2/g.txt', '100644 sub3/f.txt']));
    expect(tree.some((entry) => entry.includes('gd/'))).toBe(false);
    expect(repo.git('status', '--porcelain')).toBe('');
    for (const gone of ['sub/.git', 'sub2/.git', 'sub3/.git', 'gd', 'docs/.git']) expect(repo.exists(gone), gone).toBe(false);
    expect(repo.exists('node_modules/dep/.git/HEAD')).toBe(true);
    // Kept for the user to look at, where nothing runs them.
    const quarantine = repo.git('rev-parse', '--git-path', 'tandem/quarantine');
    expect(existsSync(path.resolve(repo.dir, quarantine))).toBe(true);
  });

  it('are reported to the model in a sentence that names them', async () => {
    const repo = makeRepo();
    plantNestedRepos(repo);
    const moved = await quarantineNestedRepos({ repo: repo.dir });
    expect(describeQuarantine(moved)).toMatch(/^Nested git repositories are not allowed in the workspace; Tandem removed .*sub\/\.git/);
    expect(await quarantineNestedRepos({ repo: repo.dir })).toEqual([]);
  });

  it('after a one-file write, are looked for only when that write completed a git directory above it', async () => {
    const repo = makeRepo();
    repo.write('gd/objects/info/x', '');
    repo.write('gd/HEAD', 'ref: refs/heads/main\n');
    expect(await quarantineNestedReposAbove({ repo: repo.dir, written: 'gd/HEAD' })).toEqual([]);
    repo.write('gd/refs/heads/x', '');
    repo.write('src/a.ts', 'a\n');
    expect(await quarantineNestedReposAbove({ repo: repo.dir, written: 'src/a.ts' })).toEqual([]);
    symlinkSync('gd', path.join(repo.dir, 'link'));
    const moved = await quarantineNestedReposAbove({ repo: repo.dir, written: 'link/refs/heads/x' });
    expect(moved.map((m) => m.path)).toEqual(['gd']);
    expect(repo.exists('gd')).toBe(false);
  });

  it('inside another one are found once the outer one is moved', async () => {
    const repo = makeRepo();
    repo.write('outer/inner/f.txt', 'x\n');
    gitIn(path.join(repo.dir, 'outer'), ['init', '-q']);
    gitIn(path.join(repo.dir, 'outer/inner'), ['init', '-q']);
    const moved = await quarantineNestedRepos({ repo: repo.dir });
    expect(moved.map((m) => m.path)).toEqual(['outer/.git', 'outer/inner/.git']);
  });
});

describe('keepBaseGitlinks', () => {
  it('drops a gitlink the base lacks and puts back the commit of one the base has', async () => {
    const repo = makeRepo();
    const someCommit = repo.git('rev-parse', 'HEAD');
    repo.git('update-index', '--add', '--cacheinfo', `160000,${someCommit},vendor/lib`);
    repo.git('commit', '-q', '-m', 'a real submodule');
    const base = repo.git('rev-parse', 'HEAD');
    const other = repo.commit('another');
    repo.git('reset', '-q', '--soft', base);
    repo.git('update-index', '--cacheinfo', `160000,${other},vendor/lib`);
    repo.git('update-index', '--add', '--cacheinfo', `160000,${other},sneaky`);
    writeFileSync(path.join(repo.dir, 'unrelated.txt'), 'x\n');
    repo.git('add', 'unrelated.txt');

    expect((await keepBaseGitlinks({ repo: repo.dir, baseSha: base })).sort()).toEqual(['sneaky', 'vendor/lib']);
    const staged = repo.git('ls-files', '-s');
    expect(staged).toContain(`160000 ${someCommit} 0\tvendor/lib`);
    expect(staged).not.toContain('sneaky');
    expect(staged).toContain('unrelated.txt');
  });

  it('keeps a gitlink staged straight into the index (no nested repository on disk) out of a task commit', async () => {
    const repo = makeRepo();
    const base = repo.git('rev-parse', 'HEAD');
    repo.git('update-index', '--add', '--cacheinfo', `160000,${base},sneaky`);
    repo.write('a.txt', 'a\n');
    const commit = await commitTask({ repo: repo.dir, baseSha: base, taskId: 'T1', title: 't', runId: 'r', implementedBy: 'm', reviewedBy: [] });
    const tree = repo.git('ls-tree', '-r', '--format=%(objectmode) %(path)', commit.sha).split('\n');
    expect(tree).toContain('100644 a.txt');
    expect(tree.filter((entry) => entry.startsWith('160000'))).toEqual([]);
  });
});

describe('the scan a review seals', () => {
  it('lists tracked and untracked paths whole, tabs in their names included', async () => {
    const repo = makeRepo();
    repo.write('tracked\tname.ts', 'tracked\n');
    repo.git('add', '--', 'tracked\tname.ts');
    repo.write('untracked\tname.ts', 'untracked\n');
    const scan = await quarantineAndScan({ repo: repo.dir });
    expect(scan.files).toEqual(expect.arrayContaining(['tracked\tname.ts', 'untracked\tname.ts', 'README.md']));
  });
});
