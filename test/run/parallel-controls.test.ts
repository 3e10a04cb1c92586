/**
 * Controls and re-tests with lanes running: skip one lane while another
 * works, pause and resume with more budget while lanes are busy, and a change
 * that applies cleanly but breaks the tests once combined goes again.
 */
import { describe, expect, it } from 'vitest';
import { workflowMetadataQuery } from '@temporalio/workflow';
import { runWorkflowId } from '../../cli/workspace.js';
import { runStatusQuery } from '../../workflows/definitions.js';
import { runCli, startCli } from '../support/cli.js';
import { createRepo } from '../support/git-repo.js';
import { RequestHolds } from '../support/held-requests.js';
import { implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { connectTestTemporal, uniqueTaskQueue } from '../support/temporal.js';
import { waitFor } from '../support/wait.js';
import { IMPLEMENTER, independentPlan, REVIEWER, startFakes } from './fixtures.js';

function plan(ids: string[]): string {
  return independentPlan('Lanes under control', Object.fromEntries(ids.map((id) => [id, `${id}.txt`])));
}

function config(test: string): string {
  return `models:\n  implementer: ${IMPLEMENTER}\n  reviewers: [${REVIEWER}]\ntest: "${test}"\n`;
}

describe('tandem run --parallel under control', () => {
  it('skips one running lane while the other goes on, and resumes with more budget while lanes are busy', async () => {
    const temporal = await connectTestTemporal();
    const holds = new RequestHolds();
    const fakes = await startFakes(holds.around(implementerScript((taskId) => [{ path: `${taskId}.txt`, content: `${taskId}\n` }])), reviewerScript());
    try {
      const repo = await createRepo({ 'README.md': '# x\n', 'TODO.md': plan(['T1', 'T2', 'T3']), 'tandem.yaml': config('test -f README.md') }, { name: 'lanes-controls' });
      const held = [holds.hold((c) => c.taskId === 'T1', "T1's first call"), holds.hold((c) => c.taskId === 'T2', "T2's first call")];
      const running = startCli(['run', '--parallel', '2', '--budget', '100', '--task-queue', uniqueTaskQueue('lanes-controls')], { cwd: repo.root, env: fakes.env, timeoutMs: 180_000 });
      await Promise.all(held.map((hold) => hold.arrived()));
      const handle = temporal.client.workflow.getHandle(runWorkflowId(repo.root, 'TODO.md'));

      // Both lanes are at their first model call: status names each with its lane, attempt and step, and what T3 waits for.
      const status = await runCli(['status'], { cwd: repo.root, timeoutMs: 60_000 });
      expect(status.stdout).toMatch(/^ {2}L[12] T1 Write T1\.txt · attempt 1 · implement · step 1\b/m);
      expect(status.stdout).toMatch(/^ {2}L[12] T2 Write T2\.txt · attempt 1 · implement · step 1\b/m);
      expect(status.stdout).toContain('waiting: T3 for a free lane');
      // The Temporal UI's current details of the run name both lanes, numbered as status numbers them.
      const details = (await handle.query(workflowMetadataQuery)).currentDetails ?? '';
      expect(details).toContain('2 of 2 lanes busy');
      const laneOfT1 = /^ {2}L([12]) T1 /m.exec(status.stdout)![1];
      expect(details).toContain(`lane ${laneOfT1}: **T1** working`);
      expect(details).toContain(`lane ${laneOfT1 === '1' ? 2 : 1}: **T2** working`);

      // Paused first, so the lane the skip frees takes no new task.
      await runCli(['pause', '--reason', 'lunch'], { cwd: repo.root, timeoutMs: 60_000 });
      const skipped = await runCli(['skip', 'T2'], { cwd: repo.root, timeoutMs: 60_000 });
      expect(skipped.exitCode, skipped.stderr).toBe(0);
      held.forEach((hold) => hold.release());
      // T1 finishes (a running lane is never stopped by a pause); nothing new starts until resume.
      await waitFor(async () => (await handle.query(runStatusQuery)).state === 'paused', 'the run to pause once its lanes are done');
      expect((await handle.query(runStatusQuery)).tasks.find((task) => task.id === 'T3')?.state).toBe('pending');
      const resumed = await runCli(['resume', '--add-budget', '5'], { cwd: repo.root, timeoutMs: 60_000 });
      expect(resumed.exitCode, resumed.stderr).toBe(0);

      const result = await running.result;
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(/✓ T1 .* — committed/);
      expect(result.stdout).toMatch(/T2 .* — skipped/);
      expect(result.stdout).toMatch(/✓ T3 .* — committed/);
      expect(await repo.git('show', 'tandem/lanes-under-control:TODO.md')).toContain('- [-] T2: Write T2.txt');
      // The run has ended (no worker answers queries now): its result holds the budget it ended with.
      expect(((await handle.result()) as { status: { budget: { usd?: number } } }).status.budget.usd).toBe(105);
    } finally {
      holds.releaseAll();
      await fakes.close();
      await temporal.close();
    }
  }, 200_000);

  it('sends back a change that applies cleanly but fails the tests once combined with what landed', async () => {
    // Each file alone is fine; both together need both.ok, which only a second attempt (on the new head) writes.
    const test = '! { test -f T1.txt && test -f T2.txt && ! test -f both.ok; }';
    const fakes = await startFakes(
      implementerScript((taskId, attempt) => [{ path: `${taskId}.txt`, content: `${taskId}\n` }, ...(attempt > 1 ? [{ path: 'both.ok', content: 'ok\n' }] : [])]),
      reviewerScript(),
    );
    try {
      const repo = await createRepo({ 'README.md': '# x\n', 'TODO.md': plan(['T1', 'T2']), 'tandem.yaml': config(test) }, { name: 'lanes-retest' });
      const result = await runCli(['run', '--parallel', '2', '--task-queue', uniqueTaskQueue('lanes-retest')], { cwd: repo.root, env: fakes.env, timeoutMs: 180_000 });
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(/T[12]: attempt 1 was approved but `! \{ test -f T1\.txt .*` fails once combined with what landed since its base; it goes again on the new head/);
      const files = await repo.git('ls-tree', '-r', '--name-only', 'tandem/lanes-under-control');
      expect(files.split('\n')).toEqual(expect.arrayContaining(['T1.txt', 'T2.txt', 'both.ok']));
    } finally {
      await fakes.close();
    }
  }, 200_000);
});
