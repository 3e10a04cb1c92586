/**
 * `--parallel` when a person gets in the way: a task's worktree deleted by
 * hand mid-attempt is started again from a fresh one, with a note, never a
 * crash; leftover worktrees of a killed run are pruned when it starts again.
 */
import { mkdtempSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/cli.js';
import { RequestHolds } from '../support/held-requests.js';
import { createRepo } from '../support/git-repo.js';
import { implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { connectTestTemporal, uniqueTaskQueue } from '../support/temporal.js';
import { runWorkflowId } from '../../cli/workspace.js';
import { independentPlan, startFakes, tandemYaml } from './fixtures.js';

const FILES: Record<string, string> = { T1: 'one.txt', T2: 'two.txt' };
const PLAN = independentPlan('Two lanes', FILES);

async function taskWorktree(home: string, taskId: string): Promise<string> {
  const [run] = await readdir(join(home, 'workspaces'));
  return join(home, 'workspaces', run!, 'tasks', taskId);
}

describe('tandem run --parallel, faults', () => {
  it('starts an attempt again from a fresh worktree when its worktree is deleted by hand', async () => {
    const home = mkdtempSync(join(tmpdir(), 'tandem-lanes-home-'));
    const holds = new RequestHolds();
    const fakes = await startFakes(holds.around(implementerScript((taskId) => [{ path: FILES[taskId]!, content: `${taskId}\n` }])), reviewerScript());
    try {
      const repo = await createRepo({ 'README.md': '# Two\n', 'TODO.md': PLAN, 'tandem.yaml': tandemYaml() }, { name: 'deleted-worktree' });
      // T1 has written one.txt and asks for its next step: the worktree is deleted under it.
      const t1Finish = holds.hold((c) => c.taskId === 'T1' && c.step === 2, "T1's second model call");
      const running = startCli(['run', '--parallel', '2', '--task-queue', uniqueTaskQueue('deleted')], { cwd: repo.root, env: { ...fakes.env, TANDEM_HOME: home }, timeoutMs: 180_000 });
      await t1Finish.arrived();
      await rm(await taskWorktree(home, 'T1'), { recursive: true, force: true });
      t1Finish.release();
      const result = await running.result;
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(/✓ T1 .* — committed/);
      expect(result.stdout).toContain('T1: its worktree was deleted during an attempt; the attempt starts again from a fresh worktree');
      expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(await repo.git('show', 'tandem/two-lanes:one.txt')).toBe('T1');
      const tasks = (await repo.git('log', '--format=%(trailers:key=Tandem-Task,valueonly)', 'main..tandem/two-lanes')).split('\n').filter(Boolean);
      expect(tasks.sort()).toEqual(['T1', 'T2']);
    } finally {
      holds.releaseAll();
      await fakes.close();
    }
  }, 200_000);

  it('prunes the worktrees a killed run left behind when it starts again', async () => {
    const home = mkdtempSync(join(tmpdir(), 'tandem-lanes-home-'));
    const holds = new RequestHolds();
    const fakes = await startFakes(holds.around(implementerScript((taskId) => [{ path: FILES[taskId]!, content: `${taskId}\n` }])), reviewerScript());
    const temporal = await connectTestTemporal();
    try {
      const repo = await createRepo({ 'README.md': '# Two\n', 'TODO.md': PLAN, 'tandem.yaml': tandemYaml() }, { name: 'killed-lanes' });
      const taskQueue = uniqueTaskQueue('pruned');
      const env = { ...fakes.env, TANDEM_HOME: home };
      const both = [holds.hold((c) => c.taskId === 'T1', "T1's first call"), holds.hold((c) => c.taskId === 'T2', "T2's first call")];
      const first = startCli(['run', '--parallel', '2', '--task-queue', taskQueue], { cwd: repo.root, env, timeoutMs: 120_000 });
      await Promise.all(both.map((hold) => hold.arrived()));
      first.killHard();
      await first.result;
      // Killed, and its workflow terminated from the UI: its two task worktrees stay on disk.
      await temporal.client.workflow.getHandle(runWorkflowId(repo.root, 'TODO.md')).terminate('gone');
      expect((await repo.git('worktree', 'list', '--porcelain')).match(/^worktree /gm)).toHaveLength(4);
      holds.releaseAll();
      const second = await runCli(['run', '--parallel', '2', '--task-queue', taskQueue], { cwd: repo.root, env, timeoutMs: 180_000 });
      expect(second.exitCode, second.stdout + second.stderr).toBe(0);
      expect(second.stdout).toContain('removed 2 leftover task worktrees of an earlier run');
      expect((await repo.git('worktree', 'list', '--porcelain')).match(/^worktree /gm)).toHaveLength(1);
      expect(await repo.git('branch', '--list', 'tandem/two-lanes--*')).toBe('');
    } finally {
      holds.releaseAll();
      await temporal.close();
      await fakes.close();
    }
  }, 200_000);
});
