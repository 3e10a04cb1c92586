import { describe, expect, it } from 'vitest';
import { commitTask, ensureRunBranch, resetToBase, ROLLBACK_REF } from '../../git/index.js';
import { TandemError } from '../../errors/tandem-error.js';
import { makeRepo, type TestRepo } from './helpers.js';

async function onRunBranch(repo: TestRepo): Promise<string> {
  const base = repo.git('rev-parse', 'HEAD');
  await ensureRunBranch({ repo: repo.dir, branch: 'tandem/todo', planRelPath: 'TODO.md', fromSha: base });
  return base;
}

describe('resetToBase', () => {
  it('removes new files and edits, keeps ignored files, backs the discarded work up, and is idempotent', async () => {
    const repo = makeRepo({ name: 'my répo ✓' });
    const base = await onRunBranch(repo);
    repo.write('src/new.ts', 'export {};\n');
    repo.write('README.md', 'broken\n');
    repo.write('node_modules/dep/index.js', 'keep me\n');
    repo.write('debug.log', 'keep me too\n');
    repo.write('staged.ts', 'x\n');
    repo.git('add', 'staged.ts');

    const result = await resetToBase({ repo: repo.dir, sha: base });
    expect(result.headSha).toBe(base);
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(repo.exists('src')).toBe(false);
    expect(repo.exists('staged.ts')).toBe(false);
    expect(repo.read('README.md')).toBe('# test\n');
    expect(repo.read('node_modules/dep/index.js')).toBe('keep me\n');
    expect(repo.read('debug.log')).toBe('keep me too\n');

    expect(result.backup?.ref).toBe(ROLLBACK_REF);
    expect(repo.git('show', `${ROLLBACK_REF}:src/new.ts`)).toBe('export {};');
    expect(repo.git('reflog', 'show', '--format=%H', ROLLBACK_REF)).toBe(result.backup?.commitSha);

    expect(await resetToBase({ repo: repo.dir, sha: base })).toEqual({ headSha: base, backup: null });
  });

  it('refuses to discard a commit the user made, and changes nothing', async () => {
    const repo = makeRepo();
    const base = await onRunBranch(repo);
    const userSha = repo.commit('user work');
    repo.write('wip.txt', 'implementer output\n');
    const error = await resetToBase({ repo: repo.dir, sha: base }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TandemError);
    expect((error as TandemError).code).toBe('GIT_BRANCH_MOVED');
    expect((error as TandemError).message).toMatch(/has commits Tandem did not make: [0-9a-f]{10} user work\. Tandem changed nothing\.$/);
    expect(repo.git('rev-parse', 'HEAD')).toBe(userSha);
    expect(repo.read('wip.txt')).toBe('implementer output\n');
  });

  it('discards Tandem commits only when the caller expects them', async () => {
    const repo = makeRepo();
    const base = await onRunBranch(repo);
    const t1 = await commitTask({
      repo: repo.dir,
      baseSha: base,
      taskId: 'T1',
      title: 'one',
      runId: 'run-1',
      implementedBy: 'a',
      reviewedBy: ['b'],
    });
    const refused = await resetToBase({ repo: repo.dir, sha: base, runId: 'run-1' }).catch((caught: unknown) => caught);
    expect((refused as TandemError).code).toBe('GIT_BRANCH_MOVED');
    expect(repo.git('rev-parse', 'HEAD')).toBe(t1.sha);

    await resetToBase({ repo: repo.dir, sha: base, expectedHead: t1.sha, runId: 'run-1' });
    expect(repo.git('rev-parse', 'HEAD')).toBe(base);
  });

  it('refuses when the run branch is not checked out or was deleted', async () => {
    const repo = makeRepo();
    const base = await onRunBranch(repo);
    repo.git('switch', '-q', 'main');
    const switched = await resetToBase({ repo: repo.dir, sha: base, branch: 'tandem/todo' }).catch((caught: unknown) => caught);
    expect((switched as TandemError).code).toBe('GIT_BRANCH_SWITCHED');
    repo.git('branch', '-D', 'tandem/todo');
    const deleted = await resetToBase({ repo: repo.dir, sha: base, branch: 'tandem/todo' }).catch((caught: unknown) => caught);
    expect((deleted as TandemError).code).toBe('GIT_BRANCH_DELETED');
  });
});
