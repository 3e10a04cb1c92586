/** Tasks left and an ETA from the median time of the tasks this run committed. */
import { describe, expect, it } from 'vitest';
import { estimateRun, formatEta } from '../../cli/run/eta.js';
import { ZERO_SPEND, type TaskStatusRow } from '../../contracts/run.js';

const MIN = 60_000;
const row = (id: string, state: TaskStatusRow['state'], startedAt?: number, finishedAt?: number): TaskStatusRow => ({
  id,
  title: id,
  state,
  attempts: 0,
  spend: ZERO_SPEND,
  ...(startedAt !== undefined ? { startedAt } : {}),
  ...(finishedAt !== undefined ? { finishedAt } : {}),
});

describe('run ETA', () => {
  it('gives no ETA before a task has committed, but counts what is left', () => {
    const tasks = [row('T1', 'running', 0), row('T2', 'pending'), row('T3', 'committed')]; // T3 was done before this run: no times
    expect(estimateRun(tasks, 5 * MIN)).toEqual({ remaining: 2 });
    expect(formatEta({ tasks, state: 'running' }, 5 * MIN)).toBe('2 tasks left · no ETA until a task is committed');
  });

  it('uses the median, not the mean, so one slow task does not skew it', () => {
    const tasks = [row('T1', 'committed', 0, 2 * MIN), row('T2', 'committed', 2 * MIN, 5 * MIN), row('T3', 'committed', 5 * MIN, 45 * MIN), row('T4', 'pending'), row('T5', 'pending')];
    expect(estimateRun(tasks, 45 * MIN)).toEqual({ remaining: 2, medianTaskMs: 3 * MIN, etaMs: 6 * MIN });
  });

  it('counts only the rest of the running task, and never less than zero for one that overran', () => {
    const committed = [row('T1', 'committed', 0, 4 * MIN), row('T2', 'committed', 4 * MIN, 8 * MIN)];
    expect(estimateRun([...committed, row('T3', 'running', 8 * MIN), row('T4', 'pending')], 9 * MIN).etaMs).toBe(3 * MIN + 4 * MIN);
    expect(estimateRun([...committed, row('T3', 'running', 8 * MIN)], 20 * MIN).etaMs).toBe(0);
  });

  it('leaves out failed, blocked and skipped tasks, and says nothing once the run is over', () => {
    const tasks = [row('T1', 'committed', 0, MIN), row('T2', 'failed', MIN, 2 * MIN), row('T3', 'blocked'), row('T4', 'skipped'), row('T5', 'pending')];
    expect(formatEta({ tasks, state: 'running' }, 2 * MIN)).toBe('1 task left · ETA ~1m00s (median 1m00s a task)');
    expect(formatEta({ tasks, state: 'paused' }, 2 * MIN)).toBe('1 task left · ETA ~1m00s once resumed (median 1m00s a task)');
    expect(formatEta({ tasks, state: 'failed' }, 2 * MIN)).toBeUndefined();
    expect(formatEta({ tasks: [row('T1', 'committed', 0, MIN)], state: 'running' }, MIN)).toBeUndefined();
  });
});
