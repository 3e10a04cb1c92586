/**
 * One run per plan. A run is left open by a killed CLI (its model call held
 * at the fake, so it certainly is mid-task); then:
 *  - `tandem run --test other` refuses (exit 2) and lists the difference,
 *    even though the models were flags the command does not repeat; so do
 *    --notify, --allow-failing-baseline, --task-queue and --parallel;
 *  - a plain `tandem run` attaches with the recorded settings and finishes it,
 *    warning again that no test command is set and noting tandem.yaml's edits;
 *  - `--restart` cancels the open run (rolling its task back) and starts anew;
 *  - `tandem cancel` without a worker says what happens next, `tandem status`
 *    then shows the run as cancelling (so does its TandemState), and
 *    `tandem cancel --wait` rolls the task back here and waits for the end.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWorkflowId } from '../../cli/workspace.js';
import { RUN_ATTRIBUTE_KEYS } from '../../contracts/search-attributes.js';
import { runCli, startCli, type CliResult } from '../support/cli.js';
import { RequestHolds } from '../support/held-requests.js';
import { implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { connectTestTemporal, uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import type { TemporalConnection } from '../../temporal/connection.js';
import { greekPlanBefore, greekRepo, IMPLEMENTER, REVIEWER, startFakes, tandemYaml, type Fakes } from './fixtures.js';

const PLAN = greekPlanBefore('T2');
const MODEL_FLAGS = ['--implementer', IMPLEMENTER, '--reviewer', REVIEWER];

describe('one run per plan', () => {
  let temporal: TemporalConnection;
  let fakes: Fakes;
  const holds = new RequestHolds();

  beforeAll(async () => {
    temporal = await connectTestTemporal();
    fakes = await startFakes(holds.around(implementerScript(() => [{ path: 'a.txt', content: 'alpha\n' }])), reviewerScript());
  });

  afterAll(async () => {
    holds.releaseAll();
    await fakes?.close();
    await temporal?.close();
  });

  const cli = (repo: TestRepo, ...args: string[]): Promise<CliResult> => runCli(args, { cwd: repo.root, env: fakes.env, timeoutMs: 120_000 });
  const workflowStatus = async (repo: TestRepo) => (await temporal.client.workflow.getHandle(runWorkflowId(repo.root, 'TODO.md')).describe()).status.name;

  /** Starts a run and kills its CLI while T1's first model call waits at the fake: the run stays open, mid-task. */
  async function leaveRunOpen(repo: TestRepo, extra: string[] = []): Promise<CliResult> {
    const t1 = holds.hold((c) => c.taskId === 'T1', "T1's first model call");
    const running = startCli(['run', '--task-queue', uniqueTaskQueue('intent'), ...extra], { cwd: repo.root, env: fakes.env, timeoutMs: 120_000 });
    await t1.arrived();
    running.killHard();
    const result = await running.result;
    // Its caller is dead: the answer goes nowhere, and the retried call is not held.
    t1.release();
    return result;
  }

  it('refuses other settings with the differences listed, then a plain `tandem run` resumes with the recorded models', async () => {
    // No models in tandem.yaml: they were flags, so only the recorded input knows them. No test command either.
    const repo = await greekRepo({ plan: PLAN, config: 'run:\n  maxAttempts: 3\n', name: 'resume' });
    // In the checkout, as runs were before worktrees: the refusals below name that lane.
    const started = await leaveRunOpen(repo, [...MODEL_FLAGS, '--in-checkout']);
    expect(started.stderr).toContain('warning: no test command is configured');

    const refused = await cli(repo, 'run', '--test', 'test -d .git');
    expect(refused.exitCode, refused.stdout + refused.stderr).toBe(2);
    expect(refused.stderr).toContain('[RUN_SETTINGS_DIFFER]');
    expect(refused.stderr).toContain('test command (--test): none → test -d .git');
    expect(refused.stderr).toContain('--restart');
    expect(refused.stderr).toContain('without setting flags');
    expect(refused.stderr).not.toContain('MODELS_NOT_CONFIGURED');

    // Flags the open run cannot take are refused too, never dropped silently; a webhook shows its origin only.
    const notify = await cli(repo, 'run', '--notify', 'https://hooks.example.com/services/secret-token');
    expect(notify.exitCode, notify.stdout + notify.stderr).toBe(2);
    expect(notify.stderr).toContain('notifications (--notify, notify:): none → https://hooks.example.com/[REDACTED]');
    expect(notify.stderr).not.toContain('secret-token');
    const elsewhere = await cli(repo, 'run', '--allow-failing-baseline', '--task-queue', 'night-queue');
    expect(elsewhere.exitCode, elsewhere.stdout + elsewhere.stderr).toBe(2);
    expect(elsewhere.stderr).toContain('failing baseline (--allow-failing-baseline): refused → allowed');
    expect(elsewhere.stderr).toMatch(/task queue \(--task-queue\): intent-\S+ → night-queue/);
    // Lanes are a setting like the others: the open run's single lane in the checkout is named.
    const lanes = await cli(repo, 'run', '--parallel', '2');
    expect(lanes.exitCode, lanes.stdout + lanes.stderr).toBe(2);
    expect(lanes.stderr).toContain('lanes (--parallel, run.parallel): one task at a time in your checkout → 2 lanes in worktrees');
    // The open run has this checkout on its branch, which lanes would need for a worktree: refused before anything is cancelled.
    const restartLanes = await cli(repo, 'run', '--parallel', '2', '--restart');
    expect(restartLanes.exitCode, restartLanes.stdout + restartLanes.stderr).toBe(2);
    expect(restartLanes.stderr).toContain('[GIT_BRANCH_CHECKED_OUT]');
    expect(restartLanes.stderr).toContain('tandem cancel --wait');
    expect(restartLanes.stdout).not.toContain('Restarting');
    expect(await workflowStatus(repo)).toBe('RUNNING');

    // tandem.yaml edited since the start: attaching ignores it, and says so in one line.
    await writeFile(join(repo.root, 'tandem.yaml'), 'run:\n  maxAttempts: 5\n');
    const resumed = await cli(repo, 'run');
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/^Attached to tandem\/run\//m);
    // The models differ too: they were flags, and tandem.yaml's defaults are others; so do the lanes (a worktree by default).
    expect(resumed.stderr).toMatch(/^tandem: this run goes on with the settings it started with, which differ from tandem\.yaml's in: .*attempts per task, lanes\. `tandem run TODO\.md --restart` starts again with tandem\.yaml's\.$/m);
    expect(resumed.stderr).toContain('warning: no test command is configured');
    expect(resumed.stderr).not.toContain('MODELS_NOT_CONFIGURED');
    expect(await repo.git('log', '--format=%s', 'main..HEAD')).toBe('T1: Write alpha');
  }, 180_000);

  it('--restart cancels the open run, rolling its task back, and starts again with the new settings', async () => {
    const repo = await greekRepo({ plan: PLAN, config: tandemYaml(), name: 'restart' });
    await leaveRunOpen(repo);

    const restarted = await cli(repo, 'run', '--max-attempts', '2', '--restart');
    expect(restarted.exitCode, restarted.stdout + restarted.stderr).toBe(0);
    expect(restarted.stdout).toContain('Restarting: cancelling the open run');
    expect(restarted.stdout).toContain('attempts per task (--max-attempts): 3 → 2');
    expect(restarted.stdout).toMatch(/Run cancelled: 0 committed/);
    expect(restarted.stdout).toMatch(/^Started tandem\/run\//m);
    // In a worktree: the commit is on the run branch, and the checkout stays on main.
    expect(await repo.git('log', '--format=%s', 'main..tandem/greek-letters')).toBe('T1: Write alpha');
    expect(await repo.git('branch', '--show-current')).toBe('main');
    expect(await repo.git('status', '--porcelain')).toBe('');
  }, 180_000);

  it('cancel without a worker says the cancel is recorded and how to finish it; --wait finishes it here', async () => {
    const repo = await greekRepo({ plan: PLAN, config: tandemYaml(), name: 'cancel-no-worker' });
    await leaveRunOpen(repo);

    const recorded = await cli(repo, 'cancel', '--reason', 'wrong plan');
    expect(recorded.exitCode, recorded.stdout + recorded.stderr).toBe(0);
    expect(recorded.stdout).toContain('Cancel recorded for tandem/run/');
    expect(recorded.stdout).toContain('its running task T1 is rolled back, which takes a worker');
    expect(recorded.stdout).toContain('`tandem cancel --wait`');
    expect(recorded.stdout).toContain('`tandem run TODO.md`');
    expect(await workflowStatus(repo)).toBe('RUNNING');

    // Not plain "running": the status says the cancel waits for a worker, and how to give it one.
    const status = await cli(repo, 'status');
    expect(status.exitCode, status.stdout + status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^tandem\/run\/\S+ · cancelling$/m);
    expect(status.stdout).toContain('Cancel recorded: the run ends once its running task is rolled back, which needs a worker');
    expect(status.stdout).toContain('`tandem cancel --wait`');
    expect(status.stdout).toMatch(/^Run cancelling: 0 committed/m);
    // `tandem list` and the Web UI read the same state from the run's search attributes.
    const described = await temporal.client.workflow.getHandle(runWorkflowId(repo.root, 'TODO.md')).describe();
    expect(described.typedSearchAttributes.get(RUN_ATTRIBUTE_KEYS.state)).toBe('cancelling');

    const waited = await cli(repo, 'cancel', '--wait');
    expect(waited.exitCode, waited.stdout + waited.stderr).toBe(0);
    expect(waited.stdout).toMatch(/Run cancelled: 0 committed, 1 not run/);
    expect(await workflowStatus(repo)).toBe('COMPLETED');
    expect(await repo.git('status', '--porcelain')).toBe('');
    expect(await repo.git('log', '--format=%s', 'main..HEAD')).toBe('');
  }, 180_000);
});
