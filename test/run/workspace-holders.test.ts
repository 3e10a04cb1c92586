/**
 * Worker-specific task queues on many machines: three processes stand in for
 * three machines (each its own TANDEM_HOME and clone; a bare repository is the
 * remote). The run is started on A with `--no-worker --remote origin`; worker
 * B (`tandem worker --repo <bare>`) takes both lanes and is killed mid-task;
 * worker C, started meanwhile, takes the tasks over from fresh worktrees once
 * B's workspace queue has been silent for `run.workerLostSeconds`. One commit
 * per task on the remote's run branch, and only the model calls in flight at
 * the kill are sent again (B had finished none).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli, type RunningCli } from '../support/cli.js';
import { RequestHolds } from '../support/held-requests.js';
import { createRepo } from '../support/git-repo.js';
import { addBareOrigin, bareGit } from '../support/bare-remote.js';
import { conversations, implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { connectTestTemporal } from '../support/temporal.js';
import { waitFor } from '../support/wait.js';
import { runWorkflowId } from '../../cli/workspace.js';
import { workflowTaskQueue } from '../../worker/task-queue.js';
import { workspaceHolderKey, workspaceQueueOf } from '../../temporal/workspace-queue.js';
import { independentPlan, startFakes, tandemYaml } from './fixtures.js';

const FILES: Record<string, string> = { T1: 'one.txt', T2: 'two.txt', T3: 'three.txt' };
const ACTIVITY_QUEUE = 2; // TASK_QUEUE_TYPE_ACTIVITY

describe('tasks follow the worker holding their worktree, across machines', () => {
  it('a killed worker’s tasks move to another worker, with one commit each on the remote', async () => {
    const [homeA, homeB, homeC] = ['a', 'b', 'c'].map((name) => mkdtempSync(join(tmpdir(), `tandem-holder-${name}-`))) as [string, string, string];
    const holds = new RequestHolds();
    const fakes = await startFakes(holds.around(implementerScript((taskId) => [{ path: FILES[taskId]!, content: `${taskId}\n` }])), reviewerScript());
    const temporal = await connectTestTemporal();
    const workers: RunningCli[] = [];
    try {
      const repo = await createRepo(
        { 'README.md': '# Holders\n', 'TODO.md': independentPlan('Holders', FILES), 'tandem.yaml': tandemYaml('run:\n  workerLostSeconds: 5\n') },
        { name: 'holders' },
      );
      const bare = await addBareOrigin(repo, 'holders');
      const runId = runWorkflowId(repo.root, 'TODO.md');
      const queue = workflowTaskQueue(runId);
      const env = { ...fakes.env, TANDEM_HEARTBEAT_SECONDS: '3' };
      const queueOf = (home: string) => workspaceQueueOf(queue, workspaceHolderKey({ TANDEM_HOME: home }));
      const firstCalls = [holds.hold((c) => c.taskId === 'T1' && c.step === 1, "T1's first call"), holds.hold((c) => c.taskId === 'T2' && c.step === 1, "T2's first call")];

      const run = startCli(['run', '--parallel', '2', '--no-worker', '--remote', 'origin'], { cwd: repo.root, env: { ...env, TANDEM_HOME: homeA }, timeoutMs: 240_000 });
      const workerB = startCli(['worker', '--repo', bare], { env: { ...env, TANDEM_HOME: homeB }, timeoutMs: 240_000 });
      workers.push(workerB);
      await Promise.all(firstCalls.map((call) => call.arrived()));
      // B holds both worktrees now; C comes up and polls its own workspace queue.
      const workerC = startCli(['worker', '--repo', bare], { env: { ...env, TANDEM_HOME: homeC }, timeoutMs: 240_000 });
      workers.push(workerC);
      await waitFor(async () => {
        const described = await temporal.client.workflowService.describeTaskQueue({ namespace: temporal.namespace, taskQueue: { name: queueOf(homeC) }, taskQueueType: ACTIVITY_QUEUE });
        return (described.pollers ?? []).length > 0;
      }, "worker C polling its workspace queue", 60_000);
      workerB.killHard();
      await workerB.result;
      holds.releaseAll();

      const result = await run.result;
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain("T1: the worker holding its worktree stopped answering; the attempt starts again on a fresh worktree, on whichever worker takes it");
      expect(result.stderr).not.toMatch(/at .*\.js:\d+/);

      // The commits are on the remote's run branch, one per task, linear; A's checkout is untouched.
      const tasks = bareGit(bare, 'log', '--format=%(trailers:key=Tandem-Task,valueonly)', 'main..tandem/holders').split('\n').filter(Boolean);
      expect(tasks.sort()).toEqual(['T1', 'T2', 'T3']);
      expect(bareGit(bare, 'rev-list', '--merges', 'main..tandem/holders')).toBe('');
      expect(await repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
      expect(await repo.git('branch', '--list', 'tandem/*')).toBe('');

      // Which machine did what: T1's first child worked on B's queue, its second on C's.
      const starts: string[] = [];
      for (const event of (await temporal.client.workflow.getHandle(runId).fetchHistory()).events ?? []) {
        const started = event.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
        if (started?.workflowId === `${runId}/T1`) starts.push(started.runId!);
      }
      expect(starts).toHaveLength(2);
      const queuesOf = async (childRunId: string) => {
        const history = await temporal.client.workflow.getHandle(`${runId}/T1`, childRunId).fetchHistory();
        return new Set((history.events ?? []).flatMap((event) => event.activityTaskScheduledEventAttributes?.taskQueue?.name ?? []));
      };
      expect([...(await queuesOf(starts[0]!))]).toEqual([queueOf(homeB)]);
      expect([...(await queuesOf(starts[1]!))]).toEqual([queueOf(homeC)]);

      // Only the calls in flight at the kill went twice (B had finished none): two model steps per task, plus those two.
      // The restarted attempts have new numbers: replaying a journaled attempt onto a fresh worktree would skip its tools.
      const calls = conversations(fakes.implementer.requests).map((c) => `${c.taskId}/s${c.step}`);
      expect(calls.sort()).toEqual(['T1/s1', 'T1/s1', 'T1/s2', 'T2/s1', 'T2/s1', 'T2/s2', 'T3/s1', 'T3/s2']);
      expect(await runCli(['status'], { cwd: repo.root, env: { TANDEM_HOME: homeA } }).then((shown) => shown.stdout)).toContain('stopped answering');
    } finally {
      holds.releaseAll();
      for (const worker of workers) worker.killHard();
      await temporal.close();
      await fakes.close();
    }
  }, 260_000);
});
