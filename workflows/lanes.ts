/**
 * `--parallel N`: up to N tasks at once, each a child workflow in a worktree
 * of its own, started as soon as its dependencies are committed. An approved
 * task is integrated onto the run branch, one integration at a time, in the
 * order the tasks finish (deterministic: the order of the workflow's events).
 * A change that no longer applies, or breaks the tests once combined, goes
 * back to its task for a new attempt on the new head.
 */
import { CancellationScope, condition, executeChild, isCancellation, patched, proxyActivities, setCurrentDetails } from '@temporalio/workflow';
import type * as integrateActivities from '../activities/integrate.js';
import type * as workspaceActivities from '../activities/workspace.js';
import { bookkeepingOptions, commandOptions } from './activity-profiles.js';
import { addSpend, checkSettings, ZERO_SPEND, type PauseKind, type PlanTaskInput, type RunLocation, type RunSettings, type Spend, type TaskOutcome } from '../contracts/run.js';
import type { RunState } from './run-state.js';
import { taskWorkflow } from './task.js';
import { hasFailureType, rootMessage } from './failure-message.js';
import { holderOptions, isHolderLost } from './workspace-routing.js';

/** A change refused this many times (conflicts, failing re-tests) fails its task: the lanes keep colliding on it. */
export const MAX_INTEGRATION_ROUNDS = 3;
/** A task whose worktree keeps disappearing fails after this many fresh starts. */
export const MAX_WORKSPACE_RESTARTS = 2;
/** A task whose holders keep dying fails after this many new starts elsewhere: the workers, not the task, are broken. */
const MAX_HOLDER_RESTARTS = 5;
/** Marks runs whose integrations (with a remote) go to the worker holding the task's worktree. */
const INTEGRATE_ON_HOLDER_PATCH = 'lanes-integrate-on-holder';
/** The failure type of worker/workspace-guard.ts (workflow code cannot import the worker's module). */
export const WORKSPACE_MISSING = 'WorkspaceMissing';

export interface LaneContext {
  location: RunLocation;
  settings: RunSettings & { parallel: number };
  state: RunState;
  plan: PlanTaskInput[];
  /** The running tasks' cancellation scopes, by task id: `tandem skip` and `cancel` reach them through here. */
  scopes: Map<string, CancellationScope>;
  /** Tasks whose child workflow is running now: only they can take a signal (resume, more budget). */
  children: Set<string>;
  publish(): void;
  waitForResume(kind: PauseKind, reason: string): Promise<void>;
  writeMarks(): Promise<void>;
  branchIsIntact(): Promise<boolean>;
  /** An accepted `tandem plan --update` waits for a moment with no task running. */
  planUpdatePending(): boolean;
  applyPlanUpdate(): Promise<void>;
  /** True when the history is long enough to continue as new (done by the caller once no task runs). */
  historyFull(): boolean;
  continueAsNew(): Promise<never>;
  /** After each task: approvals forget it, a failure is notified. */
  taskEnded(taskId: string, failed: boolean): void;
  taskDetails(task: PlanTaskInput): string;
}

