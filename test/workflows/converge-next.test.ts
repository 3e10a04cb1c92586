/**
 * convergeNext inside the real run workflow, on the shared dev server, with
 * fake activities: every task of the plan is already done, so the run goes
 * straight to the converge review, and each test scripts what the review and
 * the branch check do. No model and no repository: what is tested is the
 * workflow's decisions (when it reviews, waits, appends, skips).
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConvergeSummary } from '../../activities/converge.js';
import type { AppendedFollowUps } from '../../activities/converge-follow-ups.js';
import type { PreparedTask } from '../../activities/run-setup.js';
import type { ConvergeProgress } from '../../contracts/converge.js';
import type { PlanUpdateRequest } from '../../contracts/plan-update.js';
import { ZERO_SPEND, type PlanTaskInput, type RunLocation, type RunSettings, type RunStatus } from '../../contracts/run.js';
import type { ResolvedModel } from '../../models/types.js';
import type { TemporalConnection } from '../../temporal/connection.js';
import { cancelUpdate, planUpdate, resumeUpdate, runStatusQuery } from '../../workflows/definitions.js';
import type { RunResult, RunWorkflowInput } from '../../workflows/run.js';
import { initialRow, type CarriedRunState } from '../../workflows/run-state.js';
import { connectTestTemporal, createTestWorker, uniqueTaskQueue } from '../support/temporal.js';
import { waitFor } from '../support/wait.js';

const model = (spec: string): ResolvedModel => {
  const [providerName, name] = spec.split(':') as [string, string];
  return { spec, providerName, kind: providerName === 'anthropic' ? 'anthropic' : 'openai', model: name };
};

const SETTINGS: RunSettings = {
  implementer: model('openai:gpt-5-mini'),
  reviewers: [model('anthropic:claude-haiku-4-5')],
  testTimeoutSeconds: 60,
  commandTimeoutSeconds: 60,
  sandbox: 'none',
  envAllow: [],
  reviewPolicy: 'all',
  maxAttempts: 1,
  maxSteps: 5,
  maxTokensPerAttempt: 10_000,
  onFailure: 'continue',
  taskBudget: {},
  runBudget: {},
  heartbeatTimeoutSeconds: 30,
  convergeRounds: 1,
};

const PLAN: PlanTaskInput[] = [
  { id: 'T1', title: 'Write alpha', acceptance: ['a.txt says alpha'], dependsOn: [] },
  { id: 'T2', title: 'Write beta', acceptance: ['b.txt says beta'], dependsOn: [] },
];

/** What one run's fake activities do; every call is recorded by name. */
interface RunScript {
  /** T2's state as prepareRun finds it (T1 is always done). */
  t2?: 'committed' | 'skipped';
  review(round: number): Promise<ConvergeSummary>;
  /** Called for each branch check, numbered from 1. */
  checkBranch?(call: number): Promise<void>;
  calls: string[];
}

const gaps = ['R4 (missing): d.txt says delta'];
const summary = (round: number, found: string[] = [], followUps: string[] = []): ConvergeSummary => ({ round, reviewer: 'anthropic:claude-haiku-4-5', gaps: found, followUps, spend: ZERO_SPEND });

/** A promise and the function that settles it: the fake waits on it, the test releases it. */
function gate(): { wait: Promise<void>; open(): void; reached: Promise<void>; arrive(): void } {
  let open!: () => void;
  let arrive!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (arrive = resolve));
  return { wait, open, reached, arrive };
}

