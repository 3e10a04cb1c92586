/**
 * Durability of the converge review: the process running the worker is
 * SIGKILLed while the second converge review waits at the fake, and started
 * again. The run finishes; the first round, answered before the kill, is not
 * asked again; only the review in flight at the kill is repeated; the
 * follow-up is appended and committed once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAndRerun, type CliResult } from '../support/cli.js';
import { RequestHolds } from '../support/held-requests.js';
import { conversations, firstOf, implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { startFakes, type Fakes } from './fixtures.js';
import { convergeRepo, convergeRound, convergeScript, LETTERS } from './converge-fixtures.js';

describe('a worker killed during the converge review', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let first: CliResult;
  let second: CliResult;
  const holds = new RequestHolds();

  beforeAll(async () => {
    repo = await convergeRepo();
    fakes = await startFakes(implementerScript((taskId) => [LETTERS[taskId]!]), holds.around(firstOf(convergeScript(), reviewerScript())));
    const round2 = holds.hold((c) => convergeRound(c) === 2, 'the second converge review');
    const args = ['run', '--in-checkout', 'TODO.md', '--task-queue', uniqueTaskQueue('converge-kill')];
    // Released once killed: the retried review is not held.
    ({ killed: first, rerun: second } = await killAndRerun(args, { cwd: repo.root, env: fakes.env, timeoutMs: 150_000 }, () => round2.arrived(150_000), () => round2.release()));
  }, 300_000);

  afterAll(async () => {
    holds.releaseAll();
    await fakes?.close();
  });

  it('the killed process died, and the second one attached to the same run and finished it', () => {
    expect(first.exitCode).not.toBe(0);
    expect(second.stdout).toMatch(/^Attached to tandem\/run\//m);
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toContain('converge round 2 of 2: every requirement and acceptance criterion is met');
  });

  it('asked for the first round once, and repeated only the review in flight at the kill', () => {
    const rounds = conversations(fakes.reviewer.requests).map(convergeRound).filter((round) => round !== undefined);
    expect(rounds).toEqual([1, 2, 2]);
    const taskReviews = conversations(fakes.reviewer.requests).filter((c) => c.structured === 'review_verdict').map((c) => c.taskId);
    expect(taskReviews).toEqual(['T1', 'T2', 'T3', 'T4']);
    fakes.implementer.assertClean();
    fakes.reviewer.assertClean();
  });

  it('appended and committed the follow-up once', async () => {
    const log = await repo.git('log', '--format=%s', 'main..tandem/greek-letters');
    expect(log.split('\n')).toEqual(['T4: Write delta', 'Plan: follow-up tasks T4 from converge round 1', 'T3: Write gamma', 'T2: Write beta', 'T1: Write alpha']);
    expect(await repo.git('status', '--porcelain')).toBe('');
  });
});
