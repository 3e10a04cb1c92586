/** A paused run's hint names the flag that raises the budget it ran out of. */
import { describe, expect, it } from 'vitest';
import { resumeHint } from '../../cli/run/resume-hint.js';
import { budgetReached } from '../../workflows/budget.js';
import { ZERO_SPEND } from '../../contracts/run.js';

describe('resume hint', () => {
  const spent = { ...ZERO_SPEND, inputTokens: 20_000, outputTokens: 1_600, costUsd: 0.5 };

  it('says --add-tokens when the token budget was reached, --add-budget for dollars', () => {
    const tokens = budgetReached('run', { tokens: 20_000 }, spent)!;
    const dollars = budgetReached('task', { usd: 0.4 }, spent)!;
    expect(resumeHint({ pausedReason: `T2: ${tokens}`, pauseKind: 'budget' })).toBe('tandem resume --add-tokens <n>');
    expect(resumeHint({ pausedReason: `T2: ${dollars}`, pauseKind: 'budget' })).toBe('tandem resume --add-budget <usd>');
    expect(resumeHint({ pausedReason: tokens })).toBe('tandem resume --add-tokens <n>');
  });

  it('adds no budget flag to other pauses', () => {
    expect(resumeHint({ pausedReason: 'paused by user', pauseKind: 'user' })).toBe('tandem resume');
    expect(resumeHint({ pausedReason: 'the run branch moved', pauseKind: 'git' })).toBe('tandem resume');
  });
});
