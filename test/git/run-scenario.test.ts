import { describe, expect, it } from 'vitest';
import {
  checkBranchIntegrity,
  commitPlanFile,
  commitTask,
  diffSince,
  ensureRunBranch,
  planSlug,
  preflight,
  resetToBase,
  restoreSnapshot,
  snapshotWorktree,
  taskCommitsOnBranch,
} from '../../git/index.js';
import { makeRepo } from './helpers.js';

/*
 * The git calls of a whole 3-task run, in the order the workflow makes them,
 * with the retries a crash causes: T1 passes, T2 is interrupted mid-loop and
 * resumed from its snapshot, T3 is rolled back. Each call is repeated once to
 * show it is safe to retry.
 */
describe('a run, as the workflow drives git', () => {
  it('ends with two task commits, T3 rolled back, and the plan marked [x] [x] [!]', async () => {
    const repo = makeRepo({ name: 'my répo ✓' });
    const plan = (marks: string) => marks.split('').map((m, i) => `- [${m}] T${i + 1}: task ${i + 1}`).join('\n') + '\n';
    repo.write('TODO.md', plan('   '));
    const runId = 'my-repo/todo';
    const pre = await preflight({ repo: repo.dir, planPath: 'TODO.md', planSlug: planSlug('TODO.md'), runId });
    const { root } = pre;
    const branchInput = { repo: root, branch: pre.runBranch, planRelPath: pre.planRelPath, fromSha: pre.headSha, runId };
    await ensureRunBranch(branchInput);
    await ensureRunBranch(branchInput);
    const planInput = { repo: root, planRelPath: 'TODO.md', message: 'Add plan TODO.md', runId };
    const planCommit = await commitPlanFile(planInput);
    await commitPlanFile(planInput);

    const commitInput = (taskId: string, baseSha: string) => ({
      repo: root,
      baseSha,
      taskId,
      title: `task ${taskId.slice(1)}`,
      runId,
      implementedBy: 'openai:gpt-5',
      reviewedBy: ['anthropic:claude-sonnet-5-5'],
      branch: pre.runBranch,
    });

    // T1: implement, review the diff, commit (the reply is lost once, so commit runs twice).
    repo.write('src/one.ts', 'export const one = 1;\n');
    repo.write('TODO.md', plan('x  '));
    expect((await diffSince({ repo: root, baseSha: planCommit.sha, maxBytes: 10_000 })).files.map((f) => f.path)).toEqual([
      'TODO.md',
      'src/one.ts',
    ]);
    const t1 = await commitTask(commitInput('T1', planCommit.sha));
    expect(await commitTask(commitInput('T1', planCommit.sha))).toEqual({ sha: t1.sha, alreadyCommitted: true });

    // T2: step 1 is snapshotted, the worker dies in step 2, the retried step restores step 1's tree.
    repo.write('src/two.ts', 'export const two = 2;\n');
    await snapshotWorktree({ repo: root, ref: `refs/tandem/${runId}/T2/attempt-1/step-1` });
    repo.write('src/two.ts', 'half-written garbage');
    repo.write('src/scratch.ts', 'left over by the crash\n');
    await restoreSnapshot({ repo: root, ref: `refs/tandem/${runId}/T2/attempt-1/step-1` });
    expect(repo.read('src/two.ts')).toBe('export const two = 2;\n');
    expect(repo.exists('src/scratch.ts')).toBe(false);
    repo.write('TODO.md', plan('xx '));
    const t2 = await commitTask(commitInput('T2', t1.sha));

    // T3: never passes; roll back (twice), then mark it failed in its own commit.
    repo.write('src/three.ts', 'broken\n');
    expect(await checkBranchIntegrity({ repo: root, branch: pre.runBranch, expectedHead: t2.sha, runId })).toEqual({
      status: 'ok',
      head: t2.sha,
    });
    await resetToBase({ repo: root, sha: t2.sha, branch: pre.runBranch, runId });
    await resetToBase({ repo: root, sha: t2.sha, branch: pre.runBranch, runId });
    expect(repo.exists('src/three.ts')).toBe(false);
    repo.write('TODO.md', plan('xx!'));
    await commitPlanFile({ repo: root, planRelPath: 'TODO.md', message: 'T3: mark failed', runId });

    expect(repo.git('status', '--porcelain')).toBe('');
    expect(repo.git('show', 'HEAD:TODO.md')).toBe(plan('xx!').trimEnd());
    expect(await taskCommitsOnBranch({ repo: root, branch: pre.runBranch, sinceSha: pre.headSha, runId })).toEqual({
      T1: t1.sha,
      T2: t2.sha,
    });
    expect(repo.git('log', '--format=%s', `${pre.headSha}..HEAD`).split('\n')).toEqual([
      'T3: mark failed',
      'T2: task 2',
      'T1: task 1',
      'Add plan TODO.md',
    ]);

    // A later `tandem run` of the same plan resumes on the same branch.
    const again = await preflight({ repo: root, planPath: 'TODO.md', planSlug: 'todo', runId });
    expect(again).toMatchObject({ runBranch: 'tandem/todo', runBranchExists: true, planDirty: false });
  });
});
