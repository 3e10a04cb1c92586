/**
 * A run works through a plan one task at a time: each task is a child
 * workflow that ends in one reviewed commit or a clean roll back. The run
 * owns the order, the controls (pause, resume, skip, retry, cancel), the
 * budget and the checks that nobody else moved the branch.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  ContinueAsNew,
  executeChild,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  workflowInfo,
} from '@temporalio/workflow';
import type * as runActivities from '../activities/run-setup.js';
import type * as planUpdateActivities from '../activities/plan-update.js';
import type * as workspaceActivities from '../activities/workspace.js';
import { MAX_WORKSPACE_RESTARTS, runLanes, WORKSPACE_MISSING } from './lanes.js';
import { runWorktreeDir } from '../contracts/workspace.js';
import { bookkeepingOptions, commandOptions, localOptions } from './activity-profiles.js';
import { installRunControls } from './run-controls.js';
import { initialRow, RunState, type CarriedRunState } from './run-state.js';
import type { PlanUpdateRequest } from '../contracts/plan-update.js';
import { checkSettings, ZERO_SPEND, type PlanTaskInput, type RunLocation, type RunSettings, type RunStatus } from '../contracts/run.js';
import { RunSearchAttributes } from './search-attributes.js';
import { taskWorkflow } from './task.js';
import { extendBudgetSignal, resumeTaskSignal } from './definitions.js';
import { RunNotifier } from './run-notifier.js';
import { RunApprovals } from './run-approvals.js';
import { hasFailureType, rootMessage } from './failure-message.js';
import { openPullRequestNote } from './run-pull-request.js';
import { installPlanUpdates } from './plan-update.js';
import { convergeNext } from './converge.js';
import { journalConvergeOutcome } from './converge-outcome.js';

export interface RunWorkflowInput {
  location: RunLocation;
  settings: RunSettings;
  allowFailingBaseline: boolean;
  /**
   * Whether the branch may be a search attribute, which the server stores in
   * plaintext; the CLI sets it false when payloads are encrypted. Absent (runs
   * started before it existed) counts as false.
   */
  showBranch?: boolean;
  /** Set when the run continues as new: the plan and the state so far. */
  carried?: { plan: PlanTaskInput[]; state: CarriedRunState; planUpdate?: PlanUpdateRequest };
}

export interface RunResult {
  status: RunStatus;
}

const RESUME_REACHES_TASK_PATCH = 'resume-reaches-running-task';
const OPEN_PR_PATCH = 'run-open-pr';
const PLAN_UPDATE_PATCH = 'run-plan-update';
/** Marked only when an update fails its second check, so histories without one replay unchanged. */
const PLAN_UPDATE_RECHECK_PATCH = 'run-plan-update-recheck';
/** No branch check between a task's commit and the next task: the commit verified the branch (issue 17). */
const NO_CHECK_AFTER_COMMIT_PATCH = 'run-no-branch-check-after-commit';

/**
 * One lane and no remote (a plain `tandem run`): the tasks work in the run's own worktree, one after
 * another, as a run in the checkout works there, with no worktree, integration and removal per task
 * (issue 17). Runs recorded before this made a task worktree per task, and replay that.
 */
const SINGLE_LANE_IN_RUN_WORKTREE_PATCH = 'run-single-lane-in-run-worktree';

/** Continue as new well before Temporal's history warnings (10k events / 10 MB). */
const MAX_HISTORY_EVENTS = 4000;

