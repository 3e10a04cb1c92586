/**
 * The bookkeeping of a run: task states, spend, pause reasons, and which task
 * may start next. Plain logic with no Temporal calls, so it is easy to test
 * and to carry across continue-as-new.
 */
import { budgetReached, extendBudget } from './budget.js';
import type { ApprovalWait } from '../contracts/approval.js';
import { addSpend, ZERO_SPEND, type Budget, type PauseKind, type RunStatus, type Spend, type TaskOutcome, type TaskStatusRow } from '../contracts/run.js';
import type { ConvergeProgress } from '../contracts/converge.js';

export interface PlannedTask {
  id: string;
  dependsOn: string[];
  files?: string[];
}

export interface CarriedRunState {
  tasks: TaskStatusRow[];
  /** Skips decided by the user but not yet written to TODO.md. */
  unmarkedSkips: string[];
  expectedHead: string;
  spend: Spend;
  budget: Budget;
  pausedReason?: string;
  pauseKind?: PauseKind;
  /** Optional: carried state from before notes existed has none. */
  notes?: string[];
  /** Optional: runs from before converge carry none. */
  converge?: ConvergeProgress;
}

export class RunState {
  private readonly rows = new Map<string, TaskStatusRow>();
  unmarkedSkips: string[];
  expectedHead: string;
  spend: Spend;
  budget: Budget;
  pausedReason: string | undefined;
  pauseKind: PauseKind | undefined;
  cancelled = false;
  currentTaskId: string | undefined;
  /** What the run waits for a person to approve (`--approve`); never carried: no run continues as new while it waits. */
  approval: ApprovalWait | undefined;
  /** Shown with the status and the report: what went wrong without stopping the run. */
  readonly notes: string[];
  /** The converge review of the whole branch, once it has begun or was skipped. */
  converge: ConvergeProgress | undefined;

  constructor(carried: CarriedRunState, private readonly plan: PlannedTask[]) {
    for (const row of carried.tasks) this.rows.set(row.id, { ...row });
    this.unmarkedSkips = [...carried.unmarkedSkips];
    this.expectedHead = carried.expectedHead;
    this.spend = carried.spend;
    this.budget = carried.budget;
    this.pausedReason = carried.pausedReason;
    this.pauseKind = carried.pauseKind;
    this.notes = [...(carried.notes ?? [])];
    this.converge = carried.converge;
  }

  /** Records why the run waits; the first reason wins until resume unless `replace` is set. */
  pause(kind: PauseKind, reason: string, replace = true): void {
    if (!replace && this.pausedReason !== undefined) return;
    this.pausedReason = reason;
    this.pauseKind = kind;
  }

  unpause(): void {
    this.pausedReason = undefined;
    this.pauseKind = undefined;
  }

  row(taskId: string): TaskStatusRow {
    const row = this.rows.get(taskId);
    if (!row) throw new Error(`unknown task ${taskId}`);
    return row;
  }

  has(taskId: string): boolean {
    return this.rows.has(taskId);
  }

  /** The first pending task, in plan order, whose dependencies are all committed or skipped (and that `accept`s, if given). */
  nextRunnable(accept?: (task: PlannedTask) => boolean): string | undefined {
    return this.plan.find((task) => this.row(task.id).state === 'pending' && task.dependsOn.every((dep) => this.satisfied(dep)) && (accept?.(task) ?? true))?.id;
  }

  /** Pending tasks that can never start because a dependency failed. */
  markBlocked(): void {
    let changed = true;
    while (changed) {
      changed = false;
      for (const task of this.plan) {
        const row = this.row(task.id);
        if (row.state === 'pending' && task.dependsOn.some((dep) => ['failed', 'blocked'].includes(this.row(dep).state))) {
          row.state = 'blocked';
          row.reason = `depends on ${task.dependsOn.filter((dep) => this.row(dep).state !== 'committed').join(', ')}`;
          changed = true;
        }
      }
    }
  }

  /** After a retry, blocked tasks are re-evaluated against the new states. */
  unblockAll(): void {
    for (const row of this.rows.values()) {
      if (row.state === 'blocked') {
        row.state = 'pending';
        row.reason = undefined;
      }
    }
    this.markBlocked();
  }

