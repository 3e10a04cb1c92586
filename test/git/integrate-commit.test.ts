import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { commitPicked, pickTaskCommit } from '../../git/integrate-commit.js';
import { markOnBase } from '../../git/plan-marks.js';
import { createRepo, type TestRepo } from '../support/git-repo.js';
import type { RunLocation } from '../../contracts/run.js';

const PLAN = '# Plan\n\n- [ ] T1: One\n  - Acceptance:\n    - one\n- [ ] T2: Two\n  - Acceptance:\n    - two\n';

/** A task commit on its own branch from `base`: writes files and ticks its task, as commitTask does. */
async function taskCommit(repo: TestRepo, base: string, taskId: string, files: Record<string, string>): Promise<string> {
  await repo.git('switch', '-q', '--detach', base);
  for (const [path, content] of Object.entries(files)) await repo.write(path, content);
  const plan = await readFile(join(repo.root, 'TODO.md'), 'utf8');
  await repo.write('TODO.md', plan.replace(`- [ ] ${taskId}:`, `- [x] ${taskId}:`));
  await repo.commitAll(`${taskId}: work\n\nTandem-Task: ${taskId}`);
  return repo.git('rev-parse', 'HEAD');
}

async function setup() {
  const repo = await createRepo({ 'README.md': '# x\n', 'TODO.md': PLAN });
  const base = await repo.git('rev-parse', 'HEAD');
  const t1 = await taskCommit(repo, base, 'T1', { 'one.txt': 'one\n', 'shared.txt': 'from T1\n' });
  const t2clean = await taskCommit(repo, base, 'T2', { 'two.txt': 'two\n' });
  const t2clash = await taskCommit(repo, base, 'T2', { 'two.txt': 'two\n', 'shared.txt': 'from T2\n' });
  // The run branch: T1 landed on base.
  await repo.git('switch', '-q', '-c', 'run', t1);
  const location: RunLocation = { repo: repo.root, planRelPath: 'TODO.md', branch: 'run', runId: 'r', journalDir: join(repo.root, '.j') };
  return { repo, base, t1, t2clean, t2clash, location };
}

describe('pickTaskCommit', () => {
  it("fast-forwards a task whose base is still the head: its commit, unchanged, becomes the head", async () => {
    const { repo, base, t1 } = await setup();
    await repo.git('switch', '-q', '-C', 'run', base);
    const picked = await pickTaskCommit({ repo: repo.root, head: base, taskSha: t1, taskBase: base, planRelPath: 'TODO.md', markPlan: async () => {} });
    expect(picked).toEqual({ status: 'fast-forward', sha: t1 });
    expect(await repo.git('rev-parse', 'run')).toBe(t1);
  });

  it("applies a task onto a head that moved, keeping both tasks' ticks in the plan and the task's message", async () => {
    const { repo, base, t1, t2clean, location } = await setup();
    const picked = await pickTaskCommit({ repo: repo.root, head: t1, taskSha: t2clean, taskBase: base, planRelPath: 'TODO.md', markPlan: () => markOnBase(location, t1, 'T2', 'done') });
    expect(picked.status).toBe('picked');
    const sha = await commitPicked({ repo: repo.root, taskSha: t2clean });
    expect(await repo.git('rev-parse', `${sha}^`)).toBe(t1);
    expect(await repo.git('show', `${sha}:TODO.md`)).toContain('- [x] T1: One');
    expect(await repo.git('show', `${sha}:TODO.md`)).toContain('- [x] T2: Two');
    expect(await repo.git('log', '-1', '--format=%B', sha)).toContain('Tandem-Task: T2');
    expect(await repo.git('status', '--porcelain')).toBe('');
  });

  it('refuses a change that conflicts with what landed, and leaves the head and worktree as they were', async () => {
    const { repo, base, t1, t2clash, location } = await setup();
    const picked = await pickTaskCommit({ repo: repo.root, head: t1, taskSha: t2clash, taskBase: base, planRelPath: 'TODO.md', markPlan: () => markOnBase(location, t1, 'T2', 'done') });
    expect(picked).toMatchObject({ status: 'conflict', files: ['shared.txt'] });
    expect(await repo.git('rev-parse', 'HEAD')).toBe(t1);
    expect(await repo.git('status', '--porcelain')).toBe('');
    expect(await readFile(join(repo.root, 'shared.txt'), 'utf8')).toBe('from T1\n');
  });
});
