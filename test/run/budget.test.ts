/**
 * Budgets never let a run burn money silently: reaching the run budget pauses
 * the run durably (status says why) until `tandem resume --add-budget`; a
 * model that never finishes is stopped by the step limit or the task budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStatusQuery } from '../../workflows/definitions.js';
import type { TemporalConnection } from '../../temporal/connection.js';
import { runWorkflowId } from '../../cli/workspace.js';
import { runCli, startCli } from '../support/cli.js';
import { conversations, implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { connectTestTemporal, uniqueTaskQueue } from '../support/temporal.js';
import { waitFor } from '../support/wait.js';
import type { FakeReply, RecordedRequest } from '../fakes/index.js';
import { readConversation } from '../support/conversation.js';
import { greekPlanBefore, greekRepo, startFakes, tandemYaml, type Fakes } from './fixtures.js';
import { RUN_ATTRIBUTE_KEYS } from '../../contracts/search-attributes.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

const CONTENT: Record<string, { path: string; content: string }> = {
  T1: { path: 'a.txt', content: 'alpha\n' },
  T2: { path: 'b.txt', content: 'beta\n' },
  T3: { path: 'c.txt', content: 'gamma\n' },
};

describe('budgets', () => {
  let temporal: TemporalConnection;

  beforeAll(async () => {
    temporal = await connectTestTemporal();
  });
  afterAll(async () => {
    await temporal?.close();
  });

  /** The activities Temporal has scheduled or running for a workflow and its children, as `workflowId: type`. */
  async function activitiesInFlight(workflowId: string): Promise<string[]> {
    const { raw } = await temporal.client.workflow.getHandle(workflowId).describe();
    const own = (raw.pendingActivities ?? []).map((activity) => `${workflowId}: ${activity.activityType?.name}`);
    const children = await Promise.all((raw.pendingChildren ?? []).map((child) => activitiesInFlight(child.workflowId!)));
    return [...own, ...children.flat()];
  }

  it('pauses durably at the run budget, says why (also to its webhook), and finishes after resume --add-budget', async () => {
    const fakes = await startFakes(implementerScript((taskId) => [CONTENT[taskId]!]), reviewerScript());
    const webhook = await startWebhookReceiver();
    try {
      const repo = await greekRepo({ name: 'budgeted' });
      // About two model calls' worth of the fake's usage at gpt-5-mini prices.
      const running = startCli(['run', '--in-checkout', '--budget', '0.0008', '--notify', webhook.url, '--task-queue', uniqueTaskQueue('budget')], { cwd: repo.root, env: fakes.env, timeoutMs: 120_000 });
      const handle = temporal.client.workflow.getHandle(runWorkflowId(repo.root, 'TODO.md'));
      await waitFor(async () => (await handle.query(runStatusQuery).catch(() => undefined))?.state === 'paused', 'the run to pause on its budget');
      const callsWhenPaused = fakes.implementer.requests.length + fakes.reviewer.requests.length;

      const status = await runCli(['status'], { cwd: repo.root });
      expect(status.stdout).toMatch(/paused: (T\d: )?run budget reached: \$0\.\d+ of \$0\.0008/);
      expect(status.stdout).toContain('tandem resume --add-budget');
      // Durable: while it waits nothing is in flight (no activity of the run or of its task), so nothing
      // can be spent; and no model call came in while the status was read.
      expect(await activitiesInFlight(handle.workflowId)).toEqual([]);
      expect(fakes.implementer.requests.length + fakes.reviewer.requests.length).toBe(callsWhenPaused);

      // The pause is seen twice (the task's signal, then the run's loop) and notified once.
      await waitFor(() => webhook.received.length > 0, 'the pause notification');
      expect(webhook.received.map((r) => [r.body.event, r.body.pauseKind])).toEqual([['paused', 'budget']]);
      expect(webhook.received[0]!.body.text).toMatch(/^Tandem paused \(budget\): TODO\.md on tandem\/greek-letters · (T\d: )?run budget reached/);

      const resumed = await runCli(['resume', '--add-budget', '5'], { cwd: repo.root });
      expect(resumed.exitCode, resumed.stderr).toBe(0);
      const finished = await running.result;
      expect(finished.exitCode, finished.stdout + finished.stderr).toBe(0);
      expect(finished.stdout).toMatch(/paused: (T\d: )?run budget reached/);
      expect((await repo.git('log', '--format=%s', 'main..HEAD')).split('\n')).toEqual(['T3: Write gamma', 'T2: Write beta', 'T1: Write alpha']);
      expect(webhook.received.map((r) => r.body.event)).toEqual(['paused', 'run_finished']);
    } finally {
      await fakes.close();
      await webhook.close();
    }
  }, 150_000);

  it('pauses at the token budget: status says --add-tokens, the list shows paused:budget, resume shows the real spend and the attached worker', async () => {
    const writesAlpha = implementerScript(() => [CONTENT.T1!]);
    // 1,100 tokens a call: a 1,500-token run budget is reached by the second call, before the review.
    const costly = async (request: RecordedRequest, index: number): Promise<FakeReply | undefined> => {
      const reply = await writesAlpha(request, index);
      return reply && { ...reply, usage: { inputTokens: 1000, outputTokens: 100 } };
    };
    // The review comes after the pause; it waits until `tandem resume` has printed, so the spend shown is the one at the pause.
    let releaseAfterResume!: () => void;
    const resumePrinted = new Promise<void>((resolve) => (releaseAfterResume = resolve));
    const reviews = reviewerScript();
    const heldReview = async (request: RecordedRequest, index: number): Promise<FakeReply | undefined> => {
      await resumePrinted;
      return reviews(request, index);
    };
    const fakes = await startFakes(costly, heldReview);
    try {
      const repo = await greekRepo({ plan: greekPlanBefore('T2'), name: 'token-budgeted' });
      const running = startCli(['run', '--in-checkout', '--budget-tokens', '1500', '--task-queue', uniqueTaskQueue('tokens')], { cwd: repo.root, env: fakes.env, timeoutMs: 120_000 });
      const handle = temporal.client.workflow.getHandle(runWorkflowId(repo.root, 'TODO.md'));
      await waitFor(async () => (await handle.query(runStatusQuery).catch(() => undefined))?.state === 'paused', 'the run to pause on its token budget');
      await waitFor(async () => (await handle.describe()).typedSearchAttributes.get(RUN_ATTRIBUTE_KEYS.state) === 'paused:budget', 'TandemState paused:budget');

      const status = await runCli(['status'], { cwd: repo.root });
      expect(status.stdout).toMatch(/paused: T1: run budget reached: 2200 of 1500 tokens/);
      expect(status.stdout).toContain('continue with: tandem resume --add-tokens <n>');
      expect(status.stdout).not.toContain('--add-budget');

      const resumed = await runCli(['resume', '--add-tokens', '100000'], { cwd: repo.root });
      releaseAfterResume();
      expect(resumed.exitCode, resumed.stderr).toBe(0);
      // What T1 spent before the pause, although no task has finished yet; and the `tandem run` above still holds the worker.
      expect(resumed.stdout).toContain('Run running: 0 committed · 2.2k tok');
      expect(resumed.stdout).toMatch(/Work goes on in the attached worker \(\d+@/);
      expect(resumed.stdout).not.toContain('No worker is attached');
      const finished = await running.result;
      expect(finished.exitCode, finished.stdout + finished.stderr).toBe(0);
      await waitFor(async () => (await handle.describe()).typedSearchAttributes.get(RUN_ATTRIBUTE_KEYS.state) === 'completed', 'TandemState completed');
      expect((await handle.describe()).typedSearchAttributes.get(RUN_ATTRIBUTE_KEYS.done)).toBe(1);
    } finally {
      releaseAfterResume();
      await fakes.close();
    }
  }, 150_000);

  it('stops a model that never calls finish at the step limit', async () => {
    const neverFinishes = (request: RecordedRequest): FakeReply | undefined =>
      readConversation(request).taskId ? { toolCalls: [{ name: 'read_file', arguments: { path: 'README.md' } }] } : undefined;
    const fakes = await startFakes(neverFinishes, reviewerScript());
    try {
      const plan = `# Plan: Loop\n\n- [ ] T1: Never done\n  - Acceptance:\n    - done\n  - Depends on: none\n`;
      const repo = await greekRepo({ plan, name: 'looping', config: tandemYaml('run:\n  maxSteps: 5\n  maxAttempts: 1\n') });
      const result = await runCli(['run', '--in-checkout', '--task-queue', uniqueTaskQueue('steps')], { cwd: repo.root, env: fakes.env, timeoutMs: 120_000 });
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toMatch(/T1 Never done — failed after 1 attempt: the implementer stopped: step limit reached \(5 steps\)/);
      expect(fakes.implementer.requests).toHaveLength(5);
      expect(fakes.reviewer.requests).toHaveLength(0);
    } finally {
      await fakes.close();
    }
  }, 120_000);

  it('stops a model that never calls finish within the task budget plus one call', async () => {
    const neverFinishes = (request: RecordedRequest): FakeReply | undefined =>
      readConversation(request).taskId
        ? { toolCalls: [{ name: 'read_file', arguments: { path: 'README.md' } }], usage: { inputTokens: 1000, outputTokens: 100 } }
        : undefined;
    const fakes = await startFakes(neverFinishes, reviewerScript());
    try {
      const plan = `# Plan: Loop\n\n- [ ] T1: Never done\n  - Acceptance:\n    - done\n  - Depends on: none\n`;
      const repo = await greekRepo({ plan, name: 'spending', config: tandemYaml('run:\n  maxSteps: 40\n  maxAttempts: 1\n') });
      // 1,100 tokens a call: a 3,000-token budget allows 3 calls (the third crosses it), never a fourth.
      const result = await runCli(['run', '--in-checkout', '--task-budget-tokens', '3000', '--task-queue', uniqueTaskQueue('task-budget')], {
        cwd: repo.root,
        env: fakes.env,
        timeoutMs: 120_000,
      });
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toMatch(/task budget reached: 3300 of 3000 tokens/);
      expect(conversations(fakes.implementer.requests)).toHaveLength(3);
    } finally {
      await fakes.close();
    }
  }, 120_000);
});
