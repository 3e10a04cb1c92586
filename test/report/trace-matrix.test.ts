import { describe, expect, it } from 'vitest';
import type { ConvergeItem, ConvergeRound } from '../../contracts/converge.js';
import { buildTraceMatrix, traceMatrixMarkdown, type TraceTask } from '../../cli/report/trace-matrix.js';

const TASKS: TraceTask[] = [
  { id: 'T1', title: 'Parse input', requirements: ['R1'], sha: 'a'.repeat(40), test: 'passed: `npm test`' },
  { id: 'T2', title: 'Render | output', requirements: ['R1', 'R2'], sha: 'b'.repeat(40), test: 'passed: `npm test`' },
  { id: 'T3', title: 'Docs', requirements: [] },
];

function requirement(id: string, verdict: ConvergeItem['verdict'], extra: Partial<ConvergeItem> = {}): ConvergeItem {
  return { id, kind: 'requirement', text: `requirement ${id}`, verdict, evidence: [], tasks: [], ...extra };
}

function round(n: number, items: ConvergeItem[]): ConvergeRound {
  return { round: n, headSha: `${n}`.repeat(40), baseSha: '0'.repeat(40), reviewer: 'anthropic:claude-opus-5', items, followUps: [], summary: '' };
}

describe('buildTraceMatrix', () => {
  it('without a converge round: one row per requirement and task, in plan order, all "not reviewed"', () => {
    const matrix = buildTraceMatrix({ tasks: TASKS });
    expect(matrix.round).toBeUndefined();
    expect(matrix.rows.map((row) => [row.requirement, row.task, row.commit?.[0], row.test, row.verdict])).toEqual([
      ['R1', 'T1', 'a', 'passed: `npm test`', 'not reviewed'],
      ['R1', 'T2', 'b', 'passed: `npm test`', 'not reviewed'],
      ['R2', 'T2', 'b', 'passed: `npm test`', 'not reviewed'],
    ]);
  });

  it('the latest round gives the verdicts, the design order, and requirements no task names', () => {
    const rounds = [
      round(2, [
        requirement('R0', 'met', { evidence: [{ file: 'README.md' }, { commit: 'c'.repeat(40) }] }),
        requirement('R2', 'partial'),
        requirement('R1', 'met'),
        requirement('R4', 'missing'),
        { ...requirement('T1/1', 'met'), kind: 'acceptance' },
      ]),
      round(1, [requirement('R1', 'missing'), requirement('R2', 'missing')]),
    ];
    const matrix = buildTraceMatrix({ tasks: TASKS, rounds });
    expect(matrix.round).toEqual({ round: 2, reviewer: 'anthropic:claude-opus-5', headSha: '2'.repeat(40) });
    expect(matrix.rows.map((row) => [row.requirement, row.task ?? '—', row.commit?.[0] ?? '—', row.verdict])).toEqual([
      ['R0', '—', 'c', 'met'],
      ['R2', 'T2', 'b', 'partial'],
      ['R1', 'T1', 'a', 'met'],
      ['R1', 'T2', 'b', 'met'],
      ['R4', '—', '—', 'missing'],
    ]);
    expect(matrix.rows[0]!.text).toBe('requirement R0');
  });

  it('credits a task the reviewer names even when the plan does not link it (a converge follow-up)', () => {
    const tasks = [...TASKS, { id: 'T4', title: 'Follow-up', requirements: [], sha: 'd'.repeat(40), test: 'passed: `npm test`' }];
    const matrix = buildTraceMatrix({ tasks, rounds: [round(1, [requirement('R4', 'met', { tasks: ['T4'] })])] });
    expect(matrix.rows.find((row) => row.requirement === 'R4')).toMatchObject({ task: 'T4', taskTitle: 'Follow-up', commit: 'd'.repeat(40), verdict: 'met' });
    // A plan-named requirement the reviewer left out is still shown, unreviewed.
    expect(matrix.rows.find((row) => row.requirement === 'R2')).toMatchObject({ task: 'T2', verdict: 'not reviewed' });
  });

  it('an uncommitted task has no commit and no test result', () => {
    const matrix = buildTraceMatrix({ tasks: [{ id: 'T9', requirements: ['R9'] }] });
    expect(matrix.rows).toEqual([{ requirement: 'R9', task: 'T9', test: '—', verdict: 'not reviewed' }]);
  });
});

describe('traceMatrixMarkdown', () => {
  it('renders a caption and a table with escaped cells and short shas', () => {
    const lines = traceMatrixMarkdown(buildTraceMatrix({ tasks: TASKS, rounds: [round(3, [requirement('R1', 'met')])] }));
    expect(lines[0]).toBe(`Verdicts from converge round 3 by anthropic:claude-opus-5 at ${'3'.repeat(10)}.`);
    expect(lines.slice(2, 4)).toEqual(['| Requirement | Task | Commit | Test | Verdict |', '|---|---|---|---|---|']);
    expect(lines).toContain(`| R1: requirement R1 | T2 · Render \\| output | ${'b'.repeat(10)} | passed: \`npm test\` | met |`);
  });

  it('says plainly when there is nothing to trace, or nothing reviewed', () => {
    expect(traceMatrixMarkdown(buildTraceMatrix({ tasks: [TASKS[2]!] }))).toEqual(['The plan names no requirements and no converge review ran.']);
    expect(traceMatrixMarkdown(buildTraceMatrix({ tasks: TASKS }))[0]).toBe('No converge review ran: verdicts are `not reviewed`.');
  });
});
