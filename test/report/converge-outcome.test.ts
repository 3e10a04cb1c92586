/**
 * The converge outcome in one line, at the top of the report: met with the
 * round and reviewer, what is still missing, or skipped with the reason the
 * run journaled, which no round file holds (a skip often comes before any round).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { journalConvergeOutcome } from '../../activities/converge-outcome.js';
import type { ConvergeProgress } from '../../contracts/converge.js';
import type { RunLocation } from '../../contracts/run.js';
import { parseJournal } from '../../cli/journal/parse-journal.js';
import { readJournal } from '../../cli/journal/read-journal.js';
import { convergeOutcomeLine } from '../../cli/report/converge-outcome.js';
import { renderHtml } from '../../cli/report/render-html.js';
import { renderMarkdown } from '../../cli/report/render-markdown.js';
import { buildReportModel } from '../../cli/report/report-model.js';
import type { ConvergeRoundRecord } from '../../journal/records.js';

function round(n: number, verdicts: Record<string, 'met' | 'partial' | 'missing'>): ConvergeRoundRecord {
  return {
    round: n,
    headSha: 'a'.repeat(40),
    baseSha: 'b'.repeat(40),
    reviewer: 'openai:gpt-5',
    items: Object.entries(verdicts).map(([id, verdict]) => ({ id, kind: 'requirement', text: `${id} text`, verdict, evidence: [], tasks: [] })),
    followUps: [],
    summary: '',
    followUpTasks: [],
    startedAt: 1,
    finishedAt: 2,
    modelId: 'gpt-5',
    usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0 },
    costUsd: 0,
  };
}

const progress = (state: ConvergeProgress['state'], more: Partial<ConvergeProgress> = {}): ConvergeProgress => ({ round: 2, rounds: 2, state, missing: [], followUps: [], ...more });
const NO_DESIGN = 'the plan names no design document (no `> Source:` line), so there is nothing to review the branch against';

describe('the converge outcome line', () => {
  it('says every requirement is met, with the round and the reviewer', () => {
    expect(convergeOutcomeLine(progress('met'), [round(1, { R4: 'missing' }), round(2, { R1: 'met', R4: 'met' })])).toBe('every requirement met (round 2 by openai:gpt-5)');
  });

  it('names what is still missing or partial after the last allowed round', () => {
    const outcome = progress('missing', { missing: ['R4 (missing): d.txt contains "delta"', 'T2/1 (partial): the separator is applied'] });
    expect(convergeOutcomeLine(outcome, [round(1, {}), round(2, { R4: 'missing', 'T2/1': 'partial' })])).toBe('still missing R4, T2/1 (partial) (round 2 by openai:gpt-5)');
  });

  it('gives the reason of a skip, and says no review ran when none did', () => {
    expect(convergeOutcomeLine(progress('skipped', { round: 0, reason: NO_DESIGN }), [])).toBe(`skipped — ${NO_DESIGN}; no converge review ran`);
  });

  it('gives the reason of a skip after a round, with what that round found', () => {
    const outcome = progress('skipped', { round: 1, reason: 'some tasks failed or were blocked' });
    expect(convergeOutcomeLine(outcome, [round(1, { R1: 'met', R4: 'missing' })])).toBe('skipped — some tasks failed or were blocked; before that, still missing R4 (round 1 by openai:gpt-5)');
  });

  it('without a journaled outcome (a run in progress, an older run), says what the last round found, or not run', () => {
    expect(convergeOutcomeLine(undefined, [round(1, { R1: 'met', R4: 'missing' })])).toBe('still missing R4 (round 1 by openai:gpt-5)');
    expect(convergeOutcomeLine(undefined, [round(1, { R1: 'met' })])).toBe('every requirement met (round 1 by openai:gpt-5)');
    expect(convergeOutcomeLine(undefined, [])).toBe('not run');
  });
});

describe('the report header', () => {
  it('has the outcome the run journaled, in report.md and report.html', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-converge-outcome-'));
    // Written by the activity the run calls once it is past converge, read back as `tandem report` reads it.
    await journalConvergeOutcome({ location: { journalDir: dir } as RunLocation, converge: progress('skipped', { round: 0, reason: NO_DESIGN }) });
    const journal = await readJournal(dir);
    expect(journal.convergeOutcome).toMatchObject({ state: 'skipped', reason: NO_DESIGN });

    const model = buildReportModel({ journal });
    expect(renderMarkdown(model)).toContain(`| **Converge** | skipped — ${NO_DESIGN}; no converge review ran |`);
    expect(renderHtml(model, '<svg></svg>')).toMatch(/<dt>Converge<\/dt><dd>skipped — the plan names no design document/);
  });

  it('says not run for a journal with no converge at all', () => {
    const markdown = renderMarkdown(buildReportModel({ journal: parseJournal({ dir: '/journal', top: {}, tasks: {} }) }));
    expect(markdown).toContain('| **Converge** | not run |');
  });

  it('names an unreadable outcome file as a problem, and falls back to the rounds', () => {
    const journal = parseJournal({ dir: '/journal', top: { 'converge-outcome.json': '{cut short' }, tasks: {}, converge: { 1: JSON.stringify(round(1, { R1: 'met' })) } });
    expect(journal.problems).toEqual([expect.stringMatching(/^converge-outcome\.json: /)]);
    expect(buildReportModel({ journal }).convergeLine).toBe('every requirement met (round 1 by openai:gpt-5)');
  });
});
