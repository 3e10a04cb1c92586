import { describe, expect, it } from 'vitest';
import {
  commitPlanFile,
  ensureRunBranch,
  preflight,
  readBranchOwner,
  resetToBase,
} from '../../git/index.js';
import { TandemError } from '../../errors/tandem-error.js';
import { makeRepo } from './helpers.js';

describe('ensureRunBranch', () => {
  it('creates the branch from fromSha, checks it out, records the plan, and is idempotent', async () => {
    const repo = makeRepo();
    const fromSha = repo.git('rev-parse', 'HEAD');
    const input = { repo: repo.dir, branch: 'tandem/todo', planRelPath: 'TODO.md', fromSha };
    expect(await ensureRunBranch(input)).toEqual({ branch: 'tandem/todo', created: true, headSha: fromSha });
    expect(repo.git('symbolic-ref', '--short', 'HEAD')).toBe('tandem/todo');
    expect(await readBranchOwner({ repo: repo.dir, branch: 'tandem/todo' })).toBe('TODO.md');

    expect(await ensureRunBranch(input)).toEqual({ branch: 'tandem/todo', created: false, headSha: fromSha });
    repo.git('switch', '-q', 'main');
    expect(await ensureRunBranch(input)).toEqual({ branch: 'tandem/todo', created: false, headSha: fromSha });
    expect(repo.git('symbolic-ref', '--short', 'HEAD')).toBe('tandem/todo');
    expect(repo.git('branch', '--list').split('\n')).toHaveLength(2);
  });

  it('never moves an existing branch of the same plan (a resumed run)', async () => {
    const repo = makeRepo();
    const base = repo.git('rev-parse', 'HEAD');
    await ensureRunBranch({ repo: repo.dir, branch: 'tandem/todo', planRelPath: 'TODO.md', fromSha: base });
    const advanced = repo.commit('T1 work');
    repo.git('switch', '-q', 'main');
    const result = await ensureRunBranch({ repo: repo.dir, branch: 'tandem/todo', planRelPath: 'TODO.md', fromSha: base });
    expect(result).toEqual({ branch: 'tandem/todo', created: false, headSha: advanced });
  });

  it('refuses a branch owned by another plan with GIT_BRANCH_TAKEN', async () => {
    const repo = makeRepo();
    const fromSha = repo.git('rev-parse', 'HEAD');
    await ensureRunBranch({ repo: repo.dir, branch: 'tandem/x', planRelPath: 'a/TODO.md', fromSha });
    repo.git('switch', '-q', 'main');
    const error = await ensureRunBranch({ repo: repo.dir, branch: 'tandem/x', planRelPath: 'b/TODO.md', fromSha }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TandemError);
    expect((error as TandemError).code).toBe('GIT_BRANCH_TAKEN');
    expect(repo.git('symbolic-ref', '--short', 'HEAD')).toBe('main');
  });

  it('switches to an existing run branch over an identical local copy of the plan, but never over a different one', async () => {
    const repo = makeRepo();
    const fromSha = repo.git('rev-parse', 'HEAD');
    repo.write('TODO.md', '- [x] T1\n');
    const input = { repo: repo.dir, branch: 'tandem/todo', planRelPath: 'TODO.md', fromSha };
    await ensureRunBranch(input);
    await commitPlanFile({ repo: repo.dir, planRelPath: 'TODO.md', message: 'Add plan' });
    repo.git('switch', '-q', 'main');
    expect(repo.exists('TODO.md')).toBe(false);

    repo.write('TODO.md', '- [x] T1\n');
    expect((await ensureRunBranch(input)).created).toBe(false);
    expect(repo.git('status', '--porcelain')).toBe('');

    repo.git('switch', '-q', 'main');
    repo.write('TODO.md', '- [ ] T1 edited on main\n');
    const error = await ensureRunBranch(input).catch((caught: unknown) => caught);
    expect((error as TandemError).code).toBe('GIT_CHECKOUT_BLOCKED');
    expect((error as TandemError).message).toContain('TODO.md');
    expect(repo.read('TODO.md')).toBe('- [ ] T1 edited on main\n');
    expect(repo.git('symbolic-ref', '--short', 'HEAD')).toBe('main');
  });

  it('works in a repo path with spaces and unicode', async () => {
    const repo = makeRepo({ name: 'my répo ✓' });
    repo.write('TODO.md', '- [ ] T1\n');
    const pre = await preflight({ repo: repo.dir, planPath: 'TODO.md', planSlug: 'todo' });
    const branch = await ensureRunBranch({ repo: pre.root, branch: pre.runBranch, planRelPath: pre.planRelPath, fromSha: pre.headSha });
    expect(branch.created).toBe(true);
    const planCommit = await commitPlanFile({ repo: pre.root, planRelPath: pre.planRelPath, message: 'Add plan' });
    expect(planCommit.committed).toBe(true);
  });
});

