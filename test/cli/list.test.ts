/**
 * `tandem list` finds runs across repositories through the visibility API: two
 * real runs in two repositories, one committed and one whose task failed, on
 * the shared dev server (which registers Tandem's search attributes at start).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { formatDuration } from '../../cli/run/format.js';
import { runWorkflowId } from '../../cli/workspace.js';
import type { RunListRow } from '../../cli/list/run-list.js';
import { runCli } from '../support/cli.js';
import { implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { connectTestTemporal, uniqueTaskQueue } from '../support/temporal.js';
import { waitFor } from '../support/wait.js';
import type { TemporalConnection } from '../../temporal/connection.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekPlanBefore, greekRepo, startFakes, tandemYaml, type Fakes } from '../run/fixtures.js';

describe('tandem list', () => {
  let temporal: TemporalConnection;
  let good: TestRepo;
  let bad: TestRepo;
  const fakes: Fakes[] = [];

  async function runWith(repo: TestRepo, word: string): Promise<number> {
    const fake = await startFakes(implementerScript(() => [{ path: 'a.txt', content: `${word}\n` }]), reviewerScript());
    fakes.push(fake);
    const result = await runCli(['run', '--task-queue', uniqueTaskQueue('list')], { cwd: repo.root, env: fake.env, timeoutMs: 120_000 });
    return result.exitCode;
  }

  async function list(args: string[]): Promise<RunListRow[]> {
    const result = await runCli(['list', '--json', ...args]);
    expect(result.exitCode, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as RunListRow[];
  }

  beforeAll(async () => {
    temporal = await connectTestTemporal();
    const plan = greekPlanBefore('T2');
    const config = tandemYaml('run:\n  maxAttempts: 1\n');
    [good, bad] = await Promise.all([greekRepo({ plan, config, name: 'listed-good' }), greekRepo({ plan, config, name: 'listed-bad' })]);
    // T1's Verify wants "alpha": the second repository's implementer writes something else, and its task fails.
    expect(await Promise.all([runWith(good, 'alpha'), runWith(bad, 'alfa')])).toEqual([0, 1]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(fakes.map((fake) => fake.close()));
    await temporal?.close();
  });

  it('shows each repository’s run with its state, progress, cost and UI link', async () => {
    let rows: RunListRow[] = [];
    // Visibility is eventually consistent: the final upsert lands a moment after the run ends.
    await waitFor(async () => {
      rows = await list(['--repo', good.root]);
      return rows[0]?.state === 'completed';
    }, 'the committed run to be listed as completed');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      workflowId: runWorkflowId(good.root, 'TODO.md'),
      repo: good.root,
      plan: 'TODO.md',
      state: 'completed',
      tasks: { done: 1, failed: 0, total: 1 },
      implementer: 'openai:gpt-5-mini',
    });
    expect(rows[0]!.branch).toMatch(/^tandem\//);
    expect(rows[0]!.costUsd).toBeGreaterThan(0);
    expect(rows[0]!.tokens).toBeGreaterThan(0);

    const table = await runCli(['ls', '--repo', good.root]);
    expect(table.stdout).toContain(`${good.root}/TODO.md`);
    expect(table.stdout).toMatch(/completed\s*│\s*1\/1/);
  });

  it('shows each run’s age and, on the local dev server, its Web UI link', async () => {
    const [row] = await list(['--repo', good.root]);
    const workflowId = runWorkflowId(good.root, 'TODO.md');
    // As a user without TEMPORAL_ADDRESS meets it: the local dev server (here the shared one, by its ports), whose UI Tandem knows.
    const uiUrl = new URL(inject('temporalUiUrl'));
    const env = { TEMPORAL_ADDRESS: undefined, TANDEM_TEMPORAL_PORT: inject('temporalAddress').split(':')[1], TANDEM_TEMPORAL_UI_PORT: uiUrl.port };
    const before = Date.now();
    const table = await runCli(['ls', '--repo', good.root], { env });
    const after = Date.now();
    expect(table.exitCode, table.stderr).toBe(0);
    const link = `${uiUrl.origin}/namespaces/default/workflows/${encodeURIComponent(workflowId)}`;
    const line = table.stdout.split('\n').find((text) => text.includes(`${good.root}/TODO.md`))!;
    expect(line).toContain(link);
    // The age is the time since the run started, as of the listing (to the second).
    const started = Date.parse(row!.startedAt);
    const ages = new Set<string>();
    for (let ms = before - started - 1000; ms <= after - started + 1000; ms += 500) ages.add(formatDuration(ms));
    const ageCell = line.split('│').map((cell) => cell.trim())[5];
    expect([...ages]).toContain(ageCell);

    const json = await runCli(['list', '--json', '--repo', good.root], { env });
    expect((JSON.parse(json.stdout) as { ui?: string }[])[0]!.ui).toBe(link);
  });

  it('tells a run whose task failed apart from success, although its workflow completed', async () => {
    const workflowId = runWorkflowId(bad.root, 'TODO.md');
    await waitFor(async () => (await list(['--state', 'failed'])).some((row) => row.workflowId === workflowId), 'the failed run to be listed as failed');
    const failed = await list(['--state', 'failed']);
    expect(failed.find((row) => row.workflowId === workflowId)).toMatchObject({ state: 'failed', tasks: { done: 0, failed: 1, total: 1 } });
    expect(failed.map((row) => row.workflowId)).not.toContain(runWorkflowId(good.root, 'TODO.md'));
    // The workflow itself completed, so its result (which task failed and why) stays readable.
    expect((await temporal.client.workflow.getHandle(workflowId).describe()).status.name).toBe('COMPLETED');
  });

  it('refuses a state it does not know, naming the ones it does', async () => {
    const result = await runCli(['list', '--state', 'broken']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--state must be one of running, paused:user, .*paused/);
  });
});
