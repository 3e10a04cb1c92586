/**
 * The Temporal dev server is stopped and started again (same SQLite file)
 * in the middle of a run. The run completes, with one commit per task.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, type CliResult } from '../support/cli.js';
import { privateServerEnv, type PrivateServerEnv } from '../support/private-server.js';
import { RequestHolds } from '../support/held-requests.js';
import { implementerScript, reviewerScript } from '../support/scripted-agents.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekRepo, startFakes, type Fakes } from './fixtures.js';

const CONTENT: Record<string, { path: string; content: string }> = {
  T1: { path: 'a.txt', content: 'alpha\n' },
  T2: { path: 'b.txt', content: 'beta\n' },
  T3: { path: 'c.txt', content: 'gamma\n' },
};

describe('the Temporal server restarts mid-run', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let server: PrivateServerEnv;
  let env: Record<string, string | undefined>;
  let final: CliResult;
  const holds = new RequestHolds();

  beforeAll(async () => {
    repo = await greekRepo();
    fakes = await startFakes(holds.around(implementerScript((taskId) => [CONTENT[taskId]!])), reviewerScript());
    // T2's finish is held at the fake until the server is back: the outage is certainly mid-task.
    const t2Finish = holds.hold((c) => c.taskId === 'T2' && c.step === 2, "T2's second model call");
    // Its own dev server (no TEMPORAL_ADDRESS), so stopping it disturbs no other test.
    server = await privateServerEnv('tandem-restart');
    env = { ...fakes.env, ...server.env };
    expect((await runCli(['server', 'start'], { env, timeoutMs: 60_000 })).exitCode).toBe(0);
    const running = startCli(['run'], { cwd: repo.root, env, timeoutMs: 150_000 });
    await t2Finish.arrived();
    expect((await runCli(['server', 'stop'], { env, timeoutMs: 60_000 })).exitCode).toBe(0);
    expect((await runCli(['server', 'start'], { env, timeoutMs: 60_000 })).exitCode).toBe(0);
    t2Finish.release();
    // The attached CLI waits out the outage and follows the run to its end.
    final = await running.result;
  }, 300_000);

  afterAll(async () => {
    holds.releaseAll();
    await server?.dispose();
    await fakes?.close();
  });

  it('completes the run', () => {
    expect(final.exitCode, final.stdout + final.stderr).toBe(0);
    expect(final.stdout).toMatch(/Run completed: 3 committed/);
  });

  it('made exactly one commit per task', async () => {
    const log = await repo.git('log', '--format=%s', 'main..tandem/greek-letters');
    expect(log.split('\n')).toEqual(['T3: Write gamma', 'T2: Write beta', 'T1: Write alpha']);
    expect(await repo.git('status', '--porcelain')).toBe('');
  });
});