describe('convergeNext in the run workflow', () => {
  let temporal: TemporalConnection;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uniqueTaskQueue('converge-next');
  const scripts = new Map<string, RunScript>();
  const script = (location: RunLocation) => scripts.get(location.runId)!;

  const activities = {
    prepareRun: async ({ location }: { location: RunLocation }): Promise<{ headSha: string; tasks: PreparedTask[] }> => {
      script(location).calls.push('prepareRun');
      const t2 = script(location).t2 ?? 'committed';
      return { headSha: 'head-0', tasks: [{ ...PLAN[0]!, state: 'committed', sha: 'sha-T1' }, { ...PLAN[1]!, state: t2, ...(t2 === 'committed' ? { sha: 'sha-T2' } : {}) }] };
    },
    checkBranch: async ({ location }: { location: RunLocation }) => {
      const s = script(location);
      s.calls.push('checkBranch');
      await s.checkBranch?.(s.calls.filter((call) => call === 'checkBranch').length);
      return { ok: true };
    },
    markTaskSkipped: async ({ location, taskId }: { location: RunLocation; taskId: string }) => {
      script(location).calls.push(`markTaskSkipped ${taskId}`);
      return { sha: 'head-0' };
    },
    applyPlanUpdate: async ({ location }: { location: RunLocation }) => {
      script(location).calls.push('applyPlanUpdate');
      return { sha: 'head-1', committed: true };
    },
    convergeReview: async ({ location, round }: { location: RunLocation; round: number }) => {
      script(location).calls.push(`review ${round}`);
      return script(location).review(round);
    },
    appendFollowUps: async ({ location, round }: { location: RunLocation; round: number }): Promise<AppendedFollowUps> => {
      script(location).calls.push(`append ${round}`);
      return { sha: 'head-2', tasks: [] };
    },
  };

  beforeAll(async () => {
    temporal = await connectTestTemporal();
    worker = await createTestWorker({ temporal, taskQueue, activities });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await temporal?.close();
  });

  /** Starts a run of PLAN (or of `carried`) with `settings`, driven by `runScript`. */
  async function start(runScript: Omit<RunScript, 'calls'>, settings: Partial<RunSettings> = {}, carried?: Partial<CarriedRunState>) {
    const runId = `converge-next-${randomUUID()}`;
    const s: RunScript = { ...runScript, calls: [] };
    scripts.set(runId, s);
    const location: RunLocation = { repo: '/nowhere', planRelPath: 'TODO.md', designRelPath: 'design.md', branch: 'tandem/test', runId, journalDir: '/nowhere/journal' };
    const state: CarriedRunState | undefined = carried && {
      tasks: PLAN.map((task) => initialRow(task, 'committed', `sha-${task.id}`)),
      unmarkedSkips: [],
      expectedHead: 'head-0',
      spend: ZERO_SPEND,
      budget: {},
      ...carried,
    };
    const input: RunWorkflowInput = { location, settings: { ...SETTINGS, ...settings }, allowFailingBaseline: false, ...(state ? { carried: { plan: PLAN, state } } : {}) };
    const handle = await temporal.client.workflow.start<(input: RunWorkflowInput) => Promise<RunResult>>('runWorkflow', { workflowId: runId, taskQueue, args: [input] });
    return { handle, calls: s.calls, result: () => handle.result().then((result) => result.status) };
  }

  const convergeOf = (status: RunStatus): ConvergeProgress | undefined => status.converge;

  it('with --converge-rounds 0 reviews nothing and completes', async () => {
    const run = await start({ review: async (round) => summary(round) }, { convergeRounds: 0 });
    const status = await run.result();
    expect(status.state).toBe('completed');
    expect(convergeOf(status)).toBeUndefined();
    expect(run.calls).toEqual(['prepareRun']);
  });

  it('appends nothing when the last review allowed still finds gaps, and says what is missing', async () => {
    const following: ConvergeProgress = { round: 1, rounds: 2, state: 'following-up', missing: gaps, followUps: ['T3'] };
    const run = await start({ review: async (round) => summary(round, gaps, ['T4']) }, {}, { converge: following });
    const status = await run.result();
    expect(status.state).toBe('completed');
    expect(convergeOf(status)).toEqual({ round: 2, rounds: 2, state: 'missing', missing: gaps, followUps: ['T3'] });
    expect(run.calls).toEqual(['checkBranch', 'review 2']);
  });

  it('records a review that cannot be done as skipped, with the reason, and completes', async () => {
    const review = async (): Promise<ConvergeSummary> => {
      throw ApplicationFailure.create({ type: 'DesignMissing', nonRetryable: true, message: 'design.md is gone' });
    };
    const run = await start({ review });
    const status = await run.result();
    expect(status.state).toBe('completed');
    // Round 0: no review finished.
    expect(convergeOf(status)).toMatchObject({ round: 0, state: 'skipped', reason: 'the converge review could not be done: design.md is gone' });
    expect(run.calls).not.toContain('append 1');
  });

  it('refuses a plan update during the review; a cancel during it keeps what it found and appends nothing', async () => {
    const held = gate();
    const run = await start({
      review: async (round) => {
        held.arrive();
        await held.wait;
        return summary(round, gaps, ['T3']);
      },
    });
    await held.reached;
    const update: PlanUpdateRequest = { revision: { revised: [], added: [{ id: 'T3', title: 'Write gamma', details: '', acceptance: ['c.txt'], dependsOn: [] }], dropped: [] }, summary: 'added T3' };
    const refused = await run.handle.executeUpdate(planUpdate, { args: [update] }).then(
      () => undefined,
      (error: Error & { cause?: Error }) => error,
    );
    expect(refused?.cause?.message).toBe('the converge review is reading the branch; try again when it has finished');
    await run.handle.executeUpdate(cancelUpdate, { args: [{ reason: 'enough' }] });
    held.open();
    const status = await run.result();
    expect(status.state).toBe('cancelled');
    expect(convergeOf(status)).toMatchObject({ round: 1, state: 'missing', missing: gaps });
    expect(run.calls).not.toContain('append 1');
  });

  it('waits while the budget is out, and reviews once more budget comes', async () => {
    const run = await start({ review: async (round) => summary(round) }, { runBudget: { usd: 1 } }, { spend: { ...ZERO_SPEND, costUsd: 2 }, budget: { usd: 1 } });
    await waitFor(async () => (await run.handle.query(runStatusQuery)).state === 'paused', 'the run to pause for its budget', 30_000);
    expect(run.calls).not.toContain('review 1');
    await run.handle.executeUpdate(resumeUpdate, { args: [{ addBudgetUsd: 5 }] });
    const status = await run.result();
    expect(convergeOf(status)).toMatchObject({ round: 1, state: 'met' });
    expect(run.calls.filter((call) => call.startsWith('review'))).toEqual(['review 1']);
  });

  it('applies a plan update accepted while it checked the branch before reviewing, instead of losing it', async () => {
    const held = gate();
    const run = await start({
      t2: 'skipped',
      review: async (round) => summary(round),
      checkBranch: async (call) => {
        if (call !== 1) return;
        held.arrive();
        await held.wait;
      },
    });
    // A long branch check: the update comes in once the workflow task holding the local activity heartbeats (about 10 s).
    await held.reached;
    const update: PlanUpdateRequest = { revision: { revised: [{ id: 'T2', title: 'Write beta, twice', details: '', acceptance: ['b.txt says beta beta'], dependsOn: [] }], added: [], dropped: [] }, summary: 'revised T2' };
    await run.handle.executeUpdate(planUpdate, { args: [update] });
    held.open();
    const status = await run.result();
    expect(run.calls.filter((call) => call === 'applyPlanUpdate' || call.startsWith('review'))).toEqual(['applyPlanUpdate', 'review 1']);
    expect(status.tasks.find((task) => task.id === 'T2')?.title).toBe('Write beta, twice');
    expect(status.notes ?? []).toEqual([]);
  });
});
