/**
 * Controlling a run from another terminal: pause, skip (refused for a done
 * task), resume, cancel, retry, and a new run after a closed one that skips
 * what is already done.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStatusQuery } from '../../workflows/definitions.js';
import { runWorkflowId } from '../../cli/workspace.js';
import { runCli, startCli } from '../support/cli.js';
import { RequestHolds } from '../support/held-requests.js';
import { conversations, implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { connectTestTemporal, uniqueTaskQueue } from '../support/temporal.js';
import { waitFor } from '../support/wait.js';
import type { TemporalConnection } from '../../temporal/connection.js';
import { greekRepo, notesPlan, startFakes, type Fakes } from './fixtures.js';

const PLAN = notesPlan('Three notes', ['one', 'two', 'three']);
const FILES: Record<string, string> = { T1: 'one.txt', T2: 'two.txt', T3: 'three.txt', T4: 'four.txt' };

describe('run controls', () => {
  let temporal: TemporalConnection;
  let fakes: Fakes;
  // Each control is sent while a task's model call is held at the fake, and the call is
  // released only once the control was accepted: the task cannot finish before it lands.
  const holds = new RequestHolds();

  beforeAll(async () => {
    temporal = await connectTestTemporal();
    fakes = await startFakes(holds.around(implementerScript((taskId) => [{ path: FILES[taskId]!, content: `${taskId}\n` }])), reviewerScript());
  });

  afterAll(async () => {
    holds.releaseAll();
    await fakes?.close();
    await temporal?.close();
  });

  const status = (workflowId: string) => temporal.client.workflow.getHandle(workflowId).query(runStatusQuery);
  const control = (repo: string, ...args: string[]) => runCli(args, { cwd: repo, timeoutMs: 60_000 });

  it('pause, refuse to skip a done task, skip a pending one, resume, then refuse a retry on a finished run', async () => {
    const repo = await greekRepo({ plan: PLAN, name: 'pausing' });
    const t1 = holds.hold((c) => c.taskId === 'T1', "T1's first model call");
    const running = startCli(['run', '--in-checkout', '--task-queue', uniqueTaskQueue('controls')], { cwd: repo.root, env: fakes.env, timeoutMs: 120_000 });
    await t1.arrived();
    const workflowId = runWorkflowId(repo.root, 'TODO.md');

    // The pause signal is in the run's history before T1 can finish.
    expect((await control(repo.root, 'pause', '--reason', 'lunch')).exitCode).toBe(0);
    t1.release();
    await waitFor(async () => (await status(workflowId)).state === 'paused', 'the run to pause after T1');
    const paused = await status(workflowId);
    expect(paused.pausedReason).toBe('lunch');
    expect(paused.tasks.map((t) => t.state)).toEqual(['committed', 'pending', 'pending']);

    const refused = await control(repo.root, 'skip', 'T1');
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('T1 is already done (committed); it cannot be skipped');
    expect((await control(repo.root, 'skip', 'T2')).exitCode).toBe(0);
    const statusText = await control(repo.root, 'status');
    expect(statusText.stdout).toContain('paused: lunch');

    expect((await control(repo.root, 'resume')).exitCode).toBe(0);
    const finished = await running.result;
    expect(finished.exitCode, finished.stdout + finished.stderr).toBe(0);
    expect(await repo.git('log', '--format=%s', 'main..HEAD')).toBe(['T3: Write note three', 'T2: skipped — skipped by user', 'T1: Write note one'].join('\n'));
    const todo = await readFile(join(repo.root, 'TODO.md'), 'utf8');
    expect(todo).toMatch(/\[x\] T1[\s\S]*\[-\] T2[\s\S]*\[x\] T3/);

    const late = await control(repo.root, 'retry', 'T2');
    expect(late.exitCode).toBe(2);
    expect(late.stderr).toContain('is already completed');
  }, 180_000);

  it('cancel rolls the running task back; a new run then skips what is done and runs what was added', async () => {
    const repo = await greekRepo({ plan: PLAN, name: 'cancelling' });
    const taskQueue = uniqueTaskQueue('cancel');
    const t2 = holds.hold((c) => c.taskId === 'T2', "T2's first model call");
    const running = startCli(['run', '--in-checkout', '--task-queue', taskQueue], { cwd: repo.root, env: fakes.env, timeoutMs: 120_000 });
    await t2.arrived();
    // The cancel update has been accepted (the run is cancelling) before T2's model call may answer.
    const cancel = await control(repo.root, 'cancel', '--reason', 'changed my mind');
    expect(cancel.exitCode, cancel.stdout + cancel.stderr).toBe(0);
    t2.release();
    const cancelled = await running.result;
    expect(cancelled.exitCode).toBe(1);
    expect(cancelled.stdout).toMatch(/Run cancelled: 1 committed/);
    // Its workflow returned normally (Temporal says COMPLETED); status says what the run says.
    const after = await control(repo.root, 'status');
    expect(after.stdout).toMatch(/ · cancelled\n/);
    expect(after.stdout).toMatch(/^Run cancelled: 1 committed/m);
    expect(await repo.git('status', '--porcelain')).toBe('');
    expect(await repo.git('log', '--format=%s', 'main..HEAD')).toBe('T1: Write note one');

    // The user adds a task to the plan on the run branch, then runs again.
    const todoPath = join(repo.root, 'TODO.md');
    await writeFile(todoPath, `${await readFile(todoPath, 'utf8')}- [ ] T4: Write note four\n  - Acceptance:\n    - four.txt exists\n  - Depends on: T1\n`);
    const before = conversations(fakes.implementer.requests).length;
    const again = await runCli(['run', '--in-checkout', '--task-queue', taskQueue], { cwd: repo.root, env: fakes.env, timeoutMs: 120_000 });
    expect(again.exitCode, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^Started /m);
    const newCalls = conversations(fakes.implementer.requests).slice(before);
    expect(new Set(newCalls.map((c) => c.taskId))).toEqual(new Set(['T2', 'T3', 'T4']));
    const log = (await repo.git('log', '--format=%s', 'main..HEAD')).split('\n');
    expect(log.filter((s) => s === 'T1: Write note one')).toHaveLength(1);
    expect(log.slice(0, 3)).toEqual(['T4: Write note four', 'T3: Write note three', 'T2: Write note two']);
  }, 180_000);
});
