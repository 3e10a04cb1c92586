import { describe, expect, it } from 'vitest';
import { checkBranchIntegrity, commitTask, ensureRunBranch } from '../../git/index.js';
import { makeRepo, type TestRepo } from './helpers.js';

async function onRunBranch(repo: TestRepo): Promise<string> {
  const base = repo.git('rev-parse', 'HEAD');
  await ensureRunBranch({ repo: repo.dir, branch: 'tandem/todo', planRelPath: 'TODO.md', fromSha: base });
  return base;
}

describe('checkBranchIntegrity', () => {
  it('is ok when the branch is where Tandem left it, even with a dirty worktree', async () => {
    const repo = makeRepo();
    const base = await onRunBranch(repo);
    repo.write('wip.ts', 'x');
    expect(await checkBranchIntegrity({ repo: repo.dir, branch: 'tandem/todo', expectedHead: base })).toEqual({
      status: 'ok',
      head: base,
    });
  });

  it('is ok when only Tandem commits of this run follow expectedHead (a lost commit reply)', async () => {
    const repo = makeRepo();
    const base = await onRunBranch(repo);
    const t1 = await commitTask({ repo: repo.dir, baseSha: base, taskId: 'T1', title: 't', runId: 'r1', implementedBy: 'a', reviewedBy: [] });
    expect(await checkBranchIntegrity({ repo: repo.dir, branch: 'tandem/todo', expectedHead: base, runId: 'r1' })).toEqual({
      status: 'ok',
      head: t1.sha,
    });
    const otherRun = await checkBranchIntegrity({ repo: repo.dir, branch: 'tandem/todo', expectedHead: base, runId: 'r2' });
    expect(otherRun.status).toBe('moved');
  });

  it('detects a commit the user made on the run branch', async () => {
    const repo = makeRepo();
    const base = await onRunBranch(repo);
    const sha = repo.commit('quick fix by hand');
    expect(await checkBranchIntegrity({ repo: repo.dir, branch: 'tandem/todo', expectedHead: base })).toEqual({
      status: 'moved',
      head: sha,
      foreignCommits: [{ sha, subject: 'quick fix by hand' }],
      rewritten: false,
    });
  });

  it('detects rewritten history (amend)', async () => {
    const repo = makeRepo();
    await onRunBranch(repo);
    const first = repo.commit('first');
    repo.git('commit', '-q', '--amend', '-m', 'first, amended');
    const result = await checkBranchIntegrity({ repo: repo.dir, branch: 'tandem/todo', expectedHead: first });
    expect(result).toMatchObject({ status: 'moved', rewritten: true, foreignCommits: [{ subject: 'first, amended' }] });
  });

  it('detects a deleted branch and a checkout of another branch or a detached HEAD', async () => {
    const repo = makeRepo();
    const base = await onRunBranch(repo);
    const input = { repo: repo.dir, branch: 'tandem/todo', expectedHead: base };
    repo.git('switch', '-q', 'main');
    expect(await checkBranchIntegrity(input)).toEqual({ status: 'switched', currentBranch: 'main' });
    repo.git('checkout', '-q', '--detach', 'tandem/todo');
    expect(await checkBranchIntegrity(input)).toEqual({ status: 'switched', currentBranch: null });
    repo.git('switch', '-q', 'main');
    repo.git('branch', '-D', 'tandem/todo');
    expect(await checkBranchIntegrity(input)).toEqual({ status: 'deleted' });
  });
});
