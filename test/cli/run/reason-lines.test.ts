/** Reasons end with what to do about them, so no view may stop before their end. */
import { describe, expect, it } from 'vitest';
import { fullReasonLines, reasonCell, rowReasons, wrap } from '../../../cli/run/reason-lines.js';
import { statusTable } from '../../../cli/run/status-table.js';
import { ZERO_SPEND, type TaskStatusRow } from '../../../contracts/run.js';

const OUTAGE = 'Could not connect to ollama at http://localhost:11434/api/chat (connection refused): start it with `ollama serve`, or set OLLAMA_HOST.';

const row = (id: string, state: TaskStatusRow['state'], reason?: string): TaskStatusRow => ({ id, title: `Task ${id}`, state, attempts: 1, spend: ZERO_SPEND, ...(reason ? { reason } : {}) });

describe('reasons in task tables', () => {
  it('a short reason fills the cell as is; a long one says its full text follows', () => {
    expect(reasonCell('tests failed: npm test exit 1')).toBe('tests failed: npm test exit 1');
    const cell = reasonCell(OUTAGE);
    expect(cell.length).toBeLessThanOrEqual(48);
    expect(cell).toMatch(/^Could not connect to ollama at .*… \(below\)$/);
  });

  it('the full reason follows, wrapped to the terminal, with the fix at its end intact', () => {
    const lines = fullReasonLines(rowReasons([row('T1', 'committed'), row('T2', 'failed', OUTAGE), row('T3', 'failed', 'exit 1')]), 60);
    expect(lines.every((line) => line.length <= 60)).toBe(true);
    expect(lines[0]).toMatch(/^T2 failed: Could not connect/);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toBe(`T2 failed: ${OUTAGE}`);
    expect(lines.join('\n')).not.toContain('T3'); // fitted in its cell: nothing to repeat
  });

  it('in a pipe (no terminal width) each reason stays on one line, for logs and grep', () => {
    expect(fullReasonLines(rowReasons([row('T2', 'failed', OUTAGE)]), undefined)).toEqual([`T2 failed: ${OUTAGE}`]);
  });

  it('a word longer than the line (a URL, a path) is kept whole rather than cut', () => {
    const url = `http://${'x'.repeat(70)}.example/`;
    expect(wrap(`see ${url} now`, 40, '  ')).toEqual(['see', `  ${url}`, '  now']);
  });

  it("tandem status prints a failed task's whole reason under the table, and a pause's", () => {
    const status = {
      runId: 'tandem/run/app@abc/TODO.md',
      state: 'paused' as const,
      tasks: [row('T1', 'failed', OUTAGE), row('T2', 'running'), row('T3', 'pending')],
      spend: ZERO_SPEND,
      budget: {},
      pausedReason: `run budget reached: $5.0200 of $5; ${'raise it to go on '.repeat(4)}with tandem resume --add-budget`,
    };
    const progress = { taskId: 'T2', state: 'running' as const, attempt: 2, step: 'implement · step 12 · edit_file src/a/very/deep/path/to/some/file.ts', spend: ZERO_SPEND };
    const text = statusTable({ status, progress, at: 0 }, 80);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(`T1 failed: ${OUTAGE}`);
    expect(flat).toContain(`paused: ${status.pausedReason}`);
    expect(text).toContain('continue with: tandem resume --add-budget <usd>');
    expect(text).toContain('implement · step 12 · edit_file src/a/very/deep…'); // a step is progress, not advice: clipped
    expect(text.split('\n').filter((line) => !line.includes('│') && !line.includes('─') && !/^[┌└├]/.test(line)).every((line) => line.length <= 80)).toBe(true);
    // A pause of the running task that is the run's pause is said once.
    const same = statusTable({ status, progress: { ...progress, pausedReason: status.pausedReason }, at: 0 }, undefined);
    expect(same.split(status.pausedReason)).toHaveLength(2);
    expect(same).toContain(`\npaused: ${status.pausedReason}\n`);
  });
});
