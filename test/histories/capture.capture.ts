/**
 * `npm run histories:capture`: runs the real CLI against the dev server with
 * scripted model fakes and stores the histories the replay test replays
 * (test/workflows/replay.test.ts): a plan that took two review rounds, a run
 * in the checkout whose tasks were committed, retried and rolled back, with
 * each task's child workflow, a plain run (one lane in the run's worktree) and
 * a run with two lanes. Run it after a deliberate workflow change (see CONTRIBUTING.md).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { planWorkflowId, runWorkflowId } from '../../cli/workspace.js';
import type { TemporalConnection } from '../../temporal/connection.js';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { fetchPortableHistory, HISTORIES_DIR } from '../support/histories.js';
import { TEST_ANTHROPIC_KEY, TEST_OPENAI_KEY } from '../support/model-fakes.js';
import { APPROVE, implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { connectTestTemporal, uniqueTaskQueue } from '../support/temporal.js';
import { designRepo, planArgs, planReviewerScript, plannerScript, startPlanFakes } from '../plan-workflow/fixtures.js';
import { DRAFT, README_COMMENT, REVISED } from '../plan-workflow/plans.js';
import { GREEK_PLAN, greekRepo, startFakes } from '../run/fixtures.js';

// T3 has no Verify: its rollback comes from the review alone.
const THREE_OUTCOMES = GREEK_PLAN.replace('  - Verify: `grep -qx gamma c.txt`\n', '');

let temporal: TemporalConnection;
let home: string;

beforeAll(async () => {
  temporal = await connectTestTemporal();
  home = await mkdtemp(join(tmpdir(), 'tandem-capture-home-'));
});

afterAll(async () => {
  await temporal?.close();
});

async function store(name: string, workflowId: string, repoRoot: string): Promise<void> {
  const text = await fetchPortableHistory(temporal.client, workflowId, {
    replace: [
      [repoRoot, '/repo'],
      [home, '/tandem-home'],
      [REPO_ROOT, '/tandem'],
    ],
    forbid: [tmpdir(), REPO_ROOT, TEST_OPENAI_KEY, TEST_ANTHROPIC_KEY],
  });
  await writeFile(join(HISTORIES_DIR, `${name}.json`), text);
}

it('captures a plan that the reviewer sent back once', async () => {
  const repo = await designRepo();
  const fakes = await startPlanFakes(
    plannerScript((c) => (c.step === 1 ? { json: DRAFT } : c.lastUser.includes(README_COMMENT) ? { json: REVISED } : undefined)),
    planReviewerScript((c) =>
      c.firstUser.includes('"T2"')
        ? { json: APPROVE }
        : { json: { verdict: 'request_changes', summary: 'README is missing.', comments: [{ severity: 'blocker', body: README_COMMENT }] } },
    ),
  );
  try {
    const result = await runCli(planArgs(), { cwd: repo.root, env: { ...fakes.env, TANDEM_HOME: home }, timeoutMs: 120_000 });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    await store('plan-two-rounds', planWorkflowId(repo.root, 'design.md'), repo.root);
  } finally {
    await fakes.close();
  }
}, 180_000);

it('captures a run with a committed, a retried and a rolled-back task', async () => {
  const repo = await greekRepo({ plan: THREE_OUTCOMES });
  const fakes = await startFakes(
    // T2's first attempt fails its Verify check; T3 never satisfies the reviewer.
    implementerScript((taskId, attempt) => {
      const files: Record<string, string> = { T1: 'a.txt', T2: 'b.txt', T3: 'c.txt' };
      const words: Record<string, string> = { T1: 'alpha', T2: attempt === 1 ? 'BETA' : 'beta', T3: 'gamma' };
      return [{ path: files[taskId]!, content: `${words[taskId]}\n` }];
    }),
    reviewerScript((c) =>
      c.taskId === 'T3' ? { verdict: 'request_changes', summary: 'Not yet.', comments: [{ severity: 'blocker', body: 'Write it in Greek letters.' }] } : APPROVE,
    ),
  );
  try {
    // In the checkout, as this history was first captured: the plain run's own shape is captured below.
    const args = ['run', 'TODO.md', '--in-checkout', '--task-queue', uniqueTaskQueue('capture'), '--max-attempts', '2', '--on-failure', 'continue'];
    const result = await runCli(args, { cwd: repo.root, env: { ...fakes.env, TANDEM_HOME: home }, timeoutMs: 180_000 });
    expect(result.exitCode, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toMatch(/✓ T1 .* after 1 attempt /);
    expect(result.stdout).toMatch(/✓ T2 .* after 2 attempts /);
    expect(result.stdout).toMatch(/✗ T3 .* failed after \d attempts?:/);
    const runId = runWorkflowId(repo.root, 'TODO.md');
    await store('run-three-outcomes', runId, repo.root);
    await store('task-committed', `${runId}/T1`, repo.root);
    await store('task-retried', `${runId}/T2`, repo.root);
    await store('task-rolled-back', `${runId}/T3`, repo.root);
  } finally {
    await fakes.close();
  }
}, 240_000);

it('captures a plain run: one lane, its tasks in the run\'s own worktree', async () => {
  const repo = await greekRepo({ plan: THREE_OUTCOMES, name: 'one-lane' });
  const fakes = await startFakes(
    implementerScript((taskId) => [{ path: { T1: 'a.txt', T2: 'b.txt', T3: 'c.txt' }[taskId]!, content: `${{ T1: 'alpha', T2: 'beta', T3: 'gamma' }[taskId]}\n` }]),
    reviewerScript(),
  );
  try {
    const args = ['run', 'TODO.md', '--task-queue', uniqueTaskQueue('capture-one-lane')];
    const result = await runCli(args, { cwd: repo.root, env: { ...fakes.env, TANDEM_HOME: home }, timeoutMs: 180_000 });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    await store('run-one-lane', runWorkflowId(repo.root, 'TODO.md'), repo.root);
  } finally {
    await fakes.close();
  }
}, 240_000);

it('captures a run with two lanes, where the task that lands second conflicts and goes again on the new head', async () => {
  const plan = `# Plan: Two lanes

- [ ] T1: Write one
  - Acceptance:
    - one.txt exists
  - Depends on: none
- [ ] T2: Write two
  - Acceptance:
    - two.txt exists
  - Depends on: none
- [ ] T3: Join
  - Acceptance:
    - three.txt exists
  - Depends on: T1, T2
`;
  const repo = await greekRepo({ plan, name: 'two-lanes' });
  const fakes = await startFakes(
    // T1 and T2 both create shared.txt: whichever integrates second conflicts, and its next attempt keeps both lines.
    implementerScript((taskId, attempt) => {
      const own = { path: { T1: 'one.txt', T2: 'two.txt', T3: 'three.txt' }[taskId]!, content: `${taskId}\n` };
      return taskId === 'T3' ? [own] : [own, { path: 'shared.txt', content: attempt === 1 ? `${taskId}\n` : 'T1\nT2\n' }];
    }),
    reviewerScript(),
  );
  try {
    const args = ['run', 'TODO.md', '--parallel', '2', '--task-queue', uniqueTaskQueue('capture-lanes')];
    const result = await runCli(args, { cwd: repo.root, env: { ...fakes.env, TANDEM_HOME: home }, timeoutMs: 180_000 });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/T[12]: attempt 1 was approved but conflicts/);
    await store('run-parallel', runWorkflowId(repo.root, 'TODO.md'), repo.root);
  } finally {
    await fakes.close();
  }
}, 240_000);
