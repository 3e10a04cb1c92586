/**
 * `tandem status` on a run that ended, with no worker left to answer a query:
 * it says how the run ended, from the workflow's own result, not "no status yet".
 * A reader that closes the pipe early (`tandem status | head -1`) ends it quietly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliStdoutClosed } from '../support/cli.js';
import { implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { greekRepo, startFakes, type Fakes } from '../run/fixtures.js';

describe('tandem status of a run that failed', () => {
  let fakes: Fakes;

  beforeAll(async () => {
    fakes = await startFakes(implementerScript(() => []), reviewerScript());
  });

  afterAll(async () => {
    await fakes?.close();
  });

  it('names the failure and its fix in the header and the last line', async () => {
    const repo = await greekRepo({ name: 'failed-status' });
    // The baseline fails, so the run workflow fails before any task.
    const run = await runCli(['run', '--test', 'false', '--task-queue', uniqueTaskQueue('failed-status')], { cwd: repo.root, env: fakes.env, timeoutMs: 90_000 });
    expect(run.exitCode, run.stdout + run.stderr).toBe(2);

    const status = await runCli(['status'], { cwd: repo.root, timeoutMs: 60_000 });
    expect(status.exitCode, status.stdout + status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^tandem\/run\/\S+\/TODO\.md · failed$/m);
    expect(status.stdout).toMatch(/^Run failed \[BASELINE_FAILING\]: .+/m);
    expect(status.stdout).toContain('hint: Fix the failing tests first, or pass --allow-failing-baseline');
    expect(status.stdout).not.toContain('has not reported');

    const json = JSON.parse((await runCli(['status', 'TODO.md', '--json'], { cwd: repo.root, timeoutMs: 60_000 })).stdout);
    expect(json).toMatchObject({ workflowStatus: 'FAILED', runState: 'failed', failure: { code: 'BASELINE_FAILING' } });

    // Its many writes went out while the query worker ran: the first into a closed pipe threw EPIPE with a stack.
    for (const args of [['status'], ['status', '--json']]) {
      const closed = await runCliStdoutClosed(args, { cwd: repo.root, timeoutMs: 60_000 });
      expect(closed, closed.stderr).toEqual({ exitCode: 0, stderr: '' });
    }
  }, 150_000);
});
