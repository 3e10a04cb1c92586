/**
 * A planning is isolated like a run: it has a queue of its own, and a worker
 * on it with another planner key refuses the planner's call (sending nothing)
 * while the planning waits; a worker with the planning's key finishes it.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { planWorkflowId } from '../../cli/workspace.js';
import { workflowTaskQueue } from '../../worker/task-queue.js';
import { startCli, type RunningCli } from '../support/cli.js';
import { connectTestTemporal } from '../support/temporal.js';
import { waitFor } from '../support/wait.js';
import { designRepo, modelRequests, PLANNER, planReviewerScript, plannerScript, REVIEWER, startPlanFakes, todoPath, type PlanFakes } from './fixtures.js';
import { DRAFT } from './plans.js';

describe('tandem plan with a worker that has another key', () => {
  let fakes: PlanFakes | undefined;
  const workers: RunningCli[] = [];
  afterAll(async () => {
    for (const worker of workers) worker.killHard();
    await fakes?.close();
  });

  it('waits for a worker with the planning key, calling nothing meanwhile', async () => {
    const repo = await designRepo();
    fakes = await startPlanFakes(
      plannerScript(() => ({ json: DRAFT })),
      planReviewerScript(() => ({ json: { verdict: 'approve', summary: 'Fine.', comments: [] } })),
    );
    const workflowId = planWorkflowId(repo.root, 'design.md');
    const queue = workflowTaskQueue(workflowId);
    const plan = startCli(['plan', 'design.md', '--planner', PLANNER, '--reviewer', REVIEWER, '--no-worker'], { cwd: repo.root, env: fakes.env, timeoutMs: 150_000 });
    const wrong = startCli(['worker', '--task-queue', queue], { cwd: repo.root, env: { ...fakes.env, OPENAI_API_KEY: 'sk-test-openai-not-the-planners' }, timeoutMs: 150_000 });
    workers.push(wrong);

    const temporal = await connectTestTemporal();
    try {
      const refusals = async () => {
        // Not found until `tandem plan` has started it.
        const history = await temporal.client.workflow.getHandle(workflowId).fetchHistory().catch(() => undefined);
        return (history?.events ?? []).filter((event) => event.activityTaskFailedEventAttributes?.failure?.applicationFailureInfo?.type === 'WorkerEndpointMismatch');
      };
      await waitFor(async () => (await refusals()).length > 0, 'the wrong worker to refuse the planner call', 90_000);
      expect((await refusals())[0]!.activityTaskFailedEventAttributes!.failure!.message).toContain("this worker's OPENAI_API_KEY has fingerprint");
    } finally {
      await temporal.close();
    }
    expect(modelRequests(fakes.planner.requests)).toEqual([]);

    // A graceful stop, as Ctrl-C: the planning's next workflow task goes to the next worker at once.
    process.kill(wrong.pid, 'SIGTERM');
    await wrong.result;
    workers.push(startCli(['worker', '--task-queue', queue], { cwd: repo.root, env: fakes.env, timeoutMs: 150_000 }));
    const result = await plan.result;
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toContain(`tandem worker --task-queue ${queue}`);
    expect(await readFile(todoPath(repo), 'utf8')).toContain('- [ ] T1: Add a `separator` option');
    expect(modelRequests(fakes.planner.requests)).toHaveLength(1);
  }, 200_000);
});
