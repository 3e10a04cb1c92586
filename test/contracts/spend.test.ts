import { describe, expect, it } from 'vitest';
import { addSpend, ZERO_SPEND } from '../../contracts/run.js';
import { spendOf } from '../../contracts/spend.js';
import { formatSpendShort } from '../../cli/run/format.js';
import { taskRow, totalsRows } from '../../cli/report/report-facts.js';
import type { ReportModel, ReportTask } from '../../cli/report/report-model.js';

const reported = spendOf({ inputTokens: 1000, outputTokens: 100, cachedInputTokens: 0 }, 0.01);
const estimated = spendOf({ inputTokens: 2000, outputTokens: 200, cachedInputTokens: 0, estimated: true }, 0.02);

describe('an estimated spend', () => {
  it('stays estimated through sums, and a reported one never gains the flag', () => {
    expect(addSpend(addSpend(ZERO_SPEND, reported), estimated)).toEqual({ inputTokens: 3000, outputTokens: 300, cachedInputTokens: 0, costUsd: 0.03, estimated: true });
    expect(addSpend(reported, reported)).not.toHaveProperty('estimated');
    // A spend recorded before the flag existed (stored histories, journals) adds like a reported one.
    expect(addSpend({ inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, costUsd: 0 }, reported)).not.toHaveProperty('estimated');
  });

  it('is shown with ~ in status and in the report', () => {
    expect(formatSpendShort(reported)).toBe('1.1k tok · $0.0100');
    expect(formatSpendShort(addSpend(reported, estimated))).toBe('~3.3k tok · ~$0.0300');
    const task: ReportTask = { id: 'T1', state: 'committed', attempts: [{} as never], spend: estimated };
    expect(taskRow(task)[5]).toBe('~$0.0200');
    const model = { journalDir: '', tasks: [task], totals: { committed: 1, failed: 0, skipped: 0, 'in progress': 0, 'not run': 0, spend: estimated } } as unknown as ReportModel;
    expect(Object.fromEntries(totalsRows(model)).Cost).toMatch(/^~\$0\.0200 \(est\.: /);
  });
});
