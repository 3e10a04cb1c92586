/**
 * Upgrading Tandem under a run in flight. A run of the current version is
 * stopped while T1's review is in flight; the next version adds a step before
 * the review. Guarded by patched(), the next version finishes the run (T1
 * replays the old way, T2 takes the new step). Unguarded, T1 cannot replay:
 * `tandem run` gives up with exit 3 and `tandem status` names the mismatch and
 * the fix, and the version that started the run still finishes it. The same
 * is reported when the run workflow itself is the one that cannot replay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { temporal } from '@temporalio/proto';
import { runWorkflowId } from '../../cli/workspace.js';
import { Worker } from '@temporalio/worker';
import { runCli, type CliResult } from '../support/cli.js';
import { loadStoredHistories } from '../support/histories.js';
import { connectTestTemporal, uniqueTaskQueue } from '../support/temporal.js';
import type { TemporalConnection } from '../../temporal/connection.js';
import { bundleNextVersion, bundleUnguardedRunChange, PATCH_ID, runCommits, runStoppedAtFirstReview, type StoppedRun } from './upgrade-fixtures.js';

let temporalConnection: TemporalConnection;
let guardedBundle: Promise<string>;
let unguardedBundle: Promise<string>;
let unguardedRunBundle: Promise<string>;

beforeAll(async () => {
  temporalConnection = await connectTestTemporal();
  // Bundling takes seconds: start both now, await them where needed.
  guardedBundle = bundleNextVersion(true);
  unguardedBundle = bundleNextVersion(false);
  unguardedRunBundle = bundleUnguardedRunChange();
  for (const bundle of [guardedBundle, unguardedBundle, unguardedRunBundle]) bundle.catch(() => undefined);
});

afterAll(async () => {
  await temporalConnection?.close();
});

describe('the next version, with its change guarded by patched()', () => {
  let stopped: StoppedRun;
  let resumed: CliResult;

  beforeAll(async () => {
    stopped = await runStoppedAtFirstReview(uniqueTaskQueue('upgrade-guarded'));
    resumed = await runCli(stopped.args, {
      cwd: stopped.repo.root,
      env: { ...stopped.fakes.env, TANDEM_WORKFLOW_BUNDLE: await guardedBundle },
      timeoutMs: 120_000,
    });
  }, 240_000);

  afterAll(async () => {
    await stopped?.fakes.close();
  });

  it('finishes the run the current version started, one commit per task', async () => {
    expect(stopped.first.exitCode).not.toBe(0);
    expect(resumed.stdout).toMatch(/^Attached to tandem\/run\//m);
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(0);
    expect(await runCommits(stopped.repo)).toEqual(['T2: Write beta', 'T1: Write alpha']);
    expect(await stopped.repo.git('status', '--porcelain')).toBe('');
  });

  it('replays T1 the old way and runs the new step in T2 only', async () => {
    const runId = runWorkflowId(stopped.repo.root, 'TODO.md');
    const client = temporalConnection.client;
    const t1 = await client.workflow.getHandle(`${runId}/T1`).fetchHistory();
    const t2 = await client.workflow.getHandle(`${runId}/T2`).fetchHistory();
    expect(scheduledActivities(t1.events ?? [])).not.toContain('checkBranch');
    expect(scheduledActivities(t2.events ?? [])).toContain('checkBranch');
    // patched() recorded its marker where it took the new branch, and only there.
    expect(patchMarkers(t1.events ?? [])).toEqual([]);
    expect(patchMarkers(t2.events ?? [])).toEqual([PATCH_ID]);
  });
});

describe('the next version, with the same change unguarded', () => {
  let stopped: StoppedRun;
  let resumed: CliResult;
  let status: CliResult;
  let finished: CliResult;

  beforeAll(async () => {
    stopped = await runStoppedAtFirstReview(uniqueTaskQueue('upgrade-unguarded'));
    const nextVersion = { ...stopped.fakes.env, TANDEM_WORKFLOW_BUNDLE: await unguardedBundle };
    resumed = await runCli(stopped.args, { cwd: stopped.repo.root, env: nextVersion, timeoutMs: 120_000 });
    status = await runCli(['status', 'TODO.md'], { cwd: stopped.repo.root, env: nextVersion, timeoutMs: 60_000 });
    // The hint's first way out: the version that started the run finishes it.
    finished = await runCli(stopped.args, { cwd: stopped.repo.root, env: stopped.fakes.env, timeoutMs: 120_000 });
  }, 300_000);

  afterAll(async () => {
    await stopped?.fakes.close();
  });

  it('`tandem run` says the run cannot replay on this version, names the task workflow, and exits 3', () => {
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(3);
    expect(resumed.stdout).toMatch(/stuck \[RUN_VERSION_MISMATCH\]: tandem\/run\/\S+\/T1 cannot continue: the run was started by another Tandem version/);
    expect(resumed.stdout).toContain('Nondeterminism');
    expect(resumed.stderr).toMatch(/error \[RUN_VERSION_MISMATCH\]/);
    expect(resumed.stderr).toMatch(/hint: Finish the run with the Tandem version that started it \(a worker loads that version's dist\/workflow-bundle.js when TANDEM_WORKFLOW_BUNDLE names it\), or end it with `temporal workflow terminate --workflow-id 'tandem\/run\/[^']+\/TODO.md'`/);
  });

  it('`tandem status` shows the same error instead of waiting', () => {
    expect(status.exitCode, status.stdout + status.stderr).toBe(3);
    expect(status.stdout).toMatch(/· running · stuck/);
    expect(status.stdout).toMatch(/error \[RUN_VERSION_MISMATCH\]: tandem\/run\/\S+\/T1 cannot continue/);
  });

  it('the version that started the run still finishes it', async () => {
    expect(finished.exitCode, finished.stdout + finished.stderr).toBe(0);
    expect(await runCommits(stopped.repo)).toEqual(['T2: Write beta', 'T1: Write alpha']);
  });
});

/** The ids of the patch markers (`core_patch`) in a history. */
describe('an unguarded change to the run workflow itself', () => {
  let stopped: StoppedRun;
  let resumed: CliResult;
  let status: CliResult;

  beforeAll(async () => {
    stopped = await runStoppedAtFirstReview(uniqueTaskQueue('upgrade-run'));
    const nextVersion = { ...stopped.fakes.env, TANDEM_WORKFLOW_BUNDLE: await unguardedRunBundle };
    resumed = await runCli(stopped.args, { cwd: stopped.repo.root, env: nextVersion, timeoutMs: 120_000 });
    status = await runCli(['status', 'TODO.md'], { cwd: stopped.repo.root, env: nextVersion, timeoutMs: 60_000 });
  }, 240_000);

  afterAll(async () => {
    await stopped?.fakes.close();
  });

  it('is reported by `tandem run` (exit 3) and `tandem status`, though the run answers no query', () => {
    const runId = runWorkflowId(stopped.repo.root, 'TODO.md');
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(3);
    expect(resumed.stderr).toContain(`error [RUN_VERSION_MISMATCH]: ${runId} cannot continue`);
    expect(status.exitCode, status.stdout + status.stderr).toBe(3);
    expect(status.stdout).toContain(`error [RUN_VERSION_MISMATCH]: ${runId} cannot continue`);
    expect(status.stdout).not.toContain('has not reported its status yet');
  });
});

describe('the stored histories (what the replay test runs in CI)', () => {
  it('replay on the guarded next version, and catch the unguarded one in every task that reached a review', async () => {
    const tasks = loadStoredHistories().filter((stored) => stored.name.startsWith('task-'));
    const failing = async (bundle: string) => {
      const names: string[] = [];
      const histories = tasks.map(({ name, history }) => ({ workflowId: name, history }));
      for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: bundle } }, histories)) {
        if (result.error) names.push(result.workflowId);
      }
      return names;
    };
    expect(await failing(await guardedBundle)).toEqual([]);
    expect(await failing(await unguardedBundle)).toEqual(tasks.map((stored) => stored.name));
  }, 60_000);
});

function patchMarkers(events: temporal.api.history.v1.IHistoryEvent[]): string[] {
  return events.flatMap((event) => {
    const marker = event.markerRecordedEventAttributes;
    const data = marker?.markerName === 'core_patch' ? marker.details?.['patch-data']?.payloads?.[0]?.data : undefined;
    return data ? [(JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id] : [];
  });
}

function scheduledActivities(events: temporal.api.history.v1.IHistoryEvent[]): string[] {
  return events.flatMap((event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
}
