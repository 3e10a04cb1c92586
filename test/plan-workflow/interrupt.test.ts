/**
 * Ctrl-C stops the CLI's worker, not the plan: the CLI says where the plan
 * lives and how to resume it, and running it again finishes it, even when
 * the rerun names another task queue.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRepo } from '../support/git-repo.js';
import { RequestHolds } from '../support/held-requests.js';
import { startCli } from './background-cli.js';
import { designRepo, modelRequests, planArgs, planReviewerScript, plannerScript, runPlan, startPlanFakes, todoPath, type PlanFakes, type PlanRun } from './fixtures.js';
import { DRAFT } from './plans.js';

describe('tandem plan: Ctrl-C during the review, then run again', () => {
  let repo: TestRepo;
  let fakes: PlanFakes;
  const holds = new RequestHolds();
  let exitCode: number | undefined;
  let output: string;
  let rerun: PlanRun;

  beforeAll(async () => {
    repo = await designRepo();
    fakes = await startPlanFakes(
      plannerScript(() => ({ json: DRAFT })),
      holds.around(planReviewerScript(() => ({ json: { verdict: 'approve', summary: 'Fine.', comments: [] } }))),
    );
    // The first review is held at the fake until the CLI has exited: Ctrl-C certainly lands during it.
    const review = holds.hold((c) => c.structured === 'review_verdict', 'the first plan review');
    const first = startCli(planArgs(), { cwd: repo.root, env: fakes.env });
    await review.arrived();
    exitCode = await first.interrupt();
    review.release();
    output = first.output();
    // Run again with another --task-queue, as a user who forgot the flag would: the plan keeps its own queue.
    rerun = await runPlan(repo, planArgs(), fakes.env);
  }, 120_000);

  afterAll(async () => {
    holds.releaseAll();
    await fakes?.close();
  });

  it('exits 130 and says how to resume, without a stack trace', () => {
    expect(exitCode).toBe(130);
    expect(output).not.toMatch(/at .*\.js:\d+/);
    expect(output).not.toContain('[temporal warn]'); // a worker stopping mid-call is expected, not a warning
    expect(output).toMatch(/Stopped the local worker\. The plan itself stays on the Temporal server \(tandem\/plan\/app@[0-9a-f]{6}\/design\.md\)/);
    expect(output).toContain('resume it: run the same `tandem plan design.md` again');
  });

  it('running it again finishes the plan, on its own task queue, without asking the planner again', async () => {
    expect(rerun.exitCode, rerun.stdout + rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/^Attached to /m);
    expect(rerun.stdout).toMatch(/"Add options to slugify", 1 task · approved by/);
    expect(await readFile(todoPath(repo), 'utf8')).toContain('- [ ] T1: Add a `separator` option');
    expect(modelRequests(fakes.planner.requests)).toHaveLength(1);
    fakes.planner.assertClean();
    fakes.reviewer.assertClean();
  });
});
