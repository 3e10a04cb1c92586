/**
 * Planning calls count against a budget too: once planning has cost the
 * budget, the planner stops revising and the best valid plan so far is
 * written, saying why it was not approved.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRepo } from '../support/git-repo.js';
import { designRepo, modelRequests, planArgs, planReviewerScript, plannerScript, runPlan, startPlanFakes, todoPath, type PlanFakes, type PlanRun } from './fixtures.js';
import { DRAFT, README_COMMENT, REVISED } from './plans.js';

describe('tandem plan --budget', () => {
  let repo: TestRepo;
  let fakes: PlanFakes;
  let run: PlanRun;

  beforeAll(async () => {
    repo = await designRepo();
    fakes = await startPlanFakes(
      plannerScript((c) => ({ json: c.step === 1 ? DRAFT : REVISED })),
      planReviewerScript(() => ({ json: { verdict: 'request_changes', summary: 'Not yet.', comments: [{ severity: 'major', body: README_COMMENT }] } })),
    );
    // The draft alone costs more than this: it is written unreviewed rather than spending more.
    run = await runPlan(repo, planArgs(['--max-rounds', '5', '--budget', '0.0001']), fakes.env);
  }, 120_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('stops at the budget and writes the valid draft it has, saying why', async () => {
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/not approved after 1 rounds? \(plan budget reached: \$0\.\d+ of \$0\.0001\)/);
    expect(await readFile(todoPath(repo), 'utf8')).toContain('(not approved, round 1)');
    expect(modelRequests(fakes.planner.requests)).toHaveLength(1);
    expect(modelRequests(fakes.reviewer.requests)).toHaveLength(0);
  });
});
