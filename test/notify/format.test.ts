import { describe, expect, it } from 'vitest';
import type { NotifyEvent } from '../../contracts/notify.js';
import { headline, jsonBody, nextStep, slackBody, webhookFormat } from '../../notify/format.js';

const run = { id: 'tandem/run/app@abc123/TODO.md', repo: '/home/me/app', plan: 'TODO.md', branch: 'tandem/greek' };
const at = Date.UTC(2026, 10, 30, 6, 0, 0);

describe('notification bodies', () => {
  it('a failed task says which task, why, and where to look', () => {
    const event: NotifyEvent = { kind: 'task_failed', run, at, task: { id: 'T3', title: 'Write gamma', attempts: 2 }, reason: 'tests failed' };
    expect(headline(event)).toBe('Tandem task failed: T3 Write gamma (TODO.md on tandem/greek) · tests failed');
    expect(jsonBody(event)).toEqual({
      event: 'task_failed',
      text: headline(event),
      next: 'tandem logs TODO.md T3',
      at: '2026-11-30T06:00:00.000Z',
      run,
      task: { id: 'T3', title: 'Write gamma', attempts: 2 },
      reason: 'tests failed',
    });
  });

  it('a finished run counts its tasks and cost', () => {
    const event: NotifyEvent = {
      kind: 'run_finished', run, at, state: 'failed',
      tasks: { committed: 2, failed: 1, skipped: 0, notRun: 1, total: 4 },
      spend: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 0, costUsd: 1.234 },
    };
    expect(headline(event)).toBe('Tandem run failed: TODO.md on tandem/greek · 2/4 committed, 1 failed, 0 skipped, 1 not run · $1.23');
  });

  it('a pause for budget tells how to go on; a pause for git names the branch', () => {
    const budget: NotifyEvent = { kind: 'paused', run, at, pauseKind: 'budget', reason: 'T2: run budget of 10000 tokens reached' };
    expect(headline(budget)).toBe('Tandem paused (budget): TODO.md on tandem/greek · T2: run budget of 10000 tokens reached');
    expect(nextStep(budget)).toContain('tandem resume TODO.md --add-budget');
    expect(nextStep({ ...budget, pauseKind: 'git' })).toBe('check the branch tandem/greek, then tandem resume TODO.md');
  });

  it('waiting for approval is its own event', () => {
    const event: NotifyEvent = { kind: 'waiting_for_approval', run, at, task: { id: 'T4', title: 'Drop the table' } };
    expect(headline(event)).toBe('Tandem waits for your approval: T4 Drop the table (TODO.md on tandem/greek)');
    expect(jsonBody(event).event).toBe('waiting_for_approval');
  });

  it('Slack gets text plus blocks; the format follows the URL unless set', () => {
    const event: NotifyEvent = { kind: 'task_failed', run, at, task: { id: 'T1', title: 'Write alpha' } };
    const body = slackBody(event) as { text: string; blocks: { type: string }[] };
    expect(body.text).toBe(headline(event));
    expect(body.blocks.map((block) => block.type)).toEqual(['section', 'context']);
    expect(webhookFormat({ webhook: 'https://hooks.slack.com/services/T0/B0/xyz' })).toBe('slack');
    expect(webhookFormat({ webhook: 'https://example.com/hook' })).toBe('json');
    expect(webhookFormat({ webhook: 'https://example.com/hook', format: 'slack' })).toBe('slack');
  });
});
