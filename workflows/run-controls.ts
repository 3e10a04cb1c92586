/**
 * The run's controls: status query, pause, resume (with more budget), cancel,
 * skip and retry. Updates validate first, so `tandem skip T3` on a done task
 * is refused with a reason instead of being silently ignored.
 */
import { condition, setCurrentDetails, setHandler } from '@temporalio/workflow';
import {
  budgetExhaustedSignal,
  cancelUpdate,
  taskUnpausedSignal,
  pauseSignal,
  resumeUpdate,
  retryTaskUpdate,
  runStatusQuery,
  skipTaskUpdate,
} from './definitions.js';
import { addBudgetFlag } from './budget.js';
import type { RunState } from './run-state.js';
import type { PauseKind, RunStatus } from '../contracts/run.js';

export interface RunControlHooks {
  onExtendBudget(usd?: number, tokens?: number): Promise<void>;
  /** Tells the task that is running now that the user resumed (it may be waiting for a model provider). */
  onResume(): Promise<void>;
  /** Stops the running task (`taskId`, or every one when absent); it rolls back and reports `cancelled`. */
  cancelCurrentTask(taskId?: string): void;
  /** Called after a handler changed what the status shows (pause, resume, skip, retry, cancel). */
  onStatusChange(status: RunStatus): void;
  /** The run waits on a limit (or the user); called again for the same pause is fine. */
  onPaused?(kind: PauseKind, reason: string): void;
  onResumed?(): void;
}

export interface RunControls {
  waitForResume(kind: PauseKind, reason: string): Promise<void>;
  /** What to do when the user resumes after a pause for a moved branch. */
  onAcceptBranch(accept: () => void): void;
  setFinalState(state: RunStatus['state']): void;
  /** The status the `runStatus` query answers now. */
  status(): RunStatus;
}

export function installRunControls(runId: string, state: RunState, hooks: RunControlHooks): RunControls {
  let finalState: RunStatus['state'] | undefined;
  let acceptBranch: (() => void) | undefined;
  // Paused means waiting now: a pause requested mid-task shows as running until the task ends.
  let waiting = false;
  const current = (): RunStatus['state'] => finalState ?? (waiting ? 'paused' : 'running');
  /** The state of a task the run has, for an update's validator; throws when the run is over or the task unknown. */
  const openTaskState = (taskId: string) => {
    assertOpen(finalState);
    if (!state.has(taskId)) throw new Error(`there is no task ${taskId} in this plan`);
    return state.row(taskId).state;
  };
  // Query-only: the visible state (and its search attribute) stays as it was, so no command changes.
  const status = (): RunStatus => ({ ...state.status(runId, current()), ...(state.cancelled && !finalState ? { cancelRequested: true } : {}) });

  setHandler(runStatusQuery, status);

  setHandler(pauseSignal, ({ reason }) => {
    state.pause('user', reason ?? 'paused by user', false);
  });

  setHandler(budgetExhaustedSignal, ({ taskId, reason, kind }) => {
    const why = `${taskId}: ${reason}`;
    state.pause(kind ?? 'budget', why);
    waiting = true;
    setCurrentDetails(pausedDetails(why));
    hooks.onStatusChange(status());
    hooks.onPaused?.(kind ?? 'budget', why);
  });

  // Only a pause of the kind the task asked for ends: a user's own pause stands.
  setHandler(taskUnpausedSignal, ({ taskId, kind }) => {
    if (state.pauseKind !== kind) return;
    state.unpause();
    waiting = false;
    setCurrentDetails(`running **${taskId}**: a worker with the run's keys took over`);
    hooks.onStatusChange(status());
    hooks.onResumed?.();
  });

  setHandler(
    resumeUpdate,
    async ({ addBudgetUsd, addBudgetTokens }) => {
      if (addBudgetUsd !== undefined || addBudgetTokens !== undefined) await hooks.onExtendBudget(addBudgetUsd, addBudgetTokens);
      acceptBranch?.();
      acceptBranch = undefined;
      state.unpause();
      waiting = false;
      await hooks.onResume();
      hooks.onStatusChange(status());
      hooks.onResumed?.();
      return status();
    },
    {
      validator: ({ addBudgetUsd, addBudgetTokens }) => {
        if (finalState) throw new Error(`the run is already ${finalState}`);
        for (const amount of [addBudgetUsd, addBudgetTokens]) {
          if (amount !== undefined && !(amount > 0)) throw new Error('--add-budget must be a positive number');
        }
      },
    },
  );

  setHandler(
    cancelUpdate,
    ({ reason }) => {
      state.cancelled = true;
      // Not a pause: a waiting run must wake up and end.
      state.unpause();
      // Metadata, not a command: always say so, for the UI and anyone wondering why the run has not ended.
      setCurrentDetails(`**cancelling**${reason ? `: ${reason}` : ''}. The running task rolls back, which takes a worker on this run's task queue.`);
      hooks.cancelCurrentTask();
      hooks.onStatusChange(status());
      return status();
    },
    { validator: (_input) => assertOpen(finalState) },
  );

  setHandler(
    skipTaskUpdate,
    ({ taskId }) => {
      const row = state.row(taskId);
      state.unmarkedSkips.push(taskId);
      if (row.state === 'running') {
        hooks.cancelCurrentTask(taskId);
      } else {
        row.state = 'skipped';
        row.reason = 'skipped by user';
        state.unblockAll();
      }
      hooks.onStatusChange(status());
      return status();
    },
    {
      validator: ({ taskId }) => {
        const taskState = openTaskState(taskId);
        if (taskState === 'committed') throw new Error(`${taskId} is already done (committed); it cannot be skipped`);
        if (taskState === 'skipped' || state.unmarkedSkips.includes(taskId)) throw new Error(`${taskId} is already skipped`);
      },
    },
  );

  setHandler(
    retryTaskUpdate,
    ({ taskId }) => {
      const row = state.row(taskId);
      row.state = 'pending';
      row.reason = undefined;
      state.unblockAll();
      hooks.onStatusChange(status());
      return status();
    },
    {
      validator: ({ taskId }) => {
        const taskState = openTaskState(taskId);
        if (taskState !== 'failed' && taskState !== 'skipped') {
          throw new Error(`${taskId} is ${taskState}; only a failed or skipped task can be retried`);
        }
        if (state.unmarkedSkips.includes(taskId)) throw new Error(`${taskId} is being skipped right now; retry it once that is done`);
      },
    },
  );

  return {
    async waitForResume(kind, reason) {
      state.pause(kind, reason);
      waiting = true;
      setCurrentDetails(pausedDetails(reason));
      hooks.onStatusChange(status());
      hooks.onPaused?.(state.pauseKind ?? kind, state.pausedReason ?? reason);
      await condition(() => state.pausedReason === undefined || state.cancelled);
      waiting = false;
      hooks.onStatusChange(status());
    },
    onAcceptBranch(accept) {
      acceptBranch = accept;
    },
    setFinalState(final) {
      finalState = final;
      hooks.onStatusChange(status());
    },
    status,
  };
}

function assertOpen(finalState: RunStatus['state'] | undefined): void {
  if (finalState) throw new Error(`the run is already ${finalState}`);
}

function pausedDetails(reason: string): string {
  const flag = addBudgetFlag(reason);
  return `**paused**: ${reason}\n\nContinue with \`tandem resume${flag ? ` ${flag}` : ''}\`.`;
}
