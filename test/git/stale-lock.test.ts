import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { commitTask } from '../../git/index.js';
import { gitRunsIn, lockFromError, removeStaleLock } from '../../git/stale-lock.js';
import { waitFor } from '../support/wait.js';
import { makeRepo } from './helpers.js';

describe('stale git locks', () => {
  it('reads the lock path from git\'s message', () => {
    expect(lockFromError("fatal: Unable to create '/r/.git/index.lock': File exists.\n\nAnother git process seems to be running")).toBe('/r/.git/index.lock');
    expect(lockFromError('fatal: bad object')).toBeUndefined();
  });

  it('a zombie git elsewhere on the machine (exited, not reaped yet) does not count as a git working here', async () => {
    const repo = makeRepo();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-zombie-'));
    // A process named git that exits at once under a parent that never waits for it: a zombie.
    copyFileSync('/bin/true', path.join(dir, 'git'));
    const parent = spawn('sh', ['-c', `'${path.join(dir, 'git')}' & exec sleep 30`], { cwd: dir, detached: true, stdio: 'ignore' });
    try {
      const zombie = () => childrenOf(parent.pid!).find((pid) => /\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8')));
      await waitFor(() => zombie() !== undefined, 'the git child to become a zombie');
      expect(gitRunsIn(repo.dir)).toBe(false);
    } finally {
      process.kill(-parent.pid!, 'SIGKILL');
    }
  });

  it('are kept while git runs, and removed (with a warning) once a SIGKILL left them behind', async () => {
    const repo = makeRepo();
    const base = repo.git('rev-parse', 'HEAD');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-lock-'));
    const started = path.join(dir, 'started');
    mkdirSync(path.join(dir, 'hooks'));
    // The user's own `commit -a`, held inside its pre-commit hook: it holds index.lock meanwhile.
    writeFileSync(path.join(dir, 'hooks/pre-commit'), `#!/bin/sh\ntouch '${started}'\nexec sleep 120\n`);
    chmodSync(path.join(dir, 'hooks/pre-commit'), 0o755);
    repo.write('a.txt', 'a\n');
    repo.git('add', 'a.txt');
    const held = spawn('git', ['-c', `core.hooksPath=${path.join(dir, 'hooks')}`, 'commit', '-q', '-a', '-m', 'held'], { cwd: repo.dir, detached: true, stdio: 'ignore' });
    const exited = new Promise((resolve) => held.once('exit', resolve));
    const lock = path.join(repo.dir, '.git/index.lock');
    await waitFor(() => existsSync(started), 'the pre-commit hook to start');
    expect(existsSync(lock)).toBe(true);

    expect(removeStaleLock(repo.dir, lock)).toBe(false); // a git is still working here
    expect(existsSync(lock)).toBe(true);

    process.kill(-held.pid!, 'SIGKILL');
    await exited;
    await waitFor(() => gitRunsIn(repo.dir) === false, 'the killed git to be gone');
    expect(existsSync(lock)).toBe(true);

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const commit = await commitTask({ repo: repo.dir, baseSha: base, taskId: 'T1', title: 't', runId: 'r', implementedBy: 'm', reviewedBy: [] });
      expect(commit.alreadyCommitted).toBe(false);
      expect(repo.git('show', '--format=', '--name-only', commit.sha)).toBe('a.txt');
      expect(warn).toHaveBeenCalledWith(expect.stringContaining(`removed stale git lock ${lock}`));
    } finally {
      warn.mockRestore();
    }
    expect(existsSync(lock)).toBe(false);
  });
});

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