describe('commitPlanFile', () => {
  it('commits an untracked plan once, with a Tandem-Run trailer, leaving other staged files alone', async () => {
    const repo = makeRepo();
    const base = repo.git('rev-parse', 'HEAD');
    repo.write('plans/my TODO.md', '- [ ] T1\n');
    await ensureRunBranch({ repo: repo.dir, branch: 'tandem/todo', planRelPath: 'plans/my TODO.md', fromSha: base });
    repo.write('other.txt', 'staged by someone\n');
    repo.git('add', 'other.txt');
    const input = { repo: repo.dir, planRelPath: 'plans/my TODO.md', message: 'Add plan plans/my TODO.md', runId: 'run-1' };
    const first = await commitPlanFile(input);
    expect(repo.git('status', '--porcelain')).toBe('A  other.txt');
    expect(first.committed).toBe(true);
    expect(repo.git('log', '-1', '--format=%B')).toBe('Add plan plans/my TODO.md\n\nTandem-Run: run-1\n');
    expect(repo.git('show', '--name-only', '--format=', 'HEAD')).toBe('plans/my TODO.md');
    expect(await commitPlanFile(input)).toEqual({ sha: first.sha, committed: false });
    expect(repo.git('rev-list', '--count', `${base}..HEAD`)).toBe('1');
  });

  it('commits a modified plan, and an untracked plan survives a rollback', async () => {
    const repo = makeRepo();
    repo.write('TODO.md', '- [ ] T1\n');
    const pre = await preflight({ repo: repo.dir, planPath: 'TODO.md', planSlug: 'todo' });
    await ensureRunBranch({ repo: repo.dir, branch: pre.runBranch, planRelPath: 'TODO.md', fromSha: pre.headSha });
    const plan = await commitPlanFile({ repo: repo.dir, planRelPath: 'TODO.md', message: 'Add plan' });

    repo.write('src/new.ts', 'export {};\n');
    repo.write('README.md', 'broken\n');
    await resetToBase({ repo: repo.dir, sha: plan.sha });
    expect(repo.read('TODO.md')).toBe('- [ ] T1\n');
    expect(repo.exists('src/new.ts')).toBe(false);

    repo.write('TODO.md', '- [x] T1\n');
    const edited = await commitPlanFile({ repo: repo.dir, planRelPath: 'TODO.md', message: 'Update plan' });
    expect(edited.committed).toBe(true);
    expect(repo.git('show', 'HEAD:TODO.md')).toBe('- [x] T1');
  });

  it('skips an ignored plan file', async () => {
    const repo = makeRepo();
    repo.write('plan.log', '- [ ] T1\n');
    const head = repo.git('rev-parse', 'HEAD');
    expect(await commitPlanFile({ repo: repo.dir, planRelPath: 'plan.log', message: 'Add plan' })).toEqual({
      sha: head,
      committed: false,
    });
  });
});
