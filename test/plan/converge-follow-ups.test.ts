/** Turning a converge review into follow-up tasks: what is appended, with which ids and fields. */
import { describe, expect, it } from 'vitest';
import { allocateTaskIds, followUpTasks, inScope, type ReviewedItem } from '../../plan/converge-follow-ups.js';
import { ConvergeReplySchema } from '../../plan/converge-schema.js';
import { parseTodo, renderTodo } from '../../plan/index.js';

const met = (id: string): ReviewedItem => ({ id, text: `${id} is done`, verdict: 'met', evidence: [{ note: 'shown by a test' }] });

describe('allocateTaskIds', () => {
  it('numbers after the highest id of the plan\'s scheme', () => {
    expect(allocateTaskIds(['T1', 'T2', 'T3'], 2)).toEqual(['T4', 'T5']);
    expect(allocateTaskIds(['T1', 'T9', 'T3'], 1)).toEqual(['T10']);
  });

  it('keeps the prefix the plan uses, and skips ids already taken in any case', () => {
    expect(allocateTaskIds(['S1', 'S2'], 1)).toEqual(['S3']);
    expect(allocateTaskIds(['T1', 'T2', 'T1a', 't3'], 1)).toEqual(['T4']);
  });

  it('starts at T1 when no id is numbered', () => {
    expect(allocateTaskIds(['setup-db', 'docs'], 2)).toEqual(['T1', 'T2']);
  });
});

describe('followUpTasks', () => {
  it('appends nothing when every item is met', () => {
    const tasks = followUpTasks({ round: 1, items: [met('R1'), met('T1/1')], followUps: [{ title: 'Polish', details: '', acceptance: ['x'], covers: ['R1'], dependsOn: [] }], existingIds: ['T1'] });
    expect(tasks).toEqual([]);
  });

  it("turns the reviewer's proposal for a missing requirement into a pending task with a Source field", () => {
    const tasks = followUpTasks({
      round: 2,
      items: [met('R1'), { id: 'R4', text: 'delta.txt holds delta', verdict: 'missing', evidence: [{ note: 'no delta.txt on the branch' }] }],
      followUps: [{ title: 'Write delta', details: 'Create delta.txt.', acceptance: ['delta.txt contains exactly "delta"'], covers: ['R4'], dependsOn: ['T1', 'T99'] }],
      existingIds: ['T1', 'T2', 'T3'],
    });
    expect(tasks).toEqual([
      {
        id: 'T4',
        title: 'Write delta',
        status: 'pending',
        details: 'Create delta.txt.',
        acceptance: ['delta.txt contains exactly "delta"'],
        dependsOn: ['T1'],
        requirements: ['R4'],
        extra: [{ name: 'Source', value: 'converge round 2' }],
      },
    ]);
  });

  it('gives a gap no proposal covers a task of its own, so nothing the reviewer found is dropped', () => {
    const tasks = followUpTasks({
      round: 1,
      items: [{ id: 'T2/1', text: 'b.txt contains exactly "beta"', verdict: 'partial', evidence: [{ note: 'b.txt says "bet"' }] }],
      followUps: [],
      existingIds: ['T1', 'T2'],
    });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ id: 'T3', title: 'Meet T2/1: b.txt contains exactly "beta"', acceptance: ['b.txt contains exactly "beta"'], dependsOn: [] });
    expect(tasks[0]!.details).toContain('b.txt says "bet"');
  });

  it('names the requirements it closes: a requirement item its own id, an acceptance item those of its task', () => {
    const missing = (id: string): ReviewedItem => ({ id, text: `${id} text`, verdict: 'missing', evidence: [] });
    const planTasks = [
      { id: 'T1', status: 'done' as const, requirements: ['R1', 'R2'] },
      { id: 'T2', status: 'done' as const },
    ];
    const tasks = followUpTasks({
      round: 1,
      items: [missing('T1/1'), missing('R5'), missing('T2/1'), missing('T1/2')],
      followUps: [{ title: 'Fix alpha and R5', details: '', acceptance: ['x'], covers: ['T1/1', 'R5', 'not an id!'], dependsOn: [] }],
      existingIds: ['T1', 'T2'],
      planTasks,
    });
    expect(tasks.map((task) => [task.id, task.requirements])).toEqual([
      ['T3', ['R1', 'R2', 'R5']],
      ['T4', undefined],
      ['T5', ['R1', 'R2']],
    ]);
  });

  it('renders into TODO.md and parses back with its Source field', () => {
    const doc = parseTodo('# Plan: Letters\n\n- [x] T1: Write alpha\n  - Depends on: none\n');
    const [task] = followUpTasks({ round: 1, items: [{ id: 'R2', text: 'beta', verdict: 'missing', evidence: [] }], followUps: [], existingIds: ['T1'] });
    const text = renderTodo({ ...doc, tasks: [...doc.tasks, task!] });
    expect(text).toContain('- [ ] T2: Meet R2: beta\n');
    expect(text).toContain('  - Depends on: none\n  - Requirements: R2\n  - Source: converge round 1\n');
    expect(parseTodo(text).tasks[1]!.extra).toEqual([{ name: 'Source', value: 'converge round 1' }]);
  });
});

describe('inScope', () => {
  it('leaves out the criteria of tasks marked [-] (skipped, or dropped by plan --update), so converge never brings them back', () => {
    const gap = (id: string): ReviewedItem => ({ id, text: id, verdict: 'missing', evidence: [] });
    const planTasks = [
      { id: 'T1', status: 'done' as const },
      { id: 'T2', status: 'skipped' as const },
      { id: 'T12', status: 'pending' as const },
    ];
    const items = inScope([gap('R1'), gap('T1/1'), gap('T2/1'), gap('T2/2'), gap('T12/1')], planTasks);
    expect(items.map((item) => item.id)).toEqual(['R1', 'T1/1', 'T12/1']);
    expect(followUpTasks({ round: 1, items: inScope([gap('T2/1')], planTasks), followUps: [], existingIds: ['T1', 'T2', 'T12'], planTasks })).toEqual([]);
  });
});

describe('ConvergeReplySchema', () => {
  it('accepts a reply with evidence and refuses an unknown verdict', () => {
    const item = { id: 'R1', kind: 'requirement', text: 'alpha', verdict: 'met', evidence: [{ commit: 'abc1234', file: 'a.txt', line: 1, test: 'grep' }], tasks: ['T1'] };
    expect(ConvergeReplySchema.safeParse({ items: [item], followUps: [], summary: 'ok' }).success).toBe(true);
    expect(ConvergeReplySchema.safeParse({ items: [{ ...item, verdict: 'done' }], followUps: [], summary: 'ok' }).success).toBe(false);
  });
});
