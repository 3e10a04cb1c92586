/**
 * A model provider that goes away pauses the run; it does not fail the task.
 * The implementer's server answers step 1, then drops step 2 and stops
 * listening. While Temporal retries, `tandem status` says what the task waits
 * for; once the retries are spent the run pauses (kind provider) and `tandem
 * run` exits 3 with the whole reason. With the server back on the same port,
 * `tandem resume` and a re-attached `tandem run` finish the same attempt from
 * step 2: one commit, and no answered request is made twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../temporal/free-port.js';
import type { TemporalConnection } from '../../temporal/connection.js';
import type { RunStatus } from '../../contracts/run.js';
import { RUN_ATTRIBUTE_KEYS } from '../../contracts/search-attributes.js';
import { runWorkflowId } from '../../cli/workspace.js';
import { startFakeAnthropic, startFakeOpenAI, type FakeServer, type ScriptFn } from '../fakes/index.js';
import { runCli, startCli } from '../support/cli.js';
import { readConversation } from '../support/conversation.js';
import { TEST_ANTHROPIC_KEY, TEST_OPENAI_KEY } from '../support/model-fakes.js';
import { conversations, implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { connectTestTemporal, uniqueTaskQueue } from '../support/temporal.js';
import { waitFor } from '../support/wait.js';
import { greekPlanBefore, greekRepo } from './fixtures.js';

const writesAlpha = implementerScript(() => [{ path: 'a.txt', content: 'alpha\n' }]);

describe('a model provider outage', () => {
  let temporal: TemporalConnection;
  let reviewer: FakeServer;
  const servers: FakeServer[] = [];

  beforeAll(async () => {
    temporal = await connectTestTemporal();
    reviewer = await startFakeAnthropic({ script: reviewerScript() });
  });
  afterAll(async () => {
    for (const server of [...servers, reviewer]) await server?.close();
    await temporal?.close();
  });

  it('pauses the run while the provider is down, and resume finishes the same attempt', async () => {
    const port = await freePort();
    // Step 1 is answered; step 2 finds the server going away (its connection dropped, then refused).
    let wentAway = false;
    const goesAwayAtStep2: ScriptFn = (request, index) => {
      if (!wentAway && readConversation(request).step === 2) {
        wentAway = true;
        setImmediate(() => void before.close());
        return { reset: true };
      }
      return writesAlpha(request, index);
    };
    const before = await startFakeOpenAI({ script: goesAwayAtStep2, port });
    servers.push(before);

    const repo = await greekRepo({ plan: greekPlanBefore('T2'), name: 'outage' });
    const queue = uniqueTaskQueue('outage');
    const env = {
      OPENAI_API_KEY: TEST_OPENAI_KEY,
      OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
      ANTHROPIC_API_KEY: TEST_ANTHROPIC_KEY,
      ANTHROPIC_BASE_URL: reviewer.url,
      TANDEM_HEARTBEAT_SECONDS: '2',
      // Tries 2-3 s apart: the 8 tries take about 20 s, long enough to read the status in between.
      TANDEM_MODEL_RETRY_MAX_SECONDS: '3',
    };
    const running = startCli(['run', '--in-checkout', '--task-queue', queue], { cwd: repo.root, env, timeoutMs: 120_000 });

    let status = '';
    await waitFor(async () => {
      status = (await runCli(['status'], { cwd: repo.root })).stdout;
      return /T1 waiting for openai: connection refused \(retry [2-8] of 8(, next in \d+ s)?\)/.test(status);
    }, 'tandem status to show what the task waits for');

    const gaveUp = await running.result;
    expect(gaveUp.exitCode, gaveUp.stdout + gaveUp.stderr).toBe(3);
    expect(gaveUp.stderr).toContain('error [PROVIDER_UNAVAILABLE]: The run is paused: T1: openai is unavailable: connection refused. Check that openai is running');
    expect(gaveUp.stderr).toContain('Once the provider works: `tandem resume TODO.md`, then `tandem run TODO.md` to attach a worker.');
    expect(gaveUp.stdout).toMatch(/T1 waiting for openai: connection refused \(retry \d of 8/);
    expect(gaveUp.stdout).not.toMatch(/✗ T1/);

    // Paused durably: the run is open, waits with kind provider, and nothing is in flight.
    const paused = JSON.parse((await runCli(['status', '--json'], { cwd: repo.root })).stdout) as { workflowStatus: string; status: RunStatus };
    expect(paused.workflowStatus).toBe('RUNNING');
    expect(paused.status).toMatchObject({ state: 'paused', pauseKind: 'provider' });
    expect(paused.status.pausedReason).toContain('T1: openai is unavailable: connection refused');
    expect(paused.status.tasks[0]).toMatchObject({ id: 'T1', state: 'running' });
    const task = await temporal.client.workflow.getHandle(`${runWorkflowId(repo.root, 'TODO.md')}/T1`).describe();
    expect(task.raw.pendingActivities ?? []).toEqual([]);
    // `tandem list --state paused:provider` (and the Web UI) find it by its search attribute.
    const run = temporal.client.workflow.getHandle(runWorkflowId(repo.root, 'TODO.md'));
    await waitFor(async () => (await run.describe()).typedSearchAttributes.get(RUN_ATTRIBUTE_KEYS.state) === 'paused:provider', 'TandemState paused:provider');

    // The provider is back, on the same port.
    const after = await startFakeOpenAI({ script: writesAlpha, port });
    servers.push(after);
    const resumed = await runCli(['resume'], { cwd: repo.root });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const finished = await runCli(['run', '--in-checkout', '--task-queue', queue], { cwd: repo.root, env, timeoutMs: 120_000 });
    expect(finished.exitCode, finished.stdout + finished.stderr).toBe(0);

    expect((await repo.git('log', '--format=%s', 'main..HEAD')).split('\n')).toEqual(['T1: Write alpha']);
    expect(await repo.git('show', 'HEAD:a.txt')).toBe('alpha');
    await waitFor(async () => (await run.describe()).typedSearchAttributes.get(RUN_ATTRIBUTE_KEYS.state) === 'completed', 'TandemState completed after resume');
    // The same attempt went on from step 2: step 1 was answered once and never asked again.
    const steps = (server: FakeServer) => conversations(server.requests).map((c) => [c.attempt, c.step]);
    expect(steps(before)).toEqual([
      [1, 1],
      [1, 2],
    ]);
    expect(steps(after)).toEqual([[1, 2]]);
    before.assertClean();
    after.assertClean();
  }, 180_000);

  it('a rejected key pauses at once, says which variable to fix, and resume goes on', async () => {
    let rejected = false;
    const rejectsOnce: ScriptFn = (request, index) => {
      if (rejected) return writesAlpha(request, index);
      rejected = true;
      return { error: { status: 401, message: 'Incorrect API key provided' } };
    };
    const implementer = await startFakeOpenAI({ script: rejectsOnce });
    servers.push(implementer);
    const repo = await greekRepo({ plan: greekPlanBefore('T2'), name: 'key-rejected' });
    const queue = uniqueTaskQueue('key-rejected');
    const env = { OPENAI_API_KEY: TEST_OPENAI_KEY, OPENAI_BASE_URL: implementer.url, ANTHROPIC_API_KEY: TEST_ANTHROPIC_KEY, ANTHROPIC_BASE_URL: reviewer.url };

    const gaveUp = await runCli(['run', '--in-checkout', '--task-queue', queue], { cwd: repo.root, env, timeoutMs: 120_000 });
    expect(gaveUp.exitCode, gaveUp.stdout + gaveUp.stderr).toBe(3);
    expect(gaveUp.stderr).toContain('T1: openai is unavailable: key rejected (401). Set OPENAI_API_KEY to a valid key for openai, then run `tandem resume`.');
    // Not retried: waiting does not fix a key.
    expect(implementer.requests).toHaveLength(1);

    expect((await runCli(['resume'], { cwd: repo.root })).exitCode).toBe(0);
    const finished = await runCli(['run', '--in-checkout', '--task-queue', queue], { cwd: repo.root, env, timeoutMs: 120_000 });
    expect(finished.exitCode, finished.stdout + finished.stderr).toBe(0);
    expect((await repo.git('log', '--format=%s', 'main..HEAD')).split('\n')).toEqual(['T1: Write alpha']);
    expect(conversations(implementer.requests).map((c) => [c.attempt, c.step])).toEqual([
      [1, 1],
      [1, 1],
      [1, 2],
    ]);
    implementer.assertClean();
  }, 120_000);
});
