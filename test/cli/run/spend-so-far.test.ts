import { describe, expect, it } from 'vitest';
import { spendSoFar } from '../../../cli/run/format.js';

const spend = (tokens: number) => ({ costUsd: 0, inputTokens: tokens, outputTokens: 0, cachedInputTokens: 0 });

describe('spendSoFar', () => {
  it('adds the open task, which the run counts only when it ends', () => {
    const total = spendSoFar({ status: { spend: spend(100), currentTaskId: 'T2' }, progress: { taskId: 'T2', state: 'running', spend: spend(50) } });
    expect(total.inputTokens).toBe(150);
  });

  it('still adds a task that finished between reading the run and reading the task', () => {
    // The run was read first and still names T1 as current: its total does not hold T1 yet.
    const total = spendSoFar({ status: { spend: spend(0), currentTaskId: 'T1' }, progress: { taskId: 'T1', state: 'committed', spend: spend(2200) } });
    expect(total.inputTokens).toBe(2200);
  });

  it('does not count a finished task twice once the run has recorded it', () => {
    const total = spendSoFar({ status: { spend: spend(2200), currentTaskId: undefined }, progress: { taskId: 'T1', state: 'committed', spend: spend(2200) } });
    expect(total.inputTokens).toBe(2200);
  });
});
