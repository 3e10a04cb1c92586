/**
 * `tandem plan --update` while the planner's provider is down says what it
 * waits for, the line `tandem run` shows for a task (`waiting for openai:
 * server error 503 (retry 2 of 8, next in 2 s)`), once per try. An outage
 * that ends lets the update finish; Ctrl-C during one names the command that
 * resumes the update (not a bare `tandem plan`, which would refuse to
 * overwrite the plan), and that command finishes it.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeReply } from '../fakes/index.js';
import type { TestRepo } from '../support/git-repo.js';
import { startCli, waitUntil } from './background-cli.js';
import { designRepo, modelRequests, planArgs, planReviewerScript, plannerScript, runPlan, startPlanFakes, todoPath, type PlanFakes } from './fixtures.js';
import { DESIGN_V2, HALF_DONE, isUpdateRequest, UPDATE } from './update-plans.js';

const DOWN: FakeReply = { error: { status: 503, message: 'The server is overloaded' } };
const WAITING = /^ {2}· waiting for openai: server error 503 \(retry (\d) of 8(, next in \d+ s)?\)$/gm;

describe('tandem plan --update while the planner is down', () => {
  let fakes: PlanFakes;
  /** How many of the planner's next requests get a 503. */
  let failures = 0;

  beforeAll(async () => {
    fakes = await startPlanFakes(
      plannerScript((c) => {
        if (!isUpdateRequest(c)) return undefined;
        if (failures > 0) {
          failures--;
          return DOWN;
        }
        return { json: UPDATE };
      }),
      planReviewerScript(() => ({ json: { verdict: 'approve', summary: 'The revision covers the changed design.', comments: [] } })),
    );
  }, 60_000);

  afterAll(async () => {
    await fakes?.close();
  });

  async function changedDesign(): Promise<TestRepo> {
    const repo = await designRepo({ 'TODO.md': HALF_DONE });
    await repo.write('design.md', DESIGN_V2);
    await repo.commitAll('design: a lowercase option, README documents both');
    return repo;
  }

  it('shows one waiting line per try while Temporal retries, and finishes once the provider answers', async () => {
    const repo = await changedDesign();
    const before = modelRequests(fakes.planner.requests).length;
    failures = 2;
    const run = await runPlan(repo, planArgs(['--update', '--yes']), fakes.env);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect([...run.stdout.matchAll(WAITING)].map((match) => match[1])).toEqual(['2', '3']);
    expect(run.stdout).toContain('Wrote TODO.md: revised T2 · added T3.');
    expect(modelRequests(fakes.planner.requests).length - before).toBe(3);
  }, 120_000);

  it('Ctrl-C during the outage names the command that resumes the update, and that command finishes it', async () => {
    const repo = await changedDesign();
    failures = Number.POSITIVE_INFINITY;
    const args = planArgs(['--update', '--yes']);
    const first = startCli(args, { cwd: repo.root, env: fakes.env });
    await waitUntil('the waiting line', () => /waiting for openai: server error 503 \(retry 2 of 8/.test(first.output()), 60_000);
    const exitCode = await first.interrupt();
    const output = first.output();
    expect(exitCode, output).toBe(130);
    expect(output).not.toMatch(/at .*\.js:\d+/);
    expect(output).toMatch(/The update of TODO\.md stays on the Temporal server \(tandem\/plan\/app@[0-9a-f]{6}\/design\.md\); nothing was written or sent to a run\./);
    expect(output).toContain('  resume it: tandem plan design.md --update --yes (it keeps its recorded models;');
    expect(output).not.toContain('no flags needed');
    expect(await readFile(todoPath(repo), 'utf8')).toBe(HALF_DONE);

    // The provider is back; the command the hint names picks the same update up.
    failures = 0;
    const resumed = await runPlan(repo, args, fakes.env, 120_000);
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/^Attached to tandem\/plan\//m);
    expect(resumed.stdout).toContain('Wrote TODO.md: revised T2 · added T3.');
    fakes.planner.assertClean();
    fakes.reviewer.assertClean();
  }, 180_000);
});
