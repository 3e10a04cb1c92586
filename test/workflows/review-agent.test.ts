/**
 * The task workflow gives a reviewer agent what workflows/review-agent.ts
 * says: the attempt's token limit and what is left of the task's budget, and
 * the agent-review retry profile (3 tries), behind its patch marker. The run
 * is played by a test worker whose reviewChanges notes its input, then runs
 * the real activity (Claude Code against the Anthropic fake); its history replays.
 */
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { tandemDataConverter } from '../../temporal/data-converter.js';
import type { TemporalConnection } from '../../temporal/connection.js';
import { runCli, type CliResult } from '../support/cli.js';
import { readConversation } from '../support/conversation.js';
import { agentTandemHome } from '../support/agent-scripts.js';
import { APPROVE } from '../support/scripted-agents.js';
import { connectTestTemporal, uniqueTaskQueue, withTestWorker } from '../support/temporal.js';
import { greekPlanBefore, greekRepo, startFakes, type Fakes } from '../run/fixtures.js';
import type { ScriptFn } from '../fakes/index.js';
import { AGENT_REVIEW_PATCH } from '../../workflows/review-agent.js';

const CONFIG = 'models:\n  implementer: openai:gpt-5-mini\n  reviewers: [agent:claude-code/claude-sonnet-5-5]\ntest: test -f README.md\nrun:\n  maxTokensPerAttempt: 40000\n  convergeRounds: 0\nbudget:\n  task: { usd: 5 }\n';

const implementer: ScriptFn = (request) => {
  const c = readConversation(request);
  if (c.structured || !c.taskId) return undefined;
  return [
    { toolCalls: [{ name: 'run_command', arguments: { command: 'echo alpha > a.txt' } }] },
    { toolCalls: [{ name: 'finish', arguments: { summary: 'Wrote a.txt.' } }] },
  ][c.step - 1];
};
/** Claude Code as the reviewer (its read tools only): the verdict at once. */
const claudeReviewer: ScriptFn = (request) =>
  request.path.endsWith('/messages') && (request.body?.tools ?? []).some((tool: any) => tool.name === 'Read') ? { text: JSON.stringify(APPROVE) } : undefined;

describe('a review by an agent, as the task workflow schedules it', () => {
  let fakes: Fakes;
  let temporal: TemporalConnection;
  let result: CliResult;
  const reviewInputs: any[] = [];
  const taskQueue = uniqueTaskQueue('agent-review');
  const home = agentTandemHome();
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    const repo = await greekRepo({ plan: greekPlanBefore('T2'), config: CONFIG });
    fakes = await startFakes(implementer, claudeReviewer);
    // The activities run in this process, so they must reach the model fakes from here.
    Object.assign(process.env, fakes.env, { TANDEM_HOME: home });
    temporal = await connectTestTemporal();
    const activities = createActivities();
    const reviewChanges = (input: Parameters<typeof activities.reviewChanges>[0]) => {
      reviewInputs.push(input);
      return activities.reviewChanges(input);
    };
    result = await withTestWorker({ temporal, taskQueue, activities: { ...activities, reviewChanges } }, () =>
      runCli(['run', 'TODO.md', '--no-worker', '--task-queue', taskQueue], { cwd: repo.root, env: { ...fakes.env, TANDEM_HOME: home }, timeoutMs: 120_000 }),
    );
  }, 180_000);

  afterAll(async () => {
    process.env = savedEnv;
    await temporal?.close();
    await fakes?.close();
  });

  it("gives the reviewer the attempt's token limit and what is left of the task's budget", () => {
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(reviewInputs).toHaveLength(1);
    const limits = reviewInputs[0].agentLimits;
    expect(limits.maxTokens).toBe(40000);
    // The implementer spent part of the $5 before the review began.
    expect(limits.maxUsd).toBeGreaterThan(0);
    expect(limits.maxUsd).toBeLessThan(5);
  });

  it('schedules it with the agent-review retry profile, marks the patch, and replays', async () => {
    const taskId = await firstRunId(temporal, taskQueue);
    const history = await temporal.client.workflow.getHandle(taskId).fetchHistory();
    const events = history.events ?? [];
    const review = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'reviewChanges')?.activityTaskScheduledEventAttributes;
    expect(review?.retryPolicy?.maximumAttempts).toBe(3);
    const markers = events.flatMap((e) => (e.markerRecordedEventAttributes?.markerName === 'core_patch' ? [Buffer.from(e.markerRecordedEventAttributes.details?.['patch-data']?.payloads?.[0]?.data ?? []).toString()] : []));
    expect(markers.some((data) => data.includes(AGENT_REVIEW_PATCH))).toBe(true);
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: tandemDataConverter() }, history, taskId);
  });
});

/** The task workflow's id (the run's child for T1) on this queue. */
async function firstRunId(temporal: TemporalConnection, taskQueue: string): Promise<string> {
  for await (const run of temporal.client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
    if (run.workflowId.endsWith('/T1')) return run.workflowId;
  }
  throw new Error(`no task workflow on ${taskQueue}`);
}