  /**
   * Adds tasks to the end of the plan (converge follow-ups), pending. The plan
   * array is the run's own, so the workflow's copy and the carried plan get
   * them too. Ids the run already has are ignored.
   */
  appendTasks(tasks: (PlannedTask & { title: string })[]): void {
    for (const task of tasks) {
      if (this.rows.has(task.id)) continue;
      this.plan.push(task);
      this.rows.set(task.id, initialRow(task, 'pending'));
    }
    this.markBlocked();
  }

  start(taskId: string, now: number): void {
    Object.assign(this.row(taskId), { state: 'running', startedAt: now, finishedAt: undefined, reason: undefined });
    // With lanes (`--parallel`) several run: the status follows the one that started first.
    this.currentTaskId ??= taskId;
  }

  record(outcome: TaskOutcome, now: number): void {
    const row = this.row(outcome.taskId);
    row.attempts += outcome.attempts;
    row.spend = addSpend(row.spend, outcome.spend);
    row.finishedAt = now;
    row.reason = outcome.reason;
    row.sha = outcome.sha;
    row.state = outcome.status === 'cancelled' ? (this.unmarkedSkips.includes(row.id) ? 'skipped' : 'pending') : outcome.status;
    if (outcome.sha) this.expectedHead = outcome.sha;
    this.spend = addSpend(this.spend, outcome.spend);
    if (this.currentTaskId === outcome.taskId) this.currentTaskId = this.plan.find((task) => this.row(task.id).state === 'running')?.id;
    this.markBlocked();
  }

  /**
   * Takes a revised plan (workflows/plan-update.ts), after the plan array this
   * state reads has been revised in place: revised tasks show their new title,
   * dropped ones are skipped with the reason, added ones start pending. Done
   * and running tasks are never touched; blocked tasks are re-evaluated.
   */
  revise(change: { retitled: { id: string; title: string }[]; skipped: { id: string; reason: string }[]; added: { id: string; title: string }[] }): void {
    for (const task of change.retitled) if (this.rows.has(task.id)) this.row(task.id).title = task.title;
    for (const task of change.skipped) {
      const row = this.rows.get(task.id);
      if (row && row.state !== 'committed' && row.state !== 'running') Object.assign(row, { state: 'skipped', reason: task.reason });
    }
    for (const task of change.added) if (!this.rows.has(task.id)) this.rows.set(task.id, initialRow(task, 'pending'));
    this.unblockAll();
  }

  finished(): boolean {
    return this.nextRunnable() === undefined;
  }

  anyFailed(): boolean {
    return [...this.rows.values()].some((row) => row.state === 'failed' || row.state === 'blocked');
  }

  budgetExhausted(): string | undefined {
    return budgetReached('run', this.budget, this.spend);
  }

  addBudget(usd?: number, tokens?: number): void {
    this.budget = extendBudget(this.budget, usd, tokens);
  }

  status(runId: string, state: RunStatus['state']): RunStatus {
    return {
      runId,
      state,
      pausedReason: this.pausedReason,
      pauseKind: this.pauseKind,
      currentTaskId: this.currentTaskId,
      tasks: this.plan.map((task) => ({ ...this.row(task.id) })),
      spend: this.spend,
      budget: this.budget,
      ...(this.notes.length > 0 ? { notes: [...this.notes] } : {}),
      ...(this.approval ? { approval: { ...this.approval } } : {}),
      ...(this.converge ? { converge: { ...this.converge } } : {}),
    };
  }

  carry(): CarriedRunState {
    return {
      tasks: this.plan.map((task) => this.row(task.id)),
      unmarkedSkips: this.unmarkedSkips,
      expectedHead: this.expectedHead,
      spend: this.spend,
      budget: this.budget,
      pausedReason: this.pausedReason,
      pauseKind: this.pauseKind,
      ...(this.notes.length > 0 ? { notes: this.notes } : {}),
      ...(this.converge ? { converge: this.converge } : {}),
    };
  }

  private satisfied(taskId: string): boolean {
    const state = this.rows.get(taskId)?.state;
    return state === 'committed' || state === 'skipped';
  }
}

export function initialRow(task: { id: string; title: string }, state: TaskStatusRow['state'], sha?: string): TaskStatusRow {
  return { id: task.id, title: task.title, state, attempts: 0, spend: ZERO_SPEND, ...(sha ? { sha } : {}) };
}
