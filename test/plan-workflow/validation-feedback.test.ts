/**
 * A plan that fails validation never reaches the reviewer or TODO.md: the
 * problems go back to the planner, and its fixed draft is the one used.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRepo } from '../support/git-repo.js';
import { designRepo, modelRequests, reviewedPlan, planArgs, planReviewerScript, plannerScript, runPlan, startPlanFakes, todoPath, type PlanFakes, type PlanRun } from './fixtures.js';
import { CYCLIC, REVISED } from './plans.js';

const CYCLE_PROBLEM = 'Dependency cycle T1 → T2 → T1';

describe('tandem plan: validation problems go back to the planner', () => {
  let repo: TestRepo;
  let fakes: PlanFakes;
  let run: PlanRun;

  beforeAll(async () => {
    repo = await designRepo();
    fakes = await startPlanFakes(
      // The fix exists only when the validation problem reached the planner.
      plannerScript((c) => (c.step === 1 ? { json: CYCLIC } : c.lastUser.includes(CYCLE_PROBLEM) ? { json: REVISED } : undefined)),
      planReviewerScript(() => ({ json: { verdict: 'approve', summary: 'Good.', comments: [] } })),
    );
    run = await runPlan(repo, planArgs(), fakes.env);
  }, 120_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('asks the planner to fix the cycle, naming it', () => {
    const planner = modelRequests(fakes.planner.requests);
    expect(planner).toHaveLength(2);
    expect(planner[1]?.lastUser).toContain('The plan fails validation');
    expect(planner[1]?.lastUser).toContain(CYCLE_PROBLEM);
    fakes.planner.assertClean();
  });

  it('reviews only the fixed plan, approved in round 1', () => {
    const reviews = modelRequests(fakes.reviewer.requests);
    expect(reviews).toHaveLength(1);
    expect(reviewedPlan(reviews[0]!)).toEqual(REVISED);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/approved by .* in round 1/);
  });

  it('writes the fixed plan', async () => {
    const todo = await readFile(todoPath(repo), 'utf8');
    expect(todo).toMatch(/- \[ \] T1: Add a `separator` option\n(?:  .*\n)*  - Depends on: none\n/);
    expect(todo).toMatch(/- \[ \] T2: Document the option in README\n(?:  .*\n)*  - Depends on: T1\n/);
  });
});

describe('tandem plan: a planner that never fixes its plan', () => {
  let repo: TestRepo;
  let fakes: PlanFakes;
  let run: PlanRun;

  beforeAll(async () => {
    repo = await designRepo();
    fakes = await startPlanFakes(
      plannerScript(() => ({ json: CYCLIC })),
      planReviewerScript(() => undefined),
    );
    run = await runPlan(repo, planArgs(), fakes.env);
  }, 120_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('fails after the draft and two fixes, naming the problem, with nothing written or reviewed', () => {
    expect(run.exitCode, run.stdout + run.stderr).toBe(2);
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(run.stderr).toMatch(/error \[PLAN_INVALID\]: .*the planner's plan is still invalid after 3 tries:\n- T1: Dependency cycle T1 → T2 → T1/);
    expect(existsSync(todoPath(repo))).toBe(false);
    expect(modelRequests(fakes.planner.requests)).toHaveLength(3);
    expect(modelRequests(fakes.reviewer.requests)).toHaveLength(0);
  });
});
