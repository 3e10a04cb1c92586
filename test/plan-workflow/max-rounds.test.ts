/**
 * A reviewer that never approves does not hold the plan hostage: after
 * --max-rounds the last draft is written, and the output says it was not approved.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRepo } from '../support/git-repo.js';
import { designRepo, modelRequests, planArgs, planReviewerScript, plannerScript, REVIEWER, runPlan, startPlanFakes, todoPath, type PlanFakes, type PlanRun } from './fixtures.js';
import { DRAFT, README_COMMENT, REVISED } from './plans.js';

describe('tandem plan --max-rounds 2 --out plans/next.md with a reviewer that never approves', () => {
  let repo: TestRepo;
  let fakes: PlanFakes;
  let run: PlanRun;

  beforeAll(async () => {
    repo = await designRepo();
    fakes = await startPlanFakes(
      plannerScript((c) => ({ json: c.step === 1 ? DRAFT : REVISED })),
      planReviewerScript(() => ({
        json: { verdict: 'request_changes', summary: 'Still not convinced.', comments: [{ severity: 'major', body: README_COMMENT }] },
      })),
    );
    run = await runPlan(repo, planArgs(['--max-rounds', '2', '--out', 'plans/next.md']), fakes.env);
  }, 120_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('writes the last draft to --out and says it was not approved after 2 rounds', async () => {
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Wrote plans\/next\.md: "Add options to slugify", 2 tasks · not approved after 2 rounds \(Still not convinced\.\)/);
    expect(existsSync(todoPath(repo))).toBe(false);
    const todo = await readFile(join(repo.root, 'plans', 'next.md'), 'utf8');
    expect(todo).toContain(`plan review ${REVIEWER} (not approved, round 2)`);
    expect(todo).toContain('- [ ] T2: Document the option in README');
  });

  it('stops after exactly 2 drafts and 2 reviews', () => {
    expect(modelRequests(fakes.planner.requests)).toHaveLength(2);
    expect(modelRequests(fakes.reviewer.requests)).toHaveLength(2);
    fakes.planner.assertClean();
    fakes.reviewer.assertClean();
  });
});
