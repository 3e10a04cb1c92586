/**
 * Durability: the process running the worker is SIGKILLed in the middle of
 * T2's agent loop and started again. The run completes with exactly one commit
 * per task, and no model call that had completed is sent again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAndRerun, type CliResult } from '../support/cli.js';
import { RequestHolds } from '../support/held-requests.js';
import { conversations, implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekRepo, startFakes, type Fakes } from './fixtures.js';

const CONTENT: Record<string, FileContent> = {
  T1: { path: 'a.txt', content: 'alpha\n' },
  T2: { path: 'b.txt', content: 'beta\n' },
  T3: { path: 'c.txt', content: 'gamma\n' },
};
interface FileContent {
  path: string;
  content: string;
}

describe('a worker killed mid-task', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let first: CliResult;
  let second: CliResult;
  const holds = new RequestHolds();

  beforeAll(async () => {
    repo = await greekRepo();
    fakes = await startFakes(holds.around(implementerScript((taskId) => [CONTENT[taskId]!])), reviewerScript());
    // T2's second step (its finish) is held at the fake, so the kill lands while it is in flight.
    const t2Finish = holds.hold((c) => c.taskId === 'T2' && c.step === 2, "T2's second model call");
    const taskQueue = uniqueTaskQueue('kill');
    const args = ['run', 'TODO.md', '--task-queue', taskQueue];
    // Released once killed: the retried call is not held.
    ({ killed: first, rerun: second } = await killAndRerun(args, { cwd: repo.root, env: fakes.env, timeoutMs: 120_000 }, () => t2Finish.arrived(), () => t2Finish.release()));
  }, 200_000);

  afterAll(async () => {
    holds.releaseAll();
    await fakes?.close();
  });

  it('the killed process died, and the second one attached to the same run and finished it', () => {
    expect(first.exitCode).not.toBe(0);
    expect(second.stdout).toMatch(/^Attached to tandem\/run\//m);
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    // A hand-written plan names no design: converge says so instead of reviewing against nothing.
    expect(second.stdout).toContain('converge skipped: the plan names no design document');
  });

  it('made exactly one commit per task', async () => {
    const log = await repo.git('log', '--format=%s', 'main..tandem/greek-letters');
    expect(log.split('\n')).toEqual(['T3: Write gamma', 'T2: Write beta', 'T1: Write alpha']);
    expect(await repo.git('status', '--porcelain')).toBe('');
  });

  it('sent no completed model call twice (only the one in flight at the kill may repeat)', () => {
    const counts = new Map<string, number>();
    for (const c of conversations(fakes.implementer.requests)) {
      const key = `${c.taskId}/a${c.attempt}/s${c.step}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const repeated = [...counts].filter(([, count]) => count > 1).map(([key]) => key);
    expect(repeated.filter((key) => key !== 'T2/a1/s2')).toEqual([]);
    expect(conversations(fakes.reviewer.requests).map((c) => c.taskId)).toEqual(['T1', 'T2', 'T3']);
    fakes.implementer.assertClean();
    fakes.reviewer.assertClean();
  });
});
