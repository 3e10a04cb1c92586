/**
 * Killing the CLI between the draft and the review, then running the same
 * command again, attaches to the same workflow and finishes it without asking
 * the planner again: the finished draft is not paid for twice.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRepo } from '../support/git-repo.js';
import { RequestHolds } from '../support/held-requests.js';
import { startCli } from './background-cli.js';
import { designRepo, modelRequests, planArgs, planReviewerScript, plannerScript, runPlan, startPlanFakes, todoPath, type PlanFakes, type PlanRun } from './fixtures.js';
import { DRAFT } from './plans.js';

describe('tandem plan: killed between draft and review, then run again', () => {
  let repo: TestRepo;
  let fakes: PlanFakes;
  const holds = new RequestHolds();
  let firstOutput: string;
  let plannerCallsAtKill: number;
  let rerun: PlanRun;

  beforeAll(async () => {
    repo = await designRepo();
    fakes = await startPlanFakes(
      plannerScript(() => ({ json: DRAFT })),
      holds.around(planReviewerScript(() => ({ json: { verdict: 'approve', summary: 'Small and clear.', comments: [] } }))),
    );
    const env = { ...fakes.env, TANDEM_HOME: await mkdtemp(join(tmpdir(), 'tandem-plan-home-')) };
    const args = planArgs(); // the same command both times, task queue included
    // The first review is held at the fake until the CLI is dead; the retried one answers at once.
    const review = holds.hold((c) => c.structured === 'review_verdict', 'the first plan review');

    const first = startCli(args, { cwd: repo.root, env });
    await review.arrived();
    plannerCallsAtKill = modelRequests(fakes.planner.requests).length;
    await first.kill();
    review.release();
    firstOutput = first.output();

    rerun = await runPlan(repo, args, env);
  }, 120_000);

  afterAll(async () => {
    holds.releaseAll();
    await fakes?.close();
  });

  it('was killed after the draft was answered, before the review was', () => {
    expect(plannerCallsAtKill).toBe(1);
    expect(firstOutput).toMatch(/^Started tandem\/plan\/app@[0-9a-f]{6}\/design\.md$/m);
    expect(firstOutput).not.toContain('Wrote TODO.md');
  });

  it('the rerun attaches to the same workflow and finishes the plan', async () => {
    expect(rerun.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(rerun.exitCode, rerun.stdout + rerun.stderr).toBe(0);
    const id = firstOutput.match(/^Started (\S+)$/m)?.[1];
    expect(rerun.stdout).toContain(`Attached to ${id}\n`);
    expect(rerun.stdout).toMatch(/Wrote TODO\.md: "Add options to slugify", 1 task · approved by .* in round 1/);
    expect(await readFile(todoPath(repo), 'utf8')).toContain('- [ ] T1: Add a `separator` option');
  });

  it('never asks the planner again; only the unfinished review is repeated', () => {
    expect(modelRequests(fakes.planner.requests)).toHaveLength(1);
    expect(modelRequests(fakes.reviewer.requests)).toHaveLength(2);
    fakes.planner.assertClean();
    fakes.reviewer.assertClean();
  });
});
