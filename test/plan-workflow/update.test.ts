/**
 * `tandem plan design.md --update` on a plan with a done task, after the design
 * gained one requirement and changed another: a dry run shows the diff and
 * changes nothing; --yes writes the plan with T1 exactly as it was, T2 revised
 * and T3 appended, without paying the planner twice; a script without --yes
 * is refused before any model call.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRepo } from '../support/git-repo.js';
import { designRepo, modelRequests, PLANNER, planArgs, planReviewerScript, plannerScript, REVIEWER, runPlan, sha256Of, startPlanFakes, todoPath, type PlanFakes } from './fixtures.js';
import { DESIGN_V2, HALF_DONE, isUpdateRequest, T1_DONE, UPDATE, updatedTodo } from './update-plans.js';

describe('tandem plan --update', () => {
  let repo: TestRepo;
  let fakes: PlanFakes;

  beforeAll(async () => {
    repo = await designRepo({ 'TODO.md': HALF_DONE });
    await repo.write('design.md', DESIGN_V2);
    await repo.commitAll('design: a lowercase option, README documents both');
    fakes = await startPlanFakes(
      plannerScript((c) => (isUpdateRequest(c) ? { json: UPDATE } : undefined)),
      planReviewerScript(() => ({ json: { verdict: 'approve', summary: 'The revision covers the changed design.', comments: [] } })),
    );
  }, 60_000);

  afterAll(async () => {
    await fakes?.close();
  });

  const plannerCalls = () => modelRequests(fakes.planner.requests).length;

  it('without --yes or --dry-run and no terminal to ask on: exit 2 with a hint, no model called', async () => {
    const run = await runPlan(repo, planArgs(['--update']), fakes.env);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/stdin is not a terminal\.\n {2}hint: Pass --yes .*--dry-run/);
    expect(plannerCalls()).toBe(0);
  });

  it('--dry-run without --update is a usage error, not a silent full planning', async () => {
    const run = await runPlan(repo, planArgs(['--dry-run']), fakes.env);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--dry-run goes with --update');
    expect(plannerCalls()).toBe(0);
  });

  it('--dry-run prints the plan diff and changes nothing', async () => {
    const run = await runPlan(repo, planArgs(['--update', '--dry-run']), fakes.env);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('--- a/TODO.md\n+++ b/TODO.md\n');
    expect(run.stdout).toContain(
      '-- [ ] T2: Document the option in README\n-  - Details: Describe `separator` with one example in README.md.\n+- [ ] T2: Document both options in README\n',
    );
    expect(run.stdout).toContain('+- [ ] T3: Add a `lowercase` option\n');
    expect(run.stdout).not.toMatch(/^[-+]- \[x\] T1/m);
    expect(run.stdout).toContain('TODO.md: revised T2 · added T3\nDry run: nothing written.');
    expect(await readFile(todoPath(repo), 'utf8')).toBe(HALF_DONE);
    expect(await repo.git('status', '--porcelain')).toBe('');
    expect(plannerCalls()).toBe(1);
  }, 120_000);

  it('the planner was asked to revise the current plan for the design as it is now', () => {
    const [request] = modelRequests(fakes.planner.requests);
    expect(request?.firstUser).toContain(HALF_DONE.trim());
    expect(request?.firstUser).toContain("slugify('A B', {lowercase: true})");
    expect(request?.firstUser).toContain('with a new id after the highest id in use (T3,');
    const [review] = modelRequests(fakes.reviewer.requests);
    // The reviewer sees the whole plan the revision makes, done task included.
    expect(review?.firstUser).toMatch(/"id": "T1"[\s\S]*"id": "T2"[\s\S]*"id": "T3"/);
  });

  it('--yes writes it: T1 byte for byte, T2 revised in place, T3 appended; the dry run\'s model calls are not paid again', async () => {
    const run = await runPlan(repo, planArgs(['--update', '--yes']), fakes.env);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('Wrote TODO.md: revised T2 · added T3.');
    const sha = await sha256Of(join(repo.root, 'design.md'));
    const written = await readFile(todoPath(repo), 'utf8');
    expect(written).toBe(updatedTodo(`design.md (sha256 ${sha.slice(0, 8)}…) · planner ${PLANNER} · plan review ${REVIEWER} (approved, round 1)`));
    expect(written).toContain(T1_DONE);
    expect(plannerCalls()).toBe(1);
    expect(modelRequests(fakes.reviewer.requests)).toHaveLength(1);
    fakes.planner.assertClean();
    fakes.reviewer.assertClean();
  }, 120_000);

  it('asked again once the plan matches the design, it says so and writes nothing', async () => {
    const before = await readFile(todoPath(repo), 'utf8');
    const run = await runPlan(repo, planArgs(['--update', '--yes']), fakes.env);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('TODO.md already matches the design: no task to revise, add or drop. Nothing written.');
    expect(await readFile(todoPath(repo), 'utf8')).toBe(before);
  }, 120_000);
});