export async function runWorkflow(input: RunWorkflowInput): Promise<RunResult> {
  const { location, settings } = input;
  const setup = proxyActivities<typeof runActivities>(bookkeepingOptions(settings));
  const local = proxyLocalActivities<typeof runActivities>(localOptions());
  const baseline = proxyActivities<typeof runActivities>(commandOptions(settings, settings.testTimeoutSeconds));
  // `--parallel`: the run works in worktrees of its own (runs started before it, or without it, have no workspace root).
  const lanes = settings.parallel !== undefined && location.workspaceRoot !== undefined ? settings.parallel : undefined;
  /** Where the run's own git work happens: the run branch's worktree with lanes, the user's checkout without. */
  const work: RunLocation = lanes === undefined ? location : { ...location, repo: runWorktreeDir(location.workspaceRoot!) };
  let inRunWorktree: boolean | undefined;
  /** Asked once, where the task loop starts, so a replay asks at the same point. */
  const singleLaneInRunWorktree = (): boolean => (inRunWorktree ??= lanes === 1 && location.remote === undefined && patched(SINGLE_LANE_IN_RUN_WORKTREE_PATCH));
  const laneScopes = new Map<string, CancellationScope>();
  const laneChildren = new Set<string>();

  const { plan, state } = input.carried
    ? { plan: input.carried.plan, state: new RunState(input.carried.state, input.carried.plan) }
    : await prepare();
  let currentChild: { id: string; scope: CancellationScope } | undefined;
  const visibility = new RunSearchAttributes(location, settings, { showBranch: input.showBranch === true });
  const notifier = new RunNotifier(
    settings.notify,
    { id: location.runId, repo: location.repo, plan: location.planRelPath, branch: location.branch },
    (note) => state.notes.push(note),
  );
  const controls = installRunControls(location.runId, state, {
    onExtendBudget: (usd, tokens) => forwardBudget(usd, tokens),
    onResume: () => forwardResume(),
    cancelCurrentTask: (taskId) => {
      currentChild?.scope.cancel();
      for (const [id, scope] of laneScopes) if (taskId === undefined || id === taskId) scope.cancel();
    },
    onStatusChange: (status) => visibility.publish(status),
    onPaused: (kind, reason) => notifier.paused(kind, reason),
    onResumed: () => notifier.resumed(),
  });
  visibility.publish(controls.status());
  const planUpdates = installPlanUpdates(state, plan, input.carried?.planUpdate);
  const approvals = new RunApprovals(state, settings, notifier, {
    // A lane's task is the child `<run>/<task>` too; with one lane (the only lanes `--approve each` takes) it is the one waiting.
    // Runs with lanes never waited at the each gate before, so no history takes this branch: nothing to patch.
    childIdOf: (taskId) => currentChild?.id ?? (lanes !== undefined ? `${location.runId}/${taskId}` : undefined),
    onStatusChange: () => visibility.publish(controls.status()),
    status: () => controls.status(),
    taskTitle: (taskId) => plan.find((task) => task.id === taskId)?.title ?? '',
  });
  if (!input.carried && state.nextRunnable()) await approvals.gate('plan');

  // After the last task, the converge review may append follow-up tasks: the task loop then goes on with them.
  try {
    do {
      if (lanes === undefined || singleLaneInRunWorktree()) await runTasks();
      else await runTasksInLanes(lanes);
    } while (
      await convergeNext({ location: work, settings, state, branchIsIntact, onProgress: () => visibility.publish(controls.status()), planUpdatePending: () => planUpdates.pending() !== undefined })
    );
  } catch (error) {
    // A run with lanes that fails (its own worktree deleted by hand, say) still leaves no worktree behind.
    if (lanes !== undefined && !(error instanceof ContinueAsNew)) {
      await CancellationScope.nonCancellable(() => closeRunWorkspace()).catch(() => undefined);
    }
    throw error;
  }

  // From here the run ends: an update arriving now is refused with the reason, not accepted and lost.
  const ending = state.cancelled ? 'it was cancelled' : state.anyFailed() && settings.onFailure === 'stop' ? 'it stopped at a failed task' : 'no task is left to run';
  planUpdates.close(`the run is ending (${ending}); update the plan once it has ended, then start a new run, which skips what is done`);
  await journalConvergeOutcome(location, state.converge);
  await writeMarks();
  if (!state.cancelled && !state.anyFailed()) await approvals.gate('final');
  const final: RunStatus['state'] = state.cancelled ? 'cancelled' : state.anyFailed() ? 'failed' : 'completed';
  // Runs started without --pr (all runs recorded before it existed) never reach the patch.
  if (final === 'completed' && settings.pr && patched(OPEN_PR_PATCH)) {
    setCurrentDetails('**completed** · pushing the branch and opening its pull request');
    state.notes.push(await openPullRequestNote(work, settings.pr));
  }
  // The run is over: its worktrees go, so the user can check the run branch out.
  if (lanes !== undefined) await closeRunWorkspace();
  controls.setFinalState(final);
  setCurrentDetails(`**${final}** · ${summarize(state.status(location.runId, final))}`);
  notifier.finished(state.status(location.runId, final), final);
  // Delivery never blocked the run, but the run must not end with one in flight: it would be abandoned.
  await notifier.settled();
  await condition(allHandlersFinished);
  return { status: state.status(location.runId, final) };

  /** Runs tasks in plan order until none is runnable, one failed under `--on-failure stop`, or the run is cancelled. */
  async function runTasks(): Promise<void> {
    // The sha the last task committed: its commit checked the branch against its base and moved it there.
    let committedJustNow: string | undefined;
    while (!state.cancelled) {
      await writeMarks();
      const budgetOut = state.budgetExhausted();
      if (state.pausedReason !== undefined || budgetOut) {
        await controls.waitForResume(state.pauseKind ?? 'budget', state.pausedReason ?? budgetOut!);
        committedJustNow = undefined;
        continue;
      }
      const taskId = state.nextRunnable();
      if (!taskId && !planUpdates.pending()) return;
      if (!(verifiedByLastCommit(committedJustNow) || (await branchIsIntact()))) continue;
      committedJustNow = undefined;
      // Only an accepted `tandem plan --update` is pending, and histories recorded before it have none.
      if (planUpdates.pending() && patched(PLAN_UPDATE_PATCH)) {
        // Checked again: what the update was accepted against may have changed (ids taken by converge follow-ups).
        const refusal = planUpdates.refusalNow();
        if (refusal !== undefined && patched(PLAN_UPDATE_RECHECK_PATCH)) planUpdates.discard(refusal);
        else await applyPlanUpdate();
        continue;
      }
      if (!taskId) continue;

      await runTask(plan.find((task) => task.id === taskId)!);
      if (state.row(taskId).state === 'committed') committedJustNow = state.row(taskId).sha;
      if (state.row(taskId).state === 'failed') notifier.taskFailed(state.status(location.runId, 'running'), taskId);
      if (state.row(taskId).state === 'failed' && settings.onFailure === 'stop') return;
      if (workflowInfo().historyLength > MAX_HISTORY_EVENTS || workflowInfo().continueAsNewSuggested) {
        await notifier.settled();
        await condition(allHandlersFinished);
        // An accepted plan update not applied yet goes along: the user was told it would be.
        const planUpdate = planUpdates.pending();
        await continueAsNew<typeof runWorkflow>({ ...input, carried: { plan, state: state.carry(), ...(planUpdate ? { planUpdate } : {}) } });
      }
    }
  }


  async function prepare() {
    setCurrentDetails('preparing: branch, plan, baseline tests');
    const prepared =
      lanes === undefined
        ? await setup.prepareRun.executeWithOptions({ summary: `prepare branch ${location.branch}` }, [{ location, settings }])
        : await proxyActivities<typeof workspaceActivities>(settings.workspaceSetup ? commandOptions(settings, settings.testTimeoutSeconds) : bookkeepingOptions(settings)).openRunWorkspace.executeWithOptions({ summary: `prepare branch ${location.branch} in its worktree` }, [{ location, settings }]);
    if (settings.testCommand) {
      // With lanes the user never left their branch: nothing to take them back to.
      const baselineAt = lanes === undefined ? location : { ...work, startBranch: undefined };
      const result = await baseline.baselineTests.executeWithOptions({ summary: `baseline · ${settings.testCommand}` }, [
        { location: baselineAt, settings: { ...checkSettings(settings), testCommand: settings.testCommand }, allowFailing: input.allowFailingBaseline },
      ]);
      if (!result.passed && !input.allowFailingBaseline) {
        // Only the message changes with where the activity left the user: no new command, nothing to patch.
        const where = result.returnedTo ? ` You are back on ${result.returnedTo}.` : result.returnProblem ? ` You are ${result.returnProblem}.` : '';
        throw ApplicationFailure.create({
          type: 'BaselineFailing',
          nonRetryable: true,
          message: `the tests already fail before any task ran (\`${settings.testCommand}\` exited ${result.exitCode}); fix them first or pass --allow-failing-baseline.${where}\n${result.outputTail}`,
        });
      }
    }
    const rows = prepared.tasks.map((task) => initialRow(task, task.state, task.sha));
    const carried: CarriedRunState = { tasks: rows, unmarkedSkips: [], expectedHead: prepared.headSha, spend: ZERO_SPEND, budget: { ...settings.runBudget } };
    const plan: PlanTaskInput[] = prepared.tasks.map(({ state: _state, sha: _sha, ...task }) => task);
    const runState = new RunState(carried, plan);
    runState.markBlocked();
    const pruned = 'pruned' in prepared ? (prepared.pruned as string[]).length : 0;
    if (pruned > 0) runState.notes.push(`removed ${pruned} leftover task worktree${pruned === 1 ? '' : 's'} of an earlier run`);
    return { plan, state: runState };
  }

  async function runTask(task: PlanTaskInput): Promise<void> {
    state.start(task.id, Date.now());
    visibility.publish(controls.status());
    setCurrentDetails(`running **${task.id}**: ${task.title}`);
    const childId = `${location.runId}/${task.id}`;
    const scope = new CancellationScope();
    currentChild = { id: childId, scope };
    try {
      const outcome = await runChild(task, childId, scope);
      state.record(outcome, Date.now());
    } catch (error) {
      if (isCancellation(error)) {
        state.record({ taskId: task.id, status: 'cancelled', attempts: 0, spend: ZERO_SPEND }, Date.now());
      } else if (!(await branchIsIntact())) {
        // The task could not finish or roll back because the branch moved under it: queue it again, paused.
        state.record({ taskId: task.id, status: 'cancelled', attempts: 0, spend: ZERO_SPEND }, Date.now());
      } else {
        state.record({ taskId: task.id, status: 'failed', attempts: 0, reason: `error: ${rootMessage(error)}`, spend: ZERO_SPEND }, Date.now());
      }
    } finally {
      currentChild = undefined;
      approvals.taskEnded(task.id);
      visibility.publish(controls.status());
    }
  }

  /**
   * The task's child workflow. With one lane in the run's worktree, a worktree deleted by hand
   * mid-attempt is made again from the run branch and the attempt starts over, with a note (twice
   * at most), under new attempt numbers: a journaled attempt replayed onto a fresh worktree would
   * skip its tool calls. Runs of other kinds, all that were recorded before, never take that path.
   */
  async function runChild(task: PlanTaskInput, childId: string, scope: CancellationScope): Promise<Awaited<ReturnType<typeof taskWorkflow>>> {
    let priorAttempts = 0;
    for (let restarts = 0; ; restarts++) {
      try {
        return await scope.run(() =>
          executeChild(taskWorkflow, {
            workflowId: childId,
            // The run's budget as it stands now, including what the user added on resume. `work` is the
            // user's checkout without lanes (the same location as always), the run's worktree with one lane.
            args: [{ location: work, settings: { ...settings, runBudget: state.budget }, task, baseSha: state.expectedHead, runSpendAtStart: state.spend, ...(priorAttempts > 0 ? { priorAttempts } : {}) }],
            staticSummary: `${task.id}: ${task.title}`,
            staticDetails: taskDetails(task),
          }),
        );
      } catch (error) {
        if (inRunWorktree !== true || restarts >= MAX_WORKSPACE_RESTARTS || isCancellation(error) || !hasFailureType(error, WORKSPACE_MISSING)) throw error;
        const workspace = proxyActivities<typeof workspaceActivities>(settings.workspaceSetup ? commandOptions(settings, settings.testTimeoutSeconds) : bookkeepingOptions(settings));
        await workspace.reopenRunWorktree.executeWithOptions({ summary: "make the run's worktree again" }, [{ location, settings }]);
        state.notes.push(`${task.id}: the run's worktree was deleted during an attempt; it was made again from the run branch, and the attempt starts again`);
        priorAttempts += settings.maxAttempts;
      }
    }
  }

  /** Writes and commits the updated TODO.md on the run branch, then goes on with the revised plan. */
  async function applyPlanUpdate(): Promise<void> {
    const update = planUpdates.pending()!;
    setCurrentDetails(`updating the plan: ${update.summary}`);
    const planFiles = proxyActivities<typeof planUpdateActivities>(bookkeepingOptions(settings));
    const written = await planFiles.applyPlanUpdate.executeWithOptions({ summary: `update ${location.planRelPath} · ${update.summary}` }, [{ location: work, update }]);
    state.expectedHead = written.sha;
    planUpdates.applied();
    visibility.publish(controls.status());
  }

  async function writeMarks(): Promise<void> {
    // A skipped lane still running (`--parallel`) is marked once it has rolled back: its lane records the skip.
    // In a single lane no skipped task is running here, so the order is the one runs always had.
    let taskId: string | undefined;
    while ((taskId = state.unmarkedSkips.find((id) => state.row(id).state !== 'running')) !== undefined) {
      const marked = await local.markTaskSkipped.executeWithOptions({ summary: `${taskId} · mark skipped` }, [{ location: work, taskId }]);
      state.expectedHead = marked.sha;
      state.unmarkedSkips.splice(state.unmarkedSkips.indexOf(taskId), 1);
    }
  }

  /**
   * Nothing ran since the last task's commit, which found the branch at its base and left it at
   * `sha`: a check now would read the same (one local activity per task, issue 17). Histories
   * recorded before this ran the check, and replay it.
   */
  function verifiedByLastCommit(sha: string | undefined): boolean {
    if (sha === undefined || sha !== state.expectedHead || state.unmarkedSkips.length > 0 || planUpdates.pending()) return false;
    return patched(NO_CHECK_AFTER_COMMIT_PATCH);
  }

  async function branchIsIntact(): Promise<boolean> {
    const check = await local.checkBranch.executeWithOptions({ summary: `check branch ${location.branch}` }, [
      { location: work, expectedHead: state.expectedHead },
    ]);
    if (check.ok) {
      // Tandem's own commits may follow (a commit whose reply was lost): they are the new base.
      if (check.head) state.expectedHead = check.head;
      return true;
    }
    state.pause('git', check.problem ?? 'the run branch moved');
    controls.onAcceptBranch(() => {
      if (check.head) state.expectedHead = check.head;
    });
    return false;
  }

  /** A task waiting for its model provider calls it again; runs recorded before this sent nothing on resume. */
  async function forwardResume(): Promise<void> {
    if (currentChild && patched(RESUME_REACHES_TASK_PATCH)) await getExternalWorkflowHandle(currentChild.id).signal(resumeTaskSignal);
    await signalLanes((handle) => handle.signal(resumeTaskSignal));
  }

  async function forwardBudget(usd?: number, tokens?: number): Promise<void> {
    state.addBudget(usd, tokens);
    if (currentChild) await getExternalWorkflowHandle(currentChild.id).signal(extendBudgetSignal, { usd, tokens });
    await signalLanes((handle) => handle.signal(extendBudgetSignal, { usd, tokens }));
  }

  /** Signals each lane's running child; one that ended meanwhile is no reason to refuse the user's resume. */
  async function signalLanes(send: (handle: ReturnType<typeof getExternalWorkflowHandle>) => Promise<void>): Promise<void> {
    await Promise.all([...laneChildren].map((taskId) => send(getExternalWorkflowHandle(`${location.runId}/${taskId}`)).catch(() => undefined)));
  }

  /** The run is over: its worktrees and task branches go, so the user can check the run branch out. */
  async function closeRunWorkspace(): Promise<void> {
    const taskIds = plan.map((task) => task.id);
    await proxyActivities<typeof workspaceActivities>(bookkeepingOptions(settings)).closeRunWorkspace.executeWithOptions({ summary: "remove the run's worktrees" }, [{ location, taskIds }]);
  }

  /** `--parallel N`: the same run, N tasks at a time in worktrees of their own (workflows/lanes.ts). */
  async function runTasksInLanes(parallel: number): Promise<void> {
    await runLanes({
      location,
      settings: { ...settings, parallel },
      state,
      plan,
      scopes: laneScopes,
      children: laneChildren,
      publish: () => visibility.publish(controls.status()),
      waitForResume: (kind, reason) => controls.waitForResume(kind, reason),
      writeMarks,
      branchIsIntact,
      planUpdatePending: () => planUpdates.pending() !== undefined,
      applyPlanUpdate: async () => {
        const refusal = planUpdates.refusalNow();
        if (refusal !== undefined) planUpdates.discard(refusal);
        else await applyPlanUpdate();
      },
      historyFull: () => workflowInfo().historyLength > MAX_HISTORY_EVENTS || workflowInfo().continueAsNewSuggested,
      continueAsNew: async () => {
        await notifier.settled();
        await condition(allHandlersFinished);
        const planUpdate = planUpdates.pending();
        return continueAsNew<typeof runWorkflow>({ ...input, carried: { plan, state: state.carry(), ...(planUpdate ? { planUpdate } : {}) } });
      },
      taskEnded: (taskId, failed) => {
        approvals.taskEnded(taskId);
        if (failed) notifier.taskFailed(state.status(location.runId, 'running'), taskId);
      },
      taskDetails,
    });
  }
}

function taskDetails(task: PlanTaskInput): string {
  const acceptance = task.acceptance.map((line) => `- ${line}`).join('\n');
  return `${task.details ?? ''}\n\n**Acceptance**\n${acceptance}${task.verify ? `\n\n**Verify:** \`${task.verify}\`` : ''}`;
}

function summarize(status: RunStatus): string {
  const count = (state: string) => status.tasks.filter((task) => task.state === state).length;
  return `${count('committed')} committed, ${count('failed')} failed, ${count('skipped')} skipped, ${count('pending') + count('blocked')} not run · $${status.spend.costUsd.toFixed(4)}${convergeDetails(status)}`;
}

/** ` · converge: missing (R4 (missing): …)` for the final details; '' for a run without converge. */
function convergeDetails(status: RunStatus): string {
  const converge = status.converge;
  if (!converge) return '';
  const gaps = converge.state === 'missing' ? ` (${converge.missing.join('; ')})` : converge.state === 'skipped' ? ` (${converge.reason ?? ''})` : '';
  return ` · converge: ${converge.state}${gaps}`;
}
