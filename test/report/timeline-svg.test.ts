import { describe, expect, it } from 'vitest';
import { readJournal } from '../../cli/journal/read-journal.js';
import { buildReportModel } from '../../cli/report/report-model.js';
import { renderTimelineSvg } from '../../cli/report/timeline-svg.js';
import { axisTicks, tickLabel } from '../../cli/report/timeline-axis.js';
import { createSampleRun } from '../support/sample-journal.js';

describe('renderTimelineSvg', () => {
  it('draws one bar per task with a segment per phase and attempt, boundaries, an axis and a legend', async () => {
    const sample = await createSampleRun();
    const svg = renderTimelineSvg(buildReportModel({ journal: await readJournal(sample.journalDir) }));
    expect(svg.match(/<g class="task-bar"/g)).toHaveLength(3);
    expect(svg.match(/class="seg seg-implement"/g)).toHaveLength(5);
    expect(svg.match(/class="seg seg-test"/g)).toHaveLength(5);
    expect(svg.match(/class="seg seg-review"/g)).toHaveLength(4);
    expect(svg.match(/class="attempt-boundary"/g)).toHaveLength(2);
    expect(svg).toContain('<title>T2 attempt 1 · tests failed · 5s</title>');
    expect(svg).toContain('<title>T2 attempt 2 · review, 1/2 approved · 6s</title>');
    expect(svg).toContain('>1m30s</text>');
    for (const label of ['implement', 'test passed', 'test failed', 'review', 'next attempt']) expect(svg).toContain(`>${label}</text>`);
    // Every drawn width is positive and the picture stays inside its viewBox.
    const widths = [...svg.matchAll(/width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(Math.min(...widths)).toBeGreaterThan(0);
    const rights = [...svg.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => Number(m[1]) + Number(m[2]));
    expect(Math.max(...rights)).toBeLessThanOrEqual(960);
  });

  it('picks round axis ticks and short labels', () => {
    expect(axisTicks(110_000)).toEqual([0, 15_000, 30_000, 45_000, 60_000, 75_000, 90_000, 105_000]);
    expect(axisTicks(3 * 3_600_000).length).toBeLessThanOrEqual(9);
    expect([0, 90_000, 3_600_000, 3_630_000].map(tickLabel)).toEqual(['0', '1m30s', '1h', '1h30s']);
  });
});
