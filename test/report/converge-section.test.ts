/** The report's converge section: every item of every round with its verdict and evidence, in report.md and report.html. */
import { describe, expect, it } from 'vitest';
import { buildReportModel } from '../../cli/report/report-model.js';
import { renderMarkdown } from '../../cli/report/render-markdown.js';
import { renderHtml } from '../../cli/report/render-html.js';
import { parseJournal } from '../../cli/journal/parse-journal.js';
import type { ConvergeRoundRecord } from '../../journal/records.js';

const ROUND: ConvergeRoundRecord = {
  round: 1,
  headSha: 'a'.repeat(40),
  baseSha: 'b'.repeat(40),
  reviewer: 'anthropic:claude-haiku-4-5',
  items: [
    { id: 'R1', kind: 'requirement', text: 'a.txt contains "alpha"', verdict: 'met', evidence: [{ commit: 'c0ffee123', file: 'a.txt', line: 1, test: 'grep -qx alpha a.txt' }], tasks: ['T1'] },
    { id: 'R4', kind: 'requirement', text: 'd.txt contains "delta" | exactly', verdict: 'missing', evidence: [{ note: 'no d.txt on the branch' }], tasks: [] },
  ],
  followUps: ['T4'],
  summary: 'R4 is missing.',
  followUpTasks: [],
  testsPassed: true,
  startedAt: 1,
  finishedAt: 2,
  modelId: 'claude-haiku-4-5',
  usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 0 },
  costUsd: 0.001,
};

describe('the converge section of the report', () => {
  const journal = parseJournal({ dir: '/journal', top: {}, tasks: {}, converge: { 1: JSON.stringify(ROUND), 2: '{not json' } });

  it('reads each round from the journal, and lists an unreadable one as a problem', () => {
    expect(journal.converge?.map((round) => round.round)).toEqual([1]);
    expect(journal.problems).toEqual([expect.stringMatching(/^converge\/round-2\.json: /)]);
  });

  it('shows each item with its verdict, evidence and tasks in report.md', () => {
    const markdown = renderMarkdown(buildReportModel({ journal }));
    expect(markdown).toContain('## Converge review\n\n### Round 1 · anthropic:claude-haiku-4-5 · aaaaaaaa against bbbbbbbb · tests passed · $0.0010\n\nR4 is missing.\n');
    expect(markdown).toContain('| R1: a.txt contains "alpha" | met | `c0ffee12` `a.txt:1` test grep -qx alpha a.txt | T1 |');
    expect(markdown).toContain('| R4: d.txt contains "delta" \\| exactly | missing | no d.txt on the branch | — |');
    expect(markdown).toContain('Follow-up tasks: T4');
  });

  it('counts the review in the run\'s totals', () => {
    expect(buildReportModel({ journal }).totals.spend).toMatchObject({ inputTokens: 10, outputTokens: 5, costUsd: 0.001 });
  });

  it('shows the same in report.html, marked by verdict', () => {
    const html = renderHtml(buildReportModel({ journal }), '<svg></svg>');
    expect(html).toContain('<h2>Converge review</h2>');
    expect(html).toMatch(/<tr class="converge-missing"><td>R4: d\.txt contains &quot;delta&quot; \| exactly<\/td><td>missing<\/td>/);
  });
});
