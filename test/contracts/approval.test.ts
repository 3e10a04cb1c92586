import { describe, expect, it } from 'vitest';
import { approvalLine, approvalMismatch } from '../../contracts/approval.js';
import { visibleState } from '../../contracts/search-attributes.js';
import { headline, nextStep } from '../../notify/format.js';

const T3 = { gate: 'each', taskId: 'T3', attempt: 1, since: 0 } as const;

describe('what a waiting run says and accepts', () => {
  it('names what waits and the two commands that answer it, with the plan when it is not TODO.md', () => {
    expect(approvalLine(T3)).toBe('waiting for approval: T3 — tandem approve T3 / tandem reject T3 --comment "…"');
    expect(approvalLine(T3, 'plans/auth.md')).toBe('waiting for approval: T3 — tandem approve T3 plans/auth.md / tandem reject T3 plans/auth.md --comment "…"');
    expect(approvalLine({ gate: 'final' }, 'TODO.md')).toBe('waiting for approval: the end of the run (all tasks done) — tandem approve / tandem reject --comment "…"');
  });

  it('takes no id, the waiting task or the gate name; refuses anything else, saying what waits', () => {
    expect(approvalMismatch(T3, undefined)).toBeUndefined();
    expect(approvalMismatch(T3, 'T3')).toBeUndefined();
    expect(approvalMismatch({ gate: 'plan', since: 0 }, 'plan')).toBeUndefined();
    expect(approvalMismatch(T3, 'T9')).toBe('T9 does not wait for approval; waiting: T3 (tandem approve T3 / tandem reject T3 --comment "…")');
    expect(approvalMismatch(undefined, 'T3', 'T2')).toBe('nothing waits for approval (the run is working on T2)');
    expect(approvalMismatch(undefined, undefined)).toBe('nothing waits for approval');
  });

  it('a waiting run is listed as waiting:approval until it ends; a pending cancel says cancelling', () => {
    expect(visibleState({ state: 'running', approval: T3 })).toBe('waiting:approval');
    expect(visibleState({ state: 'running', approval: T3, cancelRequested: true })).toBe('cancelling');
    expect(visibleState({ state: 'completed', approval: T3 })).toBe('completed');
  });

  it('the notification says what waits and how to answer', () => {
    const run = { id: 'tandem/run/app@abc/TODO.md', repo: '/app', plan: 'TODO.md', branch: 'tandem/greek' };
    const event = { kind: 'waiting_for_approval', run, at: 0, task: { id: 'T3', title: 'Add the column' }, reason: 'reminder 2: still waiting' } as const;
    expect(headline(event)).toBe('Tandem waits for your approval: T3 Add the column (TODO.md on tandem/greek) · reminder 2: still waiting');
    expect(nextStep(event)).toBe('tandem approve T3 / tandem reject T3 --comment "…"');
    expect(nextStep({ kind: 'waiting_for_approval', run: { ...run, plan: 'plans/x.md' }, at: 0 })).toBe('tandem approve plans/x.md / tandem reject plans/x.md --comment "…"');
  });
});
