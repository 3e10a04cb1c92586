/**
 * `run.workspaceSetup` with `--parallel`: worktrees start without ignored
 * files (node_modules, a virtualenv), so the command runs in each new one,
 * the run's and every task's, before it is used. A failing setup is said
 * plainly, with its output.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createRepo } from '../support/git-repo.js';
import { implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { IMPLEMENTER, independentPlan, REVIEWER, startFakes } from './fixtures.js';

const FILES: Record<string, string> = { T1: 'one.txt', T2: 'two.txt' };
const PLAN = independentPlan('Set up', FILES);

function config(setup: string): string {
  // The tests need what the setup makes, like a project's tests need node_modules.
  return `models:\n  implementer: ${IMPLEMENTER}\n  reviewers: [${REVIEWER}]\ntest: test -f deps/ready\nrun:\n  workspaceSetup: "${setup}"\n`;
}

describe('run.workspaceSetup with --parallel', () => {
  it('runs in the run worktree and in each task worktree, so the baseline and every check find what it made', async () => {
    const fakes = await startFakes(implementerScript((taskId) => [{ path: FILES[taskId]!, content: `${taskId}\n` }]), reviewerScript());
    try {
      const repo = await createRepo({ 'README.md': '# Set up\n', '.gitignore': 'deps/\n', 'TODO.md': PLAN, 'tandem.yaml': config('mkdir -p deps && touch deps/ready') }, { name: 'set-up' });
      const result = await runCli(['run', '--parallel', '2', '--task-queue', uniqueTaskQueue('setup')], { cwd: repo.root, env: fakes.env, timeoutMs: 180_000 });
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
      // Ignored, so never part of a task's commit.
      expect(await repo.git('ls-tree', '-r', '--name-only', 'tandem/set-up')).not.toContain('deps/ready');
    } finally {
      await fakes.close();
    }
  }, 200_000);

  it('says which command failed, with its output, and runs no task', async () => {
    const fakes = await startFakes(implementerScript((taskId) => [{ path: FILES[taskId]!, content: `${taskId}\n` }]), reviewerScript());
    try {
      const repo = await createRepo({ 'README.md': '# Set up\n', 'TODO.md': PLAN, 'tandem.yaml': config('echo no network here >&2; exit 7') }, { name: 'set-up-fails' });
      const result = await runCli(['run', '--parallel', '2', '--task-queue', uniqueTaskQueue('setup-fails')], { cwd: repo.root, env: fakes.env, timeoutMs: 120_000 });
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toContain('WORKSPACE_SETUP_FAILED');
      expect(result.stderr).toMatch(/the worktree setup `echo no network here >&2; exit 7` \(run\.workspaceSetup\) exited 7 .*no network here/);
      expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(fakes.implementer.requests).toHaveLength(0);
      // Nothing half set up is left for the next run to take as ready.
      expect((await repo.git('worktree', 'list', '--porcelain')).match(/^worktree /gm)).toHaveLength(1);
    } finally {
      await fakes.close();
    }
  }, 150_000);
});
