/** The run's bookkeeping, without Temporal: ordering, dependencies, failures, skips, budgets. */
import { describe, expect, it } from 'vitest';
import { budgetReached, extendBudget } from '../../workflows/budget.js';
import { reviewersApprove } from '../../workflows/review-policy.js';
import { initialRow, RunState } from '../../workflows/run-state.js';
import { ZERO_SPEND, type TaskOutcome } from '../../contracts/run.js';

const PLAN = [
  { id: 'T1', dependsOn: [] },
  { id: 'T2', dependsOn: ['T1'] },
  { id: 'T3', dependsOn: [] },
  { id: 'T4', dependsOn: ['T2'] },
];

function freshState(budget = {}) {
  const tasks = PLAN.map((task) => initialRow({ id: task.id, title: task.id }, 'pending'));
  return new RunState({ tasks, unmarkedSkips: [], expectedHead: 'base', spend: ZERO_SPEND, budget }, PLAN);
}

const outcome = (taskId: string, status: TaskOutcome['status'], costUsd = 0): TaskOutcome => ({
  taskId,
  status,
  attempts: 1,
  spend: { ...ZERO_SPEND, costUsd },
  ...(status === 'committed' ? { sha: `sha-${taskId}` } : {}),
});

describe('RunState', () => {
  it('runs tasks in plan order once their dependencies are committed', () => {
    const state = freshState();
    expect(state.nextRunnable()).toBe('T1');
    state.start('T1', 0);
    state.record(outcome('T1', 'committed'), 1);
    expect(state.expectedHead).toBe('sha-T1');
    expect(state.nextRunnable()).toBe('T2');
  });

  it('never starts the dependents of a failed task, transitively, and names why', () => {
    const state = freshState();
    state.record(outcome('T1', 'committed'), 1);
    state.record(outcome('T2', 'failed'), 2);
    expect(state.row('T4').state).toBe('blocked');
    expect(state.row('T4').reason).toBe('depends on T2');
    expect(state.nextRunnable()).toBe('T3');
    expect(state.anyFailed()).toBe(true);
  });

  it('lets a retried task unblock its dependents', () => {
    const state = freshState();
    state.record(outcome('T1', 'failed'), 1);
    expect(state.row('T2').state).toBe('blocked');
    state.row('T1').state = 'pending';
    state.unblockAll();
    expect(state.row('T2').state).toBe('pending');
    expect(state.nextRunnable()).toBe('T1');
  });

  it('treats a skipped task as satisfied, and a cancelled one as pending again', () => {
    const state = freshState();
    state.unmarkedSkips.push('T1');
    state.record(outcome('T1', 'cancelled'), 1);
    expect(state.row('T1').state).toBe('skipped');
    expect(state.nextRunnable()).toBe('T2');
    state.record(outcome('T3', 'cancelled'), 2);
    expect(state.row('T3').state).toBe('pending');
  });

  it('sums spend and reports an exhausted budget until it is raised', () => {
    const state = freshState({ usd: 1 });
    state.record(outcome('T1', 'committed', 0.6), 1);
    expect(state.budgetExhausted()).toBeUndefined();
    state.record(outcome('T3', 'committed', 0.5), 2);
    expect(state.budgetExhausted()).toBe('run budget reached: $1.1000 of $1');
    state.addBudget(5);
    expect(state.budgetExhausted()).toBeUndefined();
  });

  it('carries its state across continue-as-new unchanged', () => {
    const state = freshState({ tokens: 10 });
    state.record(outcome('T1', 'committed'), 1);
    const again = new RunState(state.carry(), PLAN);
    expect(again.status('run', 'running')).toEqual(state.status('run', 'running'));
  });
});

describe('budgets', () => {
  it('reach on dollars or tokens, and extend only the limits that are set', () => {
    expect(budgetReached('task', { tokens: 100 }, { ...ZERO_SPEND, inputTokens: 90, outputTokens: 10 })).toBe('task budget reached: 100 of 100 tokens');
    expect(budgetReached('task', {}, { ...ZERO_SPEND, costUsd: 1e9 })).toBeUndefined();
    expect(extendBudget({ usd: 1 }, 2, 50)).toEqual({ usd: 3, tokens: undefined });
  });
});

describe('review policy', () => {
  const approve = { verdict: 'approve' as const };
  const reject = { verdict: 'request_changes' as const };
  it('all, any and majority', () => {
    expect(reviewersApprove([approve, reject], 'all')).toBe(false);
    expect(reviewersApprove([approve, reject], 'any')).toBe(true);
    expect(reviewersApprove([approve, reject], 'majority')).toBe(false);
    expect(reviewersApprove([approve, approve, reject], 'majority')).toBe(true);
    expect(reviewersApprove([], 'any')).toBe(false);
  });
});

describe('RunState.appendTasks', () => {
  it('adds follow-up tasks to the plan as pending; they run once what they depend on is done', () => {
    const plan = [{ id: 'T1', dependsOn: [] as string[] }];
    const state = new RunState({ tasks: [initialRow({ id: 'T1', title: 'T1' }, 'committed')], unmarkedSkips: [], expectedHead: 'base', spend: ZERO_SPEND, budget: {} }, plan);
    expect(state.nextRunnable()).toBeUndefined();
    state.appendTasks([{ id: 'T2', title: 'Write delta', dependsOn: ['T1'] }, { id: 'T1', title: 'again', dependsOn: [] }]);
    expect(plan.map((task) => task.id)).toEqual(['T1', 'T2']);
    expect(state.nextRunnable()).toBe('T2');
    expect(state.status('run', 'running').tasks.map((row) => [row.id, row.state])).toEqual([['T1', 'committed'], ['T2', 'pending']]);
    expect(state.carry().tasks.map((row) => row.id)).toEqual(['T1', 'T2']);
  });
});
