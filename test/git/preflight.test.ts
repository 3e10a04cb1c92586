import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { preflight, type PreflightInput } from '../../git/index.js';
import { TandemError } from '../../errors/tandem-error.js';
import { makeRepo, type TestRepo } from './helpers.js';

async function preflightError(input: PreflightInput): Promise<TandemError> {
  const error = await preflight(input).then(
    () => {
      throw new Error('preflight passed but should have failed');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TandemError);
  return error as TandemError;
}

function withPlan(repo: TestRepo): PreflightInput {
  repo.write('TODO.md', '# Plan\n- [ ] T1: do it\n');
  return { repo: repo.dir, planPath: 'TODO.md', planSlug: 'todo' };
}

describe('preflight', () => {
  it('accepts a clean repo with an untracked plan and names the run branch', async () => {
    const repo = makeRepo();
    const result = await preflight(withPlan(repo));
    expect(result).toMatchObject({
      currentBranch: 'main',
      runBranch: 'tandem/todo',
      runBranchExists: false,
      planRelPath: 'TODO.md',
      planTracked: false,
      planDirty: true,
      planIgnored: false,
      headSha: repo.git('rev-parse', 'HEAD'),
    });
  });

  it('works in a path with spaces and unicode, with the plan in a subfolder', async () => {
    const repo = makeRepo({ name: 'my répo ✓' });
    repo.write('plans/été 1/TODO ✓.md', '# Plan\n');
    const result = await preflight({ repo: repo.dir, planPath: 'plans/été 1/TODO ✓.md', planSlug: 'ete' });
    expect(result.planRelPath).toBe('plans/été 1/TODO ✓.md');
    expect(result.root.endsWith('my répo ✓')).toBe(true);
    expect(result.planDirty).toBe(true);
  });

  it('reports a committed, unchanged plan as tracked and clean', async () => {
    const repo = makeRepo();
    const input = withPlan(repo);
    repo.git('add', 'TODO.md');
    repo.git('commit', '-q', '-m', 'plan');
    expect(await preflight(input)).toMatchObject({ planTracked: true, planDirty: false });
  });

  it('GIT_NOT_A_REPO for a plain directory and for a missing one', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-norepo-'));
    writeFileSync(path.join(dir, 'TODO.md'), '# Plan\n');
    const error = await preflightError({ repo: dir, planPath: 'TODO.md', planSlug: 'todo' });
    expect(error.code).toBe('GIT_NOT_A_REPO');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('is not inside a git working tree');
    expect(error.hint).toContain('git init');
    const missing = await preflightError({ repo: path.join(dir, 'nope'), planPath: 'TODO.md', planSlug: 'todo' });
    expect(missing.code).toBe('GIT_NOT_A_REPO');
  });

  it('GIT_NO_COMMITS for a repo without commits', async () => {
    const repo = makeRepo({ empty: true });
    const error = await preflightError(withPlan(repo));
    expect(error.code).toBe('GIT_NO_COMMITS');
    expect(error.message).toBe('The repository has no commits yet.');
  });

  it('GIT_DETACHED_HEAD', async () => {
    const repo = makeRepo();
    repo.git('checkout', '-q', '--detach');
    const error = await preflightError(withPlan(repo));
    expect(error.code).toBe('GIT_DETACHED_HEAD');
    expect(error.message).toBe('HEAD is detached (not on a branch).');
    expect(error.hint).toContain('git switch');
  });

  it('GIT_DIRTY_TREE lists up to 10 paths, ignoring the plan file and ignored files', async () => {
    const repo = makeRepo();
    const input = withPlan(repo);
    repo.write('node_modules/x/index.js', 'ignored');
    repo.write('README.md', 'changed\n');
    for (let i = 0; i < 11; i++) repo.write(`new/file ${i}.txt`, 'x');
    const error = await preflightError(input);
    expect(error.code).toBe('GIT_DIRTY_TREE');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/^The working tree has uncommitted changes: README\.md, new\/file 0\.txt, .* and 2 more\.$/);
    expect(error.message).not.toContain('TODO.md');
    expect(error.message).not.toContain('node_modules');
    expect(error.hint).toMatch(/commit or stash/i);
    expect(error.context.changedFiles).toBe(12);
  });

  it('GIT_DIRTY_TREE for a staged change', async () => {
    const repo = makeRepo();
    const input = withPlan(repo);
    repo.write('staged.txt', 'x');
    repo.git('add', 'staged.txt');
    const error = await preflightError(input);
    expect(error.message).toBe('The working tree has uncommitted changes: staged.txt.');
  });

  it('GIT_OPERATION_IN_PROGRESS during an unfinished merge', async () => {
    const repo = makeRepo();
    repo.git('switch', '-q', '-c', 'other');
    repo.commit('other side', 'conflict.txt', 'a\n');
    repo.git('switch', '-q', 'main');
    repo.commit('main side', 'conflict.txt', 'b\n');
    try {
      repo.git('merge', 'other');
    } catch {
      // the conflict is the point
    }
    repo.git('checkout', '--theirs', 'conflict.txt');
    repo.git('add', 'conflict.txt');
    const error = await preflightError(withPlan(repo));
    expect(error.code).toBe('GIT_OPERATION_IN_PROGRESS');
    expect(error.hint).toContain('git merge --abort');
  });

  it('GIT_BRANCH_TAKEN when the branch belongs to another plan', async () => {
    const repo = makeRepo();
    repo.git('branch', 'tandem/todo');
    repo.git('config', 'branch.tandem/todo.tandemPlan', 'docs/OTHER.md');
    const error = await preflightError(withPlan(repo));
    expect(error.code).toBe('GIT_BRANCH_TAKEN');
    expect(error.message).toBe('Branch "tandem/todo" already exists and belongs to another plan (docs/OTHER.md).');
    expect(error.hint).toContain('--branch NAME');
  });

  it('GIT_BRANCH_TAKEN for a branch Tandem did not create', async () => {
    const repo = makeRepo();
    repo.git('branch', 'tandem/todo');
    const error = await preflightError(withPlan(repo));
    expect(error.code).toBe('GIT_BRANCH_TAKEN');
    expect(error.message).toContain('it was not created by Tandem for it');
  });

  it('accepts an existing branch of the same plan, by config or by Tandem-Run trailer', async () => {
    const repo = makeRepo();
    const input = withPlan(repo);
    repo.git('branch', 'tandem/todo');
    repo.git('config', 'branch.tandem/todo.tandemPlan', 'TODO.md');
    expect(await preflight(input)).toMatchObject({ runBranch: 'tandem/todo', runBranchExists: true });

    repo.git('branch', 'mine');
    repo.git('commit', '-q', '--allow-empty', '-m', 'T1: x\n\nTandem-Task: T1\nTandem-Run: run-42');
    repo.git('branch', '-f', 'mine', 'HEAD');
    repo.git('reset', '-q', '--hard', 'HEAD~1');
    const byTrailer = await preflight({ ...input, branch: 'mine', runId: 'run-42' });
    expect(byTrailer.runBranch).toBe('mine');
    const otherRun = await preflightError({ ...input, branch: 'mine', runId: 'run-7' });
    expect(otherRun.code).toBe('GIT_BRANCH_TAKEN');
  });

  it('GIT_BAD_BRANCH_NAME for --branch values git rejects', async () => {
    const repo = makeRepo();
    for (const branch of ['a..b', '-x', 'x@{-1}', 'x.lock', 'has space']) {
      const error = await preflightError({ ...withPlan(repo), branch });
      expect(error.code).toBe('GIT_BAD_BRANCH_NAME');
    }
  });

  it('PLAN_NOT_FOUND and GIT_PLAN_OUTSIDE_REPO', async () => {
    const repo = makeRepo();
    expect((await preflightError({ repo: repo.dir, planPath: 'NOPE.md', planSlug: 'x' })).code).toBe('PLAN_NOT_FOUND');
    const outside = path.join(mkdtempSync(path.join(os.tmpdir(), 'tandem-plan-')), 'TODO.md');
    writeFileSync(outside, '# Plan\n');
    expect((await preflightError({ repo: repo.dir, planPath: outside, planSlug: 'x' })).code).toBe('GIT_PLAN_OUTSIDE_REPO');
  });

  it('reports an ignored plan file', async () => {
    const repo = makeRepo();
    repo.write('plan.log', '# Plan\n');
    expect(await preflight({ repo: repo.dir, planPath: 'plan.log', planSlug: 'p' })).toMatchObject({
      planIgnored: true,
      planDirty: false,
      planTracked: false,
    });
  });
});
