/**
 * Runs started before implementerStep reported `longRunning` per tool call must
 * replay: for a result without the flag, the workflow keeps the old rule (by
 * name), so run_command is still a regular activity and the command sequence
 * recorded then is the one the current code produces. The old activity is
 * played by the real one with the flag taken out of its result.
 */
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createActivities } from '../../activities/index.js';
import type { ImplementerStepResult } from '../../activities/implement.js';
import { tandemDataConverter } from '../../temporal/data-converter.js';
import type { TemporalConnection } from '../../temporal/connection.js';
import { runCli, type CliResult } from '../support/cli.js';
import { readConversation } from '../support/conversation.js';
import { reviewerScript } from '../support/scripted-agents.js';
import { connectTestTemporal, uniqueTaskQueue, withTestWorker } from '../support/temporal.js';
import { greekPlanBefore, greekRepo, startFakes, type Fakes } from '../run/fixtures.js';
import type { ScriptFn } from '../fakes/index.js';

const PLAN = greekPlanBefore('T2');

const implementer: ScriptFn = (request) => {
  const c = readConversation(request);
  if (c.structured || !c.taskId) return undefined;
  return [
    { toolCalls: [{ name: 'run_command', arguments: { command: 'echo alpha > a.txt' } }] },
    { toolCalls: [{ name: 'write_file', arguments: { path: 'notes.txt', content: 'alpha written\n' } }] },
    { toolCalls: [{ name: 'finish', arguments: { summary: 'Wrote a.txt.' } }] },
  ][c.step - 1];
};

describe('a history recorded before tool calls carried longRunning', () => {
  let fakes: Fakes;
  let temporal: TemporalConnection;
  let result: CliResult;
  const taskQueue = uniqueTaskQueue('legacy-replay');
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    const repo = await greekRepo({ plan: PLAN });
    fakes = await startFakes(implementer, reviewerScript());
    // The activities run in this process, so they must reach the model fakes from here.
    Object.assign(process.env, fakes.env);
    temporal = await connectTestTemporal();
    const activities = createActivities();
    const implementerStep = async (...args: Parameters<typeof activities.implementerStep>): Promise<ImplementerStepResult> => {
      const current = await activities.implementerStep(...args);
      return { ...current, toolCalls: current.toolCalls.map(({ longRunning: _flag, ...call }) => call) };
    };
    result = await withTestWorker({ temporal, taskQueue, activities: { ...activities, implementerStep } }, () =>
      runCli(['run', 'TODO.md', '--no-worker', '--task-queue', taskQueue], { cwd: repo.root, env: fakes.env, timeoutMs: 120_000 }),
    );
  }, 180_000);

  afterAll(async () => {
    process.env = savedEnv;
    await temporal?.close();
    await fakes?.close();
  });

  it('runs run_command as a regular activity and write_file as a local one, as before, and replays', async () => {
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const runs = temporal.client.workflow.list({ query: `TaskQueue = '${taskQueue}'` });
    const ids: string[] = [];
    for await (const run of runs) ids.push(run.workflowId);
    const taskId = ids.find((id) => id.endsWith('/T1'));
    expect(taskId).toBeDefined();
    const history = await temporal.client.workflow.getHandle(taskId!).fetchHistory();
    const scheduled = (history.events ?? []).flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType?.name] : []));
    // Two tool calls: only run_command is a regular activity; write_file ran locally (a marker).
    expect(scheduled.filter((name) => name === 'toolStep')).toHaveLength(1);
    expect((history.events ?? []).filter((e) => e.markerRecordedEventAttributes).length).toBeGreaterThanOrEqual(1);
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: tandemDataConverter() },
      history,
      taskId,
    );
  });
});
