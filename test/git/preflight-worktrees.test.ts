/**
 * Preflight for a run with lanes (`--parallel`): the run works in worktrees of
 * its own, so the user's uncommitted changes are listed instead of refused;
 * every other check stays, and the run branch may not be the checkout's.
 */
import { describe, expect, it } from 'vitest';
import { preflight, type PreflightInput } from '../../git/index.js';
import { TandemError } from '../../errors/tandem-error.js';
import { makeRepo, type TestRepo } from './helpers.js';

function withPlan(repo: TestRepo): PreflightInput {
  repo.write('TODO.md', '# Plan\n- [ ] T1: do it\n');
  return { repo: repo.dir, planPath: 'TODO.md', planSlug: 'todo', inWorktrees: true };
}

async function refusal(input: PreflightInput): Promise<TandemError> {
  const error = await preflight(input).then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(TandemError);
  return error as TandemError;
}

describe('preflight in worktrees', () => {
  it('accepts a dirty tree and lists what is not part of the run (not the plan, not ignored files)', async () => {
    const repo = makeRepo();
    const input = withPlan(repo);
    repo.write('README.md', 'changed\n');
    repo.write('notes.txt', 'mine\n');
    repo.write('node_modules/x/index.js', 'ignored');
    const result = await preflight(input);
    expect(result).toMatchObject({ currentBranch: 'main', headSha: repo.git('rev-parse', 'HEAD'), planDirty: true, runBranchExists: false });
    expect([...result.uncommittedPaths].sort()).toEqual(['README.md', 'notes.txt']);
    expect(result.runBranchSha).toBeUndefined();
  });

  it('lists nothing when only the plan file is uncommitted, and the same tree still refuses a run in the checkout', async () => {
    const repo = makeRepo();
    const input = withPlan(repo);
    expect((await preflight(input)).uncommittedPaths).toEqual([]);
    repo.write('README.md', 'changed\n');
    expect((await refusal({ ...input, inWorktrees: false })).code).toBe('GIT_DIRTY_TREE');
  });

  it('keeps the other checks: a detached HEAD is still refused', async () => {
    const repo = makeRepo();
    repo.git('checkout', '-q', '--detach');
    expect((await refusal(withPlan(repo))).code).toBe('GIT_DETACHED_HEAD');
  });

  it('GIT_BRANCH_CHECKED_OUT when the checkout is on the run branch, with the way out', async () => {
    const repo = makeRepo();
    const input = withPlan(repo);
    repo.git('switch', '-q', '-c', 'tandem/todo');
    repo.git('config', 'branch.tandem/todo.tandemPlan', 'TODO.md');
    const error = await refusal(input);
    expect(error).toMatchObject({ code: 'GIT_BRANCH_CHECKED_OUT', exitCode: 2 });
    expect(error.message).toContain('tandem/todo is checked out here');
    expect(error.hint).toContain('git switch main');
    // Elsewhere, the existing branch is where a resumed run goes on from.
    repo.git('switch', '-q', 'main');
    expect(await preflight(input)).toMatchObject({ runBranchExists: true, runBranchSha: repo.git('rev-parse', 'tandem/todo') });
  });
});
