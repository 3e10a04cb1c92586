import { describe, expect, it } from 'vitest';
import { readJournal } from '../../cli/journal/read-journal.js';
import { buildReportModel } from '../../cli/report/report-model.js';
import { MIN_SEGMENT_W, PHASE_COLOURS, renderTimelineSvg } from '../../cli/report/timeline-svg.js';
import { parseTodo } from '../../plan/index.js';
import { axisTicks, tickLabel } from '../../cli/report/timeline-axis.js';
import { createSampleRun, TODO } from '../support/sample-journal.js';

describe('renderTimelineSvg', () => {
  it('draws one bar per task with a segment per phase and attempt, boundaries, an axis and a legend', async () => {
    const sample = await createSampleRun();
    const svg = renderTimelineSvg(buildReportModel({ journal: await readJournal(sample.journalDir) }));
    expect(svg.match(/<g class="task-bar"/g)).toHaveLength(3);
    expect(svg.match(/class="seg seg-implement"/g)).toHaveLength(5);
    expect(svg.match(/class="seg seg-test /g)).toHaveLength(5);
    expect(svg.match(/class="seg seg-review /g)).toHaveLength(4);
    expect(svg.match(/class="attempt-boundary"/g)).toHaveLength(2);
    expect(svg).toContain('<title>T2 attempt 1 · tests failed · 5s</title>');
    expect(svg).toContain('<title>T2 attempt 2 · review: changes requested by openai:gpt-5 · 6s</title>');
    expect(svg).toContain('<title>T1 attempt 1 · review: approved by anthropic:claude-sonnet-5-5, openai:gpt-5 · 6s</title>');
    expect(svg).toContain('>1m30s</text>');
    for (const label of ['baseline tests', 'implement', 'tests passed', 'tests failed', 'review: approved', 'review: changes requested', 'next attempt']) expect(svg).toContain(`>${label}</text>`);
    // Every drawn width is positive and the picture stays inside its viewBox.
    const widths = [...svg.matchAll(/width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(Math.min(...widths)).toBeGreaterThan(0);
    const rights = [...svg.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => Number(m[1]) + Number(m[2]));
    expect(Math.max(...rights)).toBeLessThanOrEqual(960);
  });

  it('labels the baseline, colours tests by outcome and reviews by verdict, and draws code spans as code', async () => {
    const sample = await createSampleRun();
    const svg = renderTimelineSvg(buildReportModel({ journal: await readJournal(sample.journalDir), planTasks: parseTodo(TODO).tasks }));
    expect(svg).toMatch(/<g class="baseline-row" data-passed="true">.*>baseline: <tspan font-family="ui-monospace[^"]*"[^>]*>npm test<\/tspan><\/text>.*✓ passed/);
    expect(svg).toContain('<title>baseline tests passed · npm test · 2s</title>');
    const fills = (cls: string) => new Set([...svg.matchAll(new RegExp(`fill="(#[0-9a-f]{6})" class="${cls}"`, 'g'))].map((m) => m[1]));
    expect(fills('seg seg-test seg-test-passed')).toEqual(new Set([PHASE_COLOURS.testPassed]));
    expect(fills('seg seg-test seg-test-failed')).toEqual(new Set([PHASE_COLOURS.testFailed]));
    expect(fills('seg seg-review seg-review-approve')).toEqual(new Set([PHASE_COLOURS.reviewApproved]));
    expect(fills('seg seg-review seg-review-changes')).toEqual(new Set([PHASE_COLOURS.reviewChanges]));
    expect(PHASE_COLOURS.testPassed).toMatch(/^#1[0-9a-f]a[0-9a-f]{3}$/); // a green, not the amber it was
    // T2 attempt 2 (one reviewer asked for changes) and both of T3's attempts.
    expect(svg.match(/class="seg seg-review seg-review-changes"/g)).toHaveLength(3);
    expect(svg).toContain('>T4 Benchmark <tspan');
    expect(svg).not.toContain('`');
  });

  it('gives a review of a second in a long run a visible width, on top of the next attempt', async () => {
    const sample = await createSampleRun();
    const model = buildReportModel({ journal: await readJournal(sample.journalDir) });
    model.span = { ...model.span!, finishedAt: model.span!.startedAt + 6 * 3_600_000 }; // the same run, drawn as six hours
    const svg = renderTimelineSvg(model);
    const reviews = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"[^>]*class="seg seg-review/g)].map((m) => Number(m[1]));
    expect(reviews).toHaveLength(4);
    expect(Math.min(...reviews)).toBeGreaterThanOrEqual(MIN_SEGMENT_W.review);
    // Within each bar, reviews come after every implement and test segment, so nothing covers them.
    for (const bar of svg.match(/<g class="task-bar"[^]*?<\/g>/g)!) {
      const order = [...bar.matchAll(/class="seg seg-(\w+)/g)].map((m) => m[1]);
      expect(order.slice(order.indexOf('review'))).toEqual(order.filter((phase) => phase === 'review'));
    }
  });

  it('picks round axis ticks and short labels', () => {
    expect(axisTicks(110_000)).toEqual([0, 15_000, 30_000, 45_000, 60_000, 75_000, 90_000, 105_000]);
    expect(axisTicks(3 * 3_600_000).length).toBeLessThanOrEqual(9);
    expect([0, 90_000, 3_600_000, 3_630_000].map(tickLabel)).toEqual(['0', '1m30s', '1h', '1h30s']);
  });
});
