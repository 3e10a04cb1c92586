/**
 * A planner's provider that stays down through all 8 tries ends the planning
 * with PROVIDER_UNAVAILABLE (exit 3) and the command to run once it is back;
 * TANDEM_MODEL_RETRY_MAX_SECONDS caps the wait between tries for planning as it
 * does for a run (here 1 s, so the 8 tries take seconds, not 4 minutes).
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { designRepo, modelRequests, planArgs, planReviewerScript, plannerScript, runPlan, startPlanFakes, todoPath, type PlanFakes } from './fixtures.js';

describe('tandem plan while the planner stays down', () => {
  let fakes: PlanFakes;

  beforeAll(async () => {
    fakes = await startPlanFakes(
      plannerScript(() => ({ error: { status: 503, message: 'The server is overloaded' } })),
      planReviewerScript(() => undefined),
    );
  }, 60_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('gives up after the 8th try, 1 s apart at most, with PROVIDER_UNAVAILABLE and the command to run again', async () => {
    const repo = await designRepo();
    const run = await runPlan(repo, planArgs(), { ...fakes.env, TANDEM_MODEL_RETRY_MAX_SECONDS: '1' }, 120_000);
    expect(run.exitCode, run.stdout + run.stderr).toBe(3);
    expect(run.stderr).toContain('error [PROVIDER_UNAVAILABLE]: The planning of design.md stopped: openai is unavailable');
    expect(run.stderr).toContain('run the same `tandem plan design.md` again');
    expect(run.stdout).toMatch(/waiting for openai: server error 503 \(retry 8 of 8, next in 1 s\)/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    // The SDK retries a 503 itself too: each of the 8 tries asked at least once.
    expect(modelRequests(fakes.planner.requests).length).toBeGreaterThanOrEqual(8);
    // 7 waits of at most 1 s, not the default's 2, 4, 8 … 120 s.
    expect(run.ms).toBeLessThan(60_000);
    expect(existsSync(todoPath(repo))).toBe(false);
  }, 150_000);
});
