import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureWorktree } from '../../git/worktree.js';
import { gitIn, makeRepo } from './helpers.js';

/** A repository whose config, included only on `tandem/…` branches, defines a filter that `*.txt` uses. */
function repoWithBranchFilter() {
  const markers = mkdtempSync(path.join(os.tmpdir(), 'tandem-markers-'));
  const plant = (name: string) => {
    const script = path.join(markers, `${name}.sh`);
    writeFileSync(script, `#!/bin/sh\ntouch '${path.join(markers, name)}.ran'\ncat\n`);
    chmodSync(script, 0o755);
    return script;
  };
  const repo = makeRepo();
  const included = path.join(markers, 'branch.cfg');
  writeFileSync(included, `[filter "evil"]\n\tsmudge = ${plant('smudge')}\n\tclean = ${plant('clean')}\n`);
  repo.git('config', 'includeIf.onbranch:tandem/**.path', included);
  repo.write('.gitattributes', '*.txt filter=evil\n');
  repo.write('x.txt', 'x\n');
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'attributes');
  const ran = () => readdirSync(markers).filter((name) => name.endsWith('.ran')).sort();
  return { repo, head: repo.git('rev-parse', 'HEAD'), ran };
}

const newDir = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'tandem-wt-')), 'lane');

describe('ensureWorktree', () => {
  it('checks the branch out without running a filter that config included only on that branch defines', async () => {
    const { repo, head, ran } = repoWithBranchFilter();
    const dir = newDir();

    await ensureWorktree({ repo: repo.dir, dir, branch: 'tandem/run--T1', resetTo: head });

    expect(ran()).toEqual([]);
    expect(readFileSync(path.join(dir, 'x.txt'), 'utf8')).toBe('x\n');
    expect(gitIn(dir, ['status', '--porcelain'])).toBe('');
    // The control: plain `git worktree add` runs the filter.
    spawnSync('git', ['worktree', 'add', '--quiet', '-b', 'tandem/control', newDir(), head], { cwd: repo.dir, stdio: 'ignore' });
    expect(ran()).toContain('smudge.ran');
  });

  it("keeps an existing worktree on the branch as it is, the work in it included (the run's own worktree)", async () => {
    const repo = makeRepo();
    const dir = newDir();
    repo.git('branch', 'tandem/run');
    await ensureWorktree({ repo: repo.dir, dir, branch: 'tandem/run' });
    writeFileSync(path.join(dir, 'work.txt'), 'in progress\n');

    expect(await ensureWorktree({ repo: repo.dir, dir, branch: 'tandem/run' })).toEqual({ created: false });
    expect(readFileSync(path.join(dir, 'work.txt'), 'utf8')).toBe('in progress\n');
  });

  it('checks out a worktree that a kill left between its creation and its checkout', async () => {
    const repo = makeRepo();
    const dir = newDir();
    repo.git('branch', 'tandem/run');
    repo.git('worktree', 'add', '--quiet', '--no-checkout', dir, 'tandem/run');
    expect(existsSync(path.join(dir, 'README.md'))).toBe(false);

    expect(await ensureWorktree({ repo: repo.dir, dir, branch: 'tandem/run' })).toEqual({ created: true });
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('# test\n');
    expect(gitIn(dir, ['status', '--porcelain'])).toBe('');
  });

  it('makes a worktree deleted by hand again', async () => {
    const repo = makeRepo();
    const dir = newDir();
    repo.git('branch', 'tandem/run');
    await ensureWorktree({ repo: repo.dir, dir, branch: 'tandem/run' });
    rmSync(dir, { recursive: true, force: true });

    expect(await ensureWorktree({ repo: repo.dir, dir, branch: 'tandem/run' })).toEqual({ created: true });
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('# test\n');
  });
});