export async function runLanes(ctx: LaneContext): Promise<void> {
  const { state, settings } = ctx;
  const workspaces = proxyActivities<typeof workspaceActivities>(bookkeepingOptions(settings));
  // A worktree with `run.workspaceSetup` (e.g. `npm ci`) takes as long as a test run may.
  const newWorktrees = settings.workspaceSetup ? proxyActivities<typeof workspaceActivities>(commandOptions(settings, settings.testTimeoutSeconds)) : workspaces;
  // An integration may run the task's Verify and the test command, each up to the test timeout.
  const integration = proxyActivities<typeof integrateActivities>(commandOptions(settings, 2 * settings.testTimeoutSeconds));
  const lanes = new Map<string, Promise<void>>();
  /** The lane number of each running task: the lowest free one when it starts (as the report numbers them). */
  const laneOf = new Map<string, number>();
  /** What each busy lane does now, for the run's details in the Temporal UI. */
  const doing = new Map<string, string>();
  let events = 0;
  // One change to the run's worktree at a time: integrations, marks, plan updates, branch checks.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };

  // `--on-failure stop`: no task starts after one failed; the running ones finish.
  let stopped = false;
  let lastEnded: string | undefined;
  while (true) {
    const seen = events;
    if (!state.cancelled && !stopped) {
      await serial(() => ctx.writeMarks());
      const budgetOut = state.budgetExhausted();
      const paused = state.pausedReason !== undefined || budgetOut !== undefined;
      if (paused && lanes.size === 0) {
        await ctx.waitForResume(state.pauseKind ?? 'budget', state.pausedReason ?? budgetOut!);
        continue;
      }
      if (!paused && ctx.planUpdatePending()) {
        if (lanes.size === 0) {
          if (await serial(() => ctx.branchIsIntact())) await serial(() => ctx.applyPlanUpdate());
          continue;
        }
      } else if (!paused && ctx.historyFull()) {
        if (lanes.size === 0) await ctx.continueAsNew();
      } else if (!paused) {
        let next = nextToStart(ctx, lanes);
        if (next && !(await serial(() => ctx.branchIsIntact()))) continue;
        while (next) {
          const task = next;
          lanes.set(task.id, runLane(task).finally(() => {
            lanes.delete(task.id);
            events++;
          }));
          next = nextToStart(ctx, lanes);
        }
      }
    }
    if (lanes.size === 0 && (state.cancelled || stopped || (!ctx.planUpdatePending() && state.nextRunnable() === undefined))) return;
    // Wake when a lane ends, or when a control (resume, retry, skip, pause, cancel, a plan update) changes what may start.
    const before = wakeKey(ctx);
    await condition(() => events !== seen || wakeKey(ctx) !== before);
  }

  /** One task, from its first attempt to its commit on the run branch (or its failure), in as many rounds as integration needs. */
  async function runLane(task: PlanTaskInput): Promise<void> {
    state.start(task.id, Date.now());
    const taken = new Set(laneOf.values());
    let lane = 1;
    while (taken.has(lane)) lane++;
    laneOf.set(task.id, lane);
    state.row(task.id).lane = lane;
    showLanes(task.id, 'working');
    ctx.publish();
    const scope = new CancellationScope();
    ctx.scopes.set(task.id, scope);
    let outcome: TaskOutcome;
    try {
      outcome = await laneRounds(task, scope);
    } catch (error) {
      // A lane never takes the run down: what broke is the task's failure, with the reason.
      outcome = { taskId: task.id, status: 'failed', attempts: 0, reason: `error: ${rootMessage(error)}`, spend: ZERO_SPEND };
    } finally {
      ctx.scopes.delete(task.id);
      laneOf.delete(task.id);
      doing.delete(task.id);
    }
    state.record(outcome, Date.now());
    if (outcome.status === 'failed' && settings.onFailure === 'stop') stopped = true;
    ctx.taskEnded(task.id, outcome.status === 'failed');
    ctx.publish();
    showLanes(undefined, undefined, `last: **${task.id}** ${outcome.status}`);
  }

  /**
   * The run's details in the Temporal UI: each busy lane and what it does
   * (working, integrating), then the last task that ended. Metadata only, no command.
   */
  function showLanes(taskId: string | undefined, what: string | undefined, last?: string): void {
    if (taskId !== undefined && what !== undefined) doing.set(taskId, what);
    const busy = [...laneOf].sort((a, b) => a[1] - b[1]).map(([id, lane]) => `lane ${lane}: **${id}** ${doing.get(id) ?? 'working'}`);
    if (last !== undefined) lastEnded = last;
    setCurrentDetails([`${laneOf.size} of ${settings.parallel} lanes busy`, ...busy, ...(lastEnded ? [lastEnded] : [])].join('\n\n'));
  }

  async function laneRounds(task: PlanTaskInput, scope: CancellationScope): Promise<TaskOutcome> {
    let priorAttempts = 0;
    let restarts = 0;
    let holderRestarts = 0;
    let spend: Spend = ZERO_SPEND;
    for (let round = 1; ; round++) {
      const baseSha = state.expectedHead;
      const setup = settings.workspaceSetup ? { setup: { command: settings.workspaceSetup, settings: checkSettings(settings) } } : {};
      const lane = await newWorktrees.openTaskWorkspace.executeWithOptions({ summary: `${task.id} · worktree at ${baseSha.slice(0, 8)}` }, [{ location: ctx.location, taskId: task.id, baseSha, ...setup }]);
      // Workers on several machines (a remote run) each hold their own worktrees: the task's activities go to the one
      // holding this one. Without a remote every worker shares the run's disk, so any may serve the task, as before.
      const holder = ctx.location.remote !== undefined ? lane.queue : undefined;
      const done = await childOutcome(task, { ...ctx.location, repo: lane.dir, branch: lane.branch, startBranch: undefined }, baseSha, priorAttempts, scope, holder);
      spend = addSpend(spend, done.spend);
      const attempts = priorAttempts + done.attempts;
      if (done.holderLost && holderRestarts < MAX_HOLDER_RESTARTS && !state.cancelled) {
        holderRestarts++;
        state.notes.push(`${task.id}: the worker holding its worktree stopped answering; the attempt starts again on a fresh worktree, on whichever worker takes it`);
        // New attempt numbers, as for a deleted worktree: a journaled attempt replayed onto a fresh worktree would skip its tool calls.
        priorAttempts = attempts + settings.maxAttempts;
        round--; // not an integration round
        continue;
      }
      if (done.workspaceMissing && restarts < MAX_WORKSPACE_RESTARTS) {
        restarts++;
        state.notes.push(`${task.id}: its worktree was deleted during an attempt; the attempt starts again from a fresh worktree`);
        // The broken child's attempt count is unknown (it failed); no child makes more than maxAttempts, so skipping as many never reuses an attempt's journal.
        priorAttempts = attempts + settings.maxAttempts;
        round--; // not an integration round
        continue;
      }
      if (done.status !== 'committed') return closeLane({ ...done, attempts, spend });
      let integrated;
      try {
        integrated = await integrate(task, done.sha!, baseSha, attempts, holder);
      } catch (error) {
        if (isHolderLost(error) && holderRestarts < MAX_HOLDER_RESTARTS && !state.cancelled) {
          holderRestarts++;
          state.notes.push(`${task.id}: the worker holding its approved change stopped answering before it landed; the attempt starts again on a fresh worktree, on whichever worker takes it`);
          priorAttempts = attempts + settings.maxAttempts;
          round--;
          continue;
        }
        return closeLane({ taskId: task.id, status: 'failed', attempts, spend, reason: `could not integrate: ${rootMessage(error)}` });
      }
      if (integrated.status === 'integrated') {
        // A skip that came while the approved change was landing is too late: the task is done.
        const skip = state.unmarkedSkips.indexOf(task.id);
        if (skip >= 0) {
          state.unmarkedSkips.splice(skip, 1);
          state.notes.push(`${task.id} was not skipped: it was already approved and landing on the branch`);
        }
        return { ...done, sha: integrated.sha, attempts, spend };
      }
      if (state.cancelled) return closeLane({ taskId: task.id, status: 'cancelled', attempts, spend });
      if (round >= MAX_INTEGRATION_ROUNDS) return closeLane({ taskId: task.id, status: 'failed', attempts, spend, reason: `could not integrate: ${integrated.reason}` });
      state.notes.push(`${task.id}: attempt ${attempts} was approved but ${integrated.reason}; it goes again on the new head`);
      priorAttempts = attempts;
    }
  }

  /** Integrates, waiting out a pause when the run branch moved under the run (resume adopts the new head). */
  async function integrate(task: PlanTaskInput, taskSha: string, taskBase: string, attempt: number, holder: string | undefined) {
    // With a remote, the task's commit exists only in the clone of the machine holding its worktree: it lands from there.
    const onHolder = holder !== undefined && patched(INTEGRATE_ON_HOLDER_PATCH) ? holderOptions(holder, settings) : {};
    while (true) {
      try {
        // The new head is adopted inside the queue, before the next integration in line reads it.
        return await serial(async () => {
          showLanes(task.id, `integrating onto ${state.expectedHead.slice(0, 8)}`);
          const result = await integration.integrateTask.executeWithOptions({ summary: `${task.id} · integrate onto ${state.expectedHead.slice(0, 8)}`, ...onHolder }, [
            { location: ctx.location, taskId: task.id, taskSha, taskBase, expectedHead: state.expectedHead, attempt, ...(task.verify ? { verify: task.verify } : {}), settings: checkSettings(settings) },
          ]);
          if (result.status === 'integrated') state.expectedHead = result.sha;
          return result;
        });
      } catch (error) {
        // The holder is gone: the lane starts the task again elsewhere (runs without a remote never route here).
        if (onHolder.taskQueue !== undefined && isHolderLost(error)) throw error;
        if (await serial(() => ctx.branchIsIntact())) throw error;
        // Paused like any moved branch: the status says so, the user is told, and resume adopts the new head.
        await ctx.waitForResume(state.pauseKind ?? 'git', state.pausedReason ?? 'the run branch moved');
        if (state.cancelled) throw error;
      }
    }
  }

  /** A task that ends without integrating: its worktree goes; a failure is marked `[!]` on the run branch. */
  async function closeLane(outcome: TaskOutcome): Promise<TaskOutcome> {
    const closed = await serial(async () => {
      const failed = outcome.status === 'failed' ? { reason: outcome.reason ?? 'failed', headSha: state.expectedHead } : undefined;
      const result = await workspaces.closeTaskWorkspace.executeWithOptions({ summary: `${outcome.taskId} · ${outcome.status}` }, [{ location: ctx.location, taskId: outcome.taskId, ...(failed ? { failed } : {}) }]);
      if (result.sha) state.expectedHead = result.sha;
      return result;
    });
    // Never the child's sha: a cancelled or failed lane's base is long behind the head.
    const { sha: _childSha, ...rest } = outcome;
    return { ...rest, ...(closed.sha ? { sha: closed.sha } : {}) };
  }

  async function childOutcome(
    task: PlanTaskInput,
    location: RunLocation,
    baseSha: string,
    priorAttempts: number,
    scope: CancellationScope,
    workspaceQueue: string | undefined,
  ): Promise<TaskOutcome & { workspaceMissing?: boolean; holderLost?: boolean }> {
    ctx.children.add(task.id);
    try {
      return await scope.run(() =>
        executeChild(taskWorkflow, {
          workflowId: `${ctx.location.runId}/${task.id}`,
          args: [{ location, settings: { ...settings, runBudget: state.budget }, task, baseSha, runSpendAtStart: state.spend, ...(priorAttempts > 0 ? { priorAttempts } : {}), ...(workspaceQueue ? { workspaceQueue } : {}) }],
          staticSummary: `${task.id}: ${task.title}`,
          staticDetails: ctx.taskDetails(task),
        }),
      );
    } catch (error) {
      if (isCancellation(error)) return { taskId: task.id, status: 'cancelled', attempts: 0, spend: ZERO_SPEND };
      const lost = workspaceQueue !== undefined && isHolderLost(error) ? { holderLost: true } : {};
      return { taskId: task.id, status: 'failed', attempts: 0, reason: `error: ${rootMessage(error)}`, spend: ZERO_SPEND, ...(hasFailureType(error, WORKSPACE_MISSING) ? { workspaceMissing: true } : {}), ...lost };
    } finally {
      ctx.children.delete(task.id);
    }
  }
}

/** The next task that may start beside the running ones: its dependencies committed, a lane free, and no `Files:` in common with a running task. */
function nextToStart(ctx: LaneContext, lanes: Map<string, Promise<void>>): PlanTaskInput | undefined {
  if (lanes.size >= ctx.settings.parallel || ctx.state.cancelled || ctx.historyFull() || ctx.state.pausedReason !== undefined) return undefined;
  const busyFiles = new Set(ctx.plan.filter((task) => lanes.has(task.id)).flatMap((task) => task.files ?? []));
  const id = ctx.state.nextRunnable((task) => !(task.files ?? []).some((file) => busyFiles.has(file)));
  return id === undefined ? undefined : ctx.plan.find((task) => task.id === id);
}

/** What, when it changes, may let a task start: controls and plan edits. */
function wakeKey(ctx: LaneContext): string {
  const { state } = ctx;
  return [state.cancelled, state.pausedReason ?? '', state.budgetExhausted() ?? '', ctx.planUpdatePending(), state.nextRunnable() ?? '', state.unmarkedSkips.length].join('|');
}
