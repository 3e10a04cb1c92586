/**
 * Isolation by construction (issue 13): a run's activities are only ever
 * executed by a process serving that run. Two `tandem run` processes at once,
 * in two repositories, each pointed at its own model fakes with its own keys:
 * each fake sees its own run's requests and no other. And a worker started
 * for a run's queue with another key refuses the run's model calls (never
 * calling with its key), the run shows paused:worker, and a worker with the
 * run's key, once started, takes over and the run completes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { RunStatus } from '../../contracts/run.js';
import { runWorkflowId } from '../../cli/workspace.js';
import { keyFingerprint } from '../../models/endpoint-identity.js';
import { workflowTaskQueue } from '../../worker/task-queue.js';
import type { FakeServer } from '../fakes/index.js';
import { runCli, startCli, type RunningCli } from '../support/cli.js';
import { conversations, implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { connectTestTemporal } from '../support/temporal.js';
import { waitFor } from '../support/wait.js';
import { greekPlanBefore, greekRepo, startFakes, type Fakes } from './fixtures.js';

const writesLetters = implementerScript((taskId) => [{ path: taskId === 'T1' ? 'a.txt' : 'b.txt', content: taskId === 'T1' ? 'alpha\n' : 'beta\n' }], {
  // Slow enough that the two runs overlap for their whole length.
  delayMs: () => 150,
});

/** Each run's own keys: a request carrying the other's shows which worker served it. */
function keysFor(name: string, fakes: Fakes): Record<string, string> {
  return { ...fakes.env, OPENAI_API_KEY: `sk-test-openai-${name}-0123456789`, ANTHROPIC_API_KEY: `sk-ant-test-${name}-0123456789` };
}

function keysSeen(server: FakeServer): string[] {
  return [...new Set(server.requests.map((request) => (request.headers['x-api-key'] ?? request.headers.authorization ?? 'none').replace(/^Bearer /, '')))];
}

