/** A task commit changes the plan by the task's own mark only, whatever the worktree's copy holds. */
import { describe, expect, it } from 'vitest';
import { commitTask, ensureRunBranch } from '../../git/index.js';
import { markOnBase } from '../../git/plan-marks.js';
import type { RunLocation } from '../../contracts/run.js';
import { makeRepo, type TestRepo } from './helpers.js';

const PLAN = '# Plan\n\n- [ ] T1: One\n- [ ] T2: Two\n';

function location(repo: TestRepo): RunLocation {
  return { repo: repo.dir, planRelPath: 'TODO.md', branch: 'tandem/todo', runId: 'run-marks', journalDir: '/unused' };
}

async function commitT1(repo: TestRepo, base: string): Promise<void> {
  await commitTask({
    repo: repo.dir,
    baseSha: base,
    taskId: 'T1',
    title: 'One',
    runId: 'run-marks',
    implementedBy: 'openai:gpt-5',
    reviewedBy: ['anthropic:claude-sonnet-5-5'],
    beforeCommit: () => markOnBase(location(repo), base, 'T1', 'done'),
  });
}

describe('markOnBase in the task commit', () => {
  it('commits the base plan plus the task mark, dropping what the worktree did to the plan', async () => {
    const repo = makeRepo();
    const base = repo.commit('plan', 'TODO.md', PLAN);
    await ensureRunBranch({ repo: repo.dir, branch: 'tandem/todo', planRelPath: 'TODO.md', fromSha: base });
    repo.write('src/one.ts', 'export const one = 1;\n');
    repo.write('TODO.md', '# Plan\n\n- [x] T2: Two\nnotes the model left\n');
    await commitT1(repo, base);
    expect(repo.git('show', 'HEAD:TODO.md')).toBe('# Plan\n\n- [x] T1: One\n- [ ] T2: Two');
    expect(repo.git('show', '--name-only', '--format=', 'HEAD').split('\n').sort()).toEqual(['TODO.md', 'src/one.ts']);
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('marks an ignored plan where it is, as before', async () => {
    const repo = makeRepo();
    const base = repo.commit('ignore the plan', '.gitignore', 'TODO.md\n');
    repo.write('TODO.md', PLAN);
    await markOnBase(location(repo), base, 'T2', 'done');
    expect(repo.read('TODO.md')).toBe('# Plan\n\n- [ ] T1: One\n- [x] T2: Two\n');
  });
});
