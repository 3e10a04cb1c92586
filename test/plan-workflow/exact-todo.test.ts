/**
 * Issue 4's "done when": the real CLI on a real Temporal dev server, the
 * planner on the OpenAI fake and the reviewer on the Anthropic fake, writes
 * exactly the TODO.md expected; the second draft answers the reviewer.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRepo } from '../support/git-repo.js';
import { connectTestTemporal } from '../support/temporal.js';
import { AGENTS, designRepo, modelRequests, PLANNER, planArgs, planReviewerScript, plannerScript, REVIEWER, reviewedPlan, runPlan, sha256Of, startPlanFakes, todoPath, type PlanFakes, type PlanRun } from './fixtures.js';
import { DRAFT, README_COMMENT, REVISED, revisedTodo } from './plans.js';

describe('tandem plan: draft, cross-review, revise, write TODO.md', () => {
  let repo: TestRepo;
  let fakes: PlanFakes;
  let run: PlanRun;

  beforeAll(async () => {
    repo = await designRepo();
    fakes = await startPlanFakes(
      // The revision exists only when the reviewer's comment reached the planner.
      plannerScript((c) => (c.step === 1 ? { json: DRAFT } : c.lastUser.includes(README_COMMENT) ? { json: REVISED } : undefined)),
      planReviewerScript((c) =>
        c.firstUser.includes('"T2"')
          ? { json: { verdict: 'approve', summary: 'Covers the design in two small tasks.', comments: [] } }
          : { json: { verdict: 'request_changes', summary: 'README is missing.', comments: [{ severity: 'blocker', body: README_COMMENT }] } },
      ),
    );
    run = await runPlan(repo, planArgs(), fakes.env);
  }, 120_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('exits 0 and says the reviewer approved in round 2', () => {
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Wrote TODO\.md: "Add options to slugify", 2 tasks · approved by anthropic:claude-opus-5-5 in round 2/);
  });

  it('writes exactly the expected TODO.md, with the design hash, the review outcome and each task\'s requirements', async () => {
    const sha = await sha256Of(join(repo.root, 'design.md'));
    const source = `design.md (sha256 ${sha.slice(0, 8)}…) · planner ${PLANNER} · plan review ${REVIEWER} (approved, round 2)`;
    expect(await readFile(todoPath(repo), 'utf8')).toBe(revisedTodo(source));
  });

  it('gives the planner the design, AGENTS.md and the repository layout', () => {
    const [draft] = modelRequests(fakes.planner.requests);
    expect(draft?.firstUser).toContain("slugify('a b', {separator: '_'})");
    expect(draft?.firstUser).toContain(AGENTS.trim());
    expect(draft?.firstUser).toContain('- src/slugify.ts');
    // And asks for the design's requirement ids, which TODO.md keeps as `Requirements:` and commits carry as trailers.
    expect(draft?.text).toContain('Name the design requirements each task serves in `requirements`');
  });

  it("sends the reviewer's blocker to the planner, whose second draft answers it", () => {
    const planner = modelRequests(fakes.planner.requests);
    expect(planner.map((c) => c.structured)).toEqual(['plan', 'plan']);
    expect(planner[1]?.lastUser).toContain(`[blocker] ${README_COMMENT}`);
    expect(planner[1]?.text).toContain('"title": "Add a `separator` option"'); // its own round-1 draft
  });

  it('sends plan reviews only to the reviewer fake, one per round', () => {
    const reviews = modelRequests(fakes.reviewer.requests);
    expect(reviews.map((c) => c.structured)).toEqual(['review_verdict', 'review_verdict']);
    expect(reviewedPlan(reviews[0]!)).toEqual(DRAFT);
    expect(reviewedPlan(reviews[1]!)).toEqual(REVISED);
    // Round 2's reviewer is reminded what it asked for, so it can check the answer.
    expect(reviews[0]?.firstUser).not.toContain('Your review of');
    expect(reviews[1]?.firstUser).toContain(`Your review of the round 1 draft asked for changes (README is missing.):\n- [blocker] ${README_COMMENT}`);
    expect(modelRequests(fakes.planner.requests).some((c) => c.structured === 'review_verdict')).toBe(false);
    fakes.planner.assertClean();
    fakes.reviewer.assertClean();
  });

  it('runs as a workflow with a readable id, and every activity has a summary', async () => {
    const workflowId = run.stdout.match(/^Started (\S+)/m)?.[1];
    expect(workflowId).toMatch(/^tandem\/plan\/app@[0-9a-f]{6}\/design\.md$/);
    const temporal = await connectTestTemporal();
    try {
      const history = await temporal.client.workflow.getHandle(workflowId!).fetchHistory();
      const summaries = (history.events ?? [])
        .filter((event) => event.activityTaskScheduledEventAttributes)
        .map((event) => (event.userMetadata?.summary ? defaultPayloadConverter.fromPayload<string>(event.userMetadata.summary) : undefined));
      expect(summaries).toEqual([
        'read design.md',
        `round 1 · draft by ${PLANNER}`,
        `round 1 · plan review by ${REVIEWER}`,
        `round 2 · revise by ${PLANNER}`,
        `round 2 · plan review by ${REVIEWER}`,
        'write TODO.md',
      ]);
    } finally {
      await temporal.close();
    }
  });
});