describe('isolated runs', () => {
  const fakes: Fakes[] = [];
  const workers: RunningCli[] = [];
  afterAll(async () => {
    for (const worker of workers) worker.killHard();
    for (const fake of fakes) await fake.close();
  });

  it('two runs at once in two repositories: each model server sees only its own run', async () => {
    const runs = await Promise.all(
      ['left', 'right'].map(async (name) => {
        const repo = await greekRepo({ plan: greekPlanBefore('T3'), name: `iso-${name}` });
        const fake = await startFakes(writesLetters, reviewerScript());
        fakes.push(fake);
        return { name, repo, fake, env: keysFor(name, fake) };
      }),
    );
    // No --task-queue: the way a user starts a run.
    const results = await Promise.all(runs.map((run) => runCli(['run'], { cwd: run.repo.root, env: run.env, timeoutMs: 150_000 })));
    for (const [index, result] of results.entries()) expect(result.exitCode, `${runs[index]!.name}: ${result.stdout}${result.stderr}`).toBe(0);

    for (const run of runs) {
      expect((await run.repo.git('log', '--format=%s', 'main..tandem/greek-letters')).split('\n')).toEqual(['T2: Write beta', 'T1: Write alpha']);
      // Every request to this run's servers came with this run's keys, and all of its calls came here: 2 steps per task, 1 review per task.
      expect(keysSeen(run.fake.implementer)).toEqual([run.env.OPENAI_API_KEY]);
      expect(keysSeen(run.fake.reviewer)).toEqual([run.env.ANTHROPIC_API_KEY]);
      expect(conversations(run.fake.implementer.requests).map((c) => `${c.taskId}/${c.step}`).sort()).toEqual(['T1/1', 'T1/2', 'T2/1', 'T2/2']);
      expect(run.fake.reviewer.requests).toHaveLength(2);
    }
    // Each run was on a queue of its own.
    const temporal = await connectTestTemporal();
    try {
      const queues = await Promise.all(runs.map(async (run) => (await temporal.client.workflow.getHandle(runWorkflowId(run.repo.root, 'TODO.md')).describe()).taskQueue));
      expect(queues).toEqual(runs.map((run) => workflowTaskQueue(runWorkflowId(run.repo.root, 'TODO.md'))));
      expect(new Set(queues).size).toBe(2);
    } finally {
      await temporal.close();
    }
  }, 200_000);

  it('a worker with another key refuses the run, which waits for one with its own', async () => {
    const repo = await greekRepo({ plan: greekPlanBefore('T2'), name: 'iso-wrong-key' });
    const fake = await startFakes(writesLetters, reviewerScript());
    fakes.push(fake);
    const queue = workflowTaskQueue(runWorkflowId(repo.root, 'TODO.md'));
    const started = startCli(['run', '--no-worker'], { cwd: repo.root, env: fake.env, timeoutMs: 150_000 });

    const wrongKey = 'sk-test-openai-someone-elses-key';
    const wrong = startCli(['worker', '--task-queue', queue], { cwd: repo.root, env: { ...fake.env, OPENAI_API_KEY: wrongKey }, timeoutMs: 150_000 });
    workers.push(wrong);
    let status: { status?: RunStatus; taskQueue?: string; endpoints?: { implementer: { keyFingerprint?: string } } } = {};
    await waitFor(async () => {
      const shown = await runCli(['status', '--json'], { cwd: repo.root });
      status = shown.exitCode === 0 ? JSON.parse(shown.stdout) : {};
      return status.status?.pauseKind === 'worker';
    }, 'the run to pause for a proper worker', 90_000);
    expect(status.status?.state).toBe('paused');
    expect(status.taskQueue).toBe(queue);
    expect(status.endpoints?.implementer.keyFingerprint).toBe(keyFingerprint(fake.env.OPENAI_API_KEY!));
    expect(status.status?.pausedReason).toContain(
      `this worker's OPENAI_API_KEY has fingerprint ${keyFingerprint(wrongKey)}, the run was started with ${keyFingerprint(fake.env.OPENAI_API_KEY!)}`,
    );
    expect(status.status?.pausedReason).toContain(`tandem worker --task-queue ${queue}`);
    const human = await runCli(['status'], { cwd: repo.root });
    expect(human.stdout).toContain("continue with: a worker started with the run's keys and base URLs");
    // Never called with the other key: the fake has seen no request at all.
    expect(fake.implementer.requests).toEqual([]);
    // Attaching `tandem run` from a shell with the other key stops before its worker would only refuse.
    const attach = await runCli(['run'], { cwd: repo.root, env: { ...fake.env, OPENAI_API_KEY: wrongKey }, timeoutMs: 60_000 });
    expect(attach.exitCode, attach.stdout + attach.stderr).toBe(3);
    expect(attach.stderr).toContain(`error [WORKER_ENDPOINT_MISMATCH]: This shell cannot serve the open run of TODO.md: for the implementer (openai:gpt-5-mini), this shell's OPENAI_API_KEY has fingerprint ${keyFingerprint(wrongKey)}`);

    // A graceful stop, as Ctrl-C: the server forgets the worker's sticky queues, so the run's next task goes to the next worker at once.
    process.kill(wrong.pid, 'SIGTERM');
    expect((await wrong.result).stdout).toContain('tandem worker stopped');
    const right = startCli(['worker', '--task-queue', queue], { cwd: repo.root, env: fake.env, timeoutMs: 150_000 });
    workers.push(right);
    const result = await started.result;
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toContain(`tandem worker --task-queue ${queue}`);
    expect((await repo.git('log', '--format=%s', 'main..tandem/greek-letters')).split('\n')).toEqual(['T1: Write alpha']);
    expect(keysSeen(fake.implementer)).toEqual([fake.env.OPENAI_API_KEY]);
    const final = JSON.parse((await runCli(['status', '--json'], { cwd: repo.root })).stdout) as { status: RunStatus };
    expect(final.status).toMatchObject({ state: 'completed' });
    expect(final.status.pausedReason).toBeUndefined();
  }, 200_000);

  it('tandem worker --repo serves the runs of its repository, each on its own queue', async () => {
    const repo = await greekRepo({ plan: greekPlanBefore('T2'), name: 'iso-repo-worker' });
    const fake = await startFakes(writesLetters, reviewerScript());
    fakes.push(fake);
    const queue = workflowTaskQueue(runWorkflowId(repo.root, 'TODO.md'));
    // Started first: it finds the run when it appears.
    const worker = startCli(['worker', '--repo', repo.root], { env: fake.env, timeoutMs: 150_000 });
    workers.push(worker);
    const result = await runCli(['run', '--no-worker'], { cwd: repo.root, env: fake.env, timeoutMs: 150_000 });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect((await repo.git('log', '--format=%s', 'main..tandem/greek-letters')).split('\n')).toEqual(['T1: Write alpha']);
    expect(conversations(fake.implementer.requests).map((c) => `${c.taskId}/${c.step}`)).toEqual(['T1/1', 'T1/2']);
    worker.killHard();
    const output = (await worker.result).stdout;
    expect(output).toContain(`serving the runs of ${repo.root}`);
    expect(output).toContain(`serving ${queue}`);
  }, 200_000);
});
