/**
 * A run takes controls only once it has prepared (its branch made, the
 * baseline tests run). While it prepares, `tandem skip`, `resume` and
 * `approve` say so (RUN_PREPARING, exit 2, nothing sent), `tandem status`
 * says it is preparing (not that no worker answered), and `tandem cancel`
 * says it waits, then cancels once the run has prepared.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPreparing } from '../../../cli/run/run-preparing.js';
import { runWorkflowId } from '../../../cli/workspace.js';
import type { TemporalConnection } from '../../../temporal/connection.js';
import { runCli, startCli } from '../../support/cli.js';
import { RequestHolds } from '../../support/held-requests.js';
import { implementerScript, reviewerScript } from '../../support/scripted-agents.js';
import { connectTestTemporal, uniqueTaskQueue } from '../../support/temporal.js';
import { waitFor } from '../../support/wait.js';
import { greekRepo, startFakes, type Fakes } from '../../run/fixtures.js';

/** The baseline runs until the test creates this file (in .git/, which the sandbox lets it read). */
const GATE = '.git/tandem-test-baseline-go';

describe('controls while a run prepares', () => {
  let temporal: TemporalConnection;
  let fakes: Fakes;
  const holds = new RequestHolds();

  beforeAll(async () => {
    temporal = await connectTestTemporal();
    fakes = await startFakes(holds.around(implementerScript(() => [{ path: 'a.txt', content: 'alpha\n' }])), reviewerScript());
  });

  afterAll(async () => {
    holds.releaseAll();
    await fakes?.close();
    await temporal?.close();
  });

  it('are refused as RUN_PREPARING, status says preparing, and cancel waits for it, then cancels', async () => {
    const repo = await greekRepo({ name: 'preparing' });
    // Should the cancel land only after T1 started, T1's model call waits here until the cancel is in.
    const t1 = holds.hold((c) => c.taskId === 'T1', "T1's first model call");
    const running = startCli(['run', '--in-checkout', '--test', `until test -f ${GATE}; do sleep 0.2; done`, '--task-queue', uniqueTaskQueue('preparing')], {
      cwd: repo.root,
      env: fakes.env,
      timeoutMs: 120_000,
    });
    const handle = temporal.client.workflow.getHandle(runWorkflowId(repo.root, 'TODO.md'));
    await waitFor(() => isPreparing(handle), 'the run to be preparing (its baseline waits for the gate)');

    const control = (...args: string[]) => runCli(args, { cwd: repo.root, timeoutMs: 60_000 });
    const [skip, resume, approve, status] = await Promise.all([control('skip', 'T1'), control('resume'), control('approve'), control('status')]);
    for (const refused of [skip, resume, approve]) {
      expect(refused.exitCode, refused.stdout + refused.stderr).toBe(2);
      expect(refused.stderr).toContain('error [RUN_PREPARING]: The run is still preparing (making its branch and running the baseline tests): it takes controls only once that is done, so nothing was sent.');
      expect(refused.stderr).toContain('hint: Wait until `tandem status` shows its tasks, then run the command again.');
      expect(refused.stderr).not.toContain('RUN_REFUSED');
    }
    expect(status.exitCode, status.stdout + status.stderr).toBe(0);
    expect(status.stdout).toContain('The run is preparing (making its branch and running the baseline tests): its tasks show once that is done.');
    expect(status.stdout).not.toContain('No worker has answered');

    const cancel = startCli(['cancel', '--reason', 'changed my mind'], { cwd: repo.root, timeoutMs: 90_000 });
    await waitFor(() => cancel.output().includes('it takes the cancel once that is done. Waiting up to 5 min'), 'tandem cancel to say it waits');
    await writeFile(join(repo.root, GATE), '');
    const cancelled = await cancel.result;
    t1.release();
    expect(cancelled.exitCode, cancelled.stdout + cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toMatch(/^(Cancel recorded for|Cancelled) /m);
    const run = await running.result;
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.stdout + run.stderr).toContain('Run cancelled');
  }, 180_000);
});
