/**
 * A planning left open (its CLI killed while the planner's call waits at the
 * fake) refuses other settings, then `tandem plan --cancel` stops it without
 * any other worker and writes no plan; `tandem cancel --design` then finds
 * nothing left to cancel. Then, on the same design, `tandem cancel --design`
 * cancels an open planning, and `tandem plan --restart` replaces another.
 */
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { planWorkflowId } from '../../cli/workspace.js';
import { connectTestTemporal } from '../support/temporal.js';
import { RequestHolds } from '../support/held-requests.js';
import { startCli } from './background-cli.js';
import { designRepo, planArgs, planReviewerScript, plannerScript, runPlan, startPlanFakes, todoPath, type PlanFakes } from './fixtures.js';
import { DRAFT } from './plans.js';
import type { TestRepo } from '../support/git-repo.js';

describe('tandem plan --cancel', () => {
  let fakes: PlanFakes | undefined;
  let repo: TestRepo | undefined;
  const holds = new RequestHolds();

  /** Starts a planning and kills its CLI while the planner's first call waits at the fake: the planning stays open. */
  async function leavePlanningOpen(): Promise<void> {
    const draft = holds.hold((c) => c.structured !== 'review_verdict', "the planner's first call");
    const first = startCli(planArgs(), { cwd: repo!.root, env: fakes!.env });
    await draft.arrived();
    await first.kill();
    draft.release();
  }

  const planningStatus = async () => {
    const temporal = await connectTestTemporal();
    try {
      return (await temporal.client.workflow.getHandle(planWorkflowId(repo!.root, 'design.md')).describe()).status.name;
    } finally {
      await temporal.close();
    }
  };

  afterAll(async () => {
    holds.releaseAll();
    await fakes?.close();
  });

  it('refuses other settings for the open planning, cancels it, and then has nothing to cancel', async () => {
    repo = await designRepo();
    fakes = await startPlanFakes(holds.around(plannerScript(() => ({ json: DRAFT }))), planReviewerScript(() => ({ json: { verdict: 'approve', summary: 'Fine.', comments: [] } })));
    await leavePlanningOpen();

    // Only --max-rounds: the models come from the open planning, so no MODELS_NOT_CONFIGURED.
    const refused = await runPlan(repo, ['plan', 'design.md', '--max-rounds', '3'], fakes.env);
    expect(refused.exitCode, refused.stdout + refused.stderr).toBe(2);
    expect(refused.stderr).toContain('[PLAN_SETTINGS_DIFFER]');
    expect(refused.stderr).toContain('review rounds (--max-rounds): 2 → 3');
    expect(refused.stderr).toContain('tandem plan --cancel design.md');

    const cancelled = await runPlan(repo, ['plan', '--cancel', 'design.md'], fakes.env);
    expect(cancelled.exitCode, cancelled.stdout + cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toMatch(/^Planning of design\.md cancelled \(tandem\/plan\/app@[0-9a-f]{6}\/design\.md\)/m);
    expect(await planningStatus()).toBe('CANCELLED');
    expect(existsSync(todoPath(repo))).toBe(false);

    const again = await runPlan(repo, ['cancel', '--design', 'design.md'], fakes.env);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('[RUN_CLOSED]');
    expect(again.stderr).toContain('already cancelled');
  }, 150_000);

  it('`tandem cancel --design` cancels an open planning; `tandem plan --restart` replaces one and writes the plan', async () => {
    await leavePlanningOpen();
    const cancelled = await runPlan(repo!, ['cancel', '--design', 'design.md'], fakes!.env);
    expect(cancelled.exitCode, cancelled.stdout + cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toMatch(/^Planning of design\.md cancelled/m);
    expect(await planningStatus()).toBe('CANCELLED');
    expect(existsSync(todoPath(repo!))).toBe(false);

    await leavePlanningOpen();
    const restarted = await runPlan(repo!, ['plan', 'design.md', '--max-rounds', '3', '--restart'], fakes!.env);
    expect(restarted.exitCode, restarted.stdout + restarted.stderr).toBe(0);
    expect(restarted.stdout).toContain('Restarting: cancelling the open planning tandem/plan/');
    expect(restarted.stdout).toContain('review rounds (--max-rounds): 2 → 3');
    expect(restarted.stdout).toMatch(/^Started tandem\/plan\//m);
    expect(await planningStatus()).toBe('COMPLETED');
    expect(existsSync(todoPath(repo!))).toBe(true);
  }, 150_000);
});
