/**
 * Never lose work: an existing TODO.md needs --force, and one with finished
 * tasks needs --force twice. A refusal writes nothing and calls no model.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRepo } from '../support/git-repo.js';
import { designRepo, modelRequests, planArgs, planReviewerScript, plannerScript, runPlan, startPlanFakes, todoPath, type PlanFakes } from './fixtures.js';
import { REVISED } from './plans.js';

const HAND_WRITTEN = '# Plan: Mine\n\n- [ ] T1: Keep me\n  - Depends on: none\n';
const IN_PROGRESS = '# Plan: Mine\n\n- [x] T1: Done already\n  - Depends on: none\n- [ ] T2: Next\n  - Depends on: T1\n';

describe('tandem plan: never overwrite a plan by accident', () => {
  let fakes: PlanFakes;

  beforeAll(async () => {
    fakes = await startPlanFakes(
      plannerScript(() => ({ json: REVISED })),
      planReviewerScript(() => ({ json: { verdict: 'approve', summary: 'Good.', comments: [] } })),
    );
  });

  afterAll(async () => {
    await fakes?.close();
  });

  const repoWithTodo = (todo: string): Promise<TestRepo> => designRepo({ 'TODO.md': todo });
  const plannerCalls = () => modelRequests(fakes.planner.requests).length;

  it('refuses to replace an existing TODO.md without --force', async () => {
    const repo = await repoWithTodo(HAND_WRITTEN);
    const before = plannerCalls();
    const run = await runPlan(repo, planArgs(), fakes.env);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/\[PLAN_EXISTS\]: TODO\.md already exists\.\n {2}hint: .*--force/);
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(await readFile(todoPath(repo), 'utf8')).toBe(HAND_WRITTEN);
    expect(plannerCalls()).toBe(before);
  });

  it('replaces it with --force', async () => {
    const repo = await repoWithTodo(HAND_WRITTEN);
    const run = await runPlan(repo, planArgs(['--force']), fakes.env);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(await readFile(todoPath(repo), 'utf8')).toContain('- [ ] T2: Document the option in README');
  });

  it('refuses to replace a plan with finished tasks even with --force, and says why', async () => {
    const repo = await repoWithTodo(IN_PROGRESS);
    const before = plannerCalls();
    const run = await runPlan(repo, planArgs(['--force']), fakes.env);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/\[PLAN_HAS_PROGRESS\]: TODO\.md already has finished tasks \(\[x\]\).*lose/);
    expect(run.stderr).toMatch(/hint: .*--force --force/);
    expect(await readFile(todoPath(repo), 'utf8')).toBe(IN_PROGRESS);
    expect(plannerCalls()).toBe(before);
  });

  it('replaces a plan with finished tasks given --force --force', async () => {
    const repo = await repoWithTodo(IN_PROGRESS);
    const run = await runPlan(repo, planArgs(['--force', '--force']), fakes.env);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const todo = await readFile(todoPath(repo), 'utf8');
    expect(todo).not.toContain('[x]');
    expect(todo).toContain('- [ ] T1: Add a `separator` option');
    fakes.planner.assertClean();
    fakes.reviewer.assertClean();
  });
});
