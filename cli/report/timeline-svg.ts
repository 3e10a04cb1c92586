/**
 * The run as a picture: a row for the baseline tests, then one bar per task
 * with a segment per phase (implement, test, review) of each attempt, attempt
 * boundaries, a time axis and a legend. A review that requested changes looks
 * unlike one that approved, and no phase is ever too thin to see or point at. Pure and self-contained (attributes only, no CSS or
 * fonts to fetch), so the same SVG works inline in report.html and as
 * timeline.svg next to report.md.
 */
import type { AttemptEntry, Span } from '../journal/journal-model.js';
import { escapeXml } from './escape.js';
import { svgInline } from './inline-code.js';
import type { ReportBaseline, ReportModel, ReportTask } from './report-model.js';
import { axisTicks, tickLabel } from './timeline-axis.js';
import { legend, LEGEND_LINE_H, PHASE_COLOURS } from './timeline-legend.js';
import { f, FONT, rect, text } from './svg-parts.js';
import { INTEGRATION_COLOURS, integrationSegments, laneRows, LANE_ROW_H, LANES_GAP, laneTag } from './timeline-lanes.js';

export { PHASE_COLOURS } from './timeline-legend.js';

const STATE_COLOURS: Record<ReportTask['state'], string> = { committed: '#15803d', failed: '#b91c1c', skipped: '#6b7280', 'in progress': '#b45309', 'not run': '#6b7280' };
const STATE_MARKS: Record<ReportTask['state'], string> = { committed: '✓', failed: '✗', skipped: '–', 'in progress': '…', 'not run': '·' };

const WIDTH = 960;
const LABEL_W = 230;
/** Room for the longest state text, `✓ committed · 3 tries`, at 12px. */
const STATUS_W = 160;
const PLOT_X = LABEL_W;
const PLOT_W = WIDTH - LABEL_W - STATUS_W - 16;
const TOP = 12;
const ROW_H = 34;
const BAR_Y = 13;
const BAR_H = 14;
/** Narrowest drawn phase: a review of a second in an hour-long run must still be seen and hovered. */
export const MIN_SEGMENT_W = { phase: 3, review: 8 };

type X = (ms: number) => number;

/** The timeline as an SVG document string; a run with no timed records gets a one-line placeholder picture. */
export function renderTimelineSvg(model: ReportModel): string {
  const span = model.span;
  if (!span) return svg(WIDTH, 80, [`<rect x="0" y="0" width="${WIDTH}" height="80" fill="#ffffff"/>`, text(WIDTH / 2, 40, 'No timed steps journaled yet.', 'middle', '#6b7280')]);
  const rows = (model.baseline ? 1 : 0) + model.tasks.length;
  // With lanes, a row per lane comes first: which tasks ran at the same time, and where.
  const lanes = model.lanes && model.lanes.count > 0 ? model.lanes : undefined;
  const rowsTop = TOP + (lanes ? lanes.count * LANE_ROW_H + LANES_GAP : 0);
  const rowsBottom = rowsTop + rows * ROW_H;
  const legendParts = legend(8, WIDTH - 8, rowsBottom + 36, { rect: (x, y, w, h, fill, extra) => rect(x, y, w, h, fill, undefined, undefined, extra), text: (x, y, content, fill, size) => text(x, y, content, 'start', fill, size) }, lanes ? LANE_LEGEND : []);
  const height = rowsBottom + 44 + legendParts.lines * LEGEND_LINE_H;
  const parts: string[] = [`<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>`];
  const duration = Math.max(1000, span.finishedAt - span.startedAt);
  const x: X = (ms) => PLOT_X + (Math.min(Math.max(ms, span.startedAt), span.startedAt + duration) - span.startedAt) / duration * PLOT_W;

  for (const tick of axisTicks(duration)) {
    const tx = x(span.startedAt + tick);
    parts.push(`<line x1="${f(tx)}" y1="${TOP}" x2="${f(tx)}" y2="${rowsBottom + 4}" stroke="#e5e7eb" stroke-width="1"/>`);
    parts.push(text(tx, rowsBottom + 18, tickLabel(tick), 'middle', '#4b5563', 11));
  }
  parts.push(text(8, rowsBottom + 18, 'time since run start →', 'start', '#6b7280', 11));
  if (lanes) parts.push(laneRows(model, lanes, TOP, { x, width: WIDTH, statusX: WIDTH - STATUS_W + 12 }));
  let row = 0;
  if (model.baseline) parts.push(baselineRow(model.baseline, rowsTop + row++ * ROW_H, x));
  for (const task of model.tasks) parts.push(taskRow(task, rowsTop + row++ * ROW_H, x));
  parts.push(legendParts.svg);
  return svg(WIDTH, height, parts);
}

function rowBackground(y: number): string {
  return `<rect x="0" y="${y}" width="${WIDTH}" height="${ROW_H}" fill="${Math.round((y - TOP) / ROW_H) % 2 ? '#f9fafb' : '#ffffff'}" fill-opacity="0.6"/>`;
}

const LANE_LEGEND = [
  { label: 'waiting to integrate', fill: INTEGRATION_COLOURS.wait },
  { label: 're-test on the combined tree', fill: INTEGRATION_COLOURS.retestPassed },
  { label: 'sent back by integration', fill: INTEGRATION_COLOURS.sentBack, extra: `stroke="${INTEGRATION_COLOURS.sentBackOutline}" stroke-width="1.5"` },
];

/** The tests on the base commit before any task: labelled, so the time before the first task is not a mystery. */
function baselineRow(baseline: ReportBaseline, y: number, x: X): string {
  const verdict = baseline.passed ? '✓ passed' : '✗ failed';
  const parts = [
    rowBackground(y),
    `<text x="8" y="${y + BAR_Y + 11}" text-anchor="start" fill="#111827" font-size="12.5" ${FONT}>baseline: ${svgInline(`\`${baseline.command}\``, 26)}</text>`,
    text(WIDTH - STATUS_W + 12, y + BAR_Y + 11, `${verdict}`, 'start', baseline.passed ? STATE_COLOURS.committed : STATE_COLOURS.failed, 12),
    rect(x(baseline.span.startedAt), y + BAR_Y, width(x, baseline.span, MIN_SEGMENT_W.phase), BAR_H, baseline.passed ? PHASE_COLOURS.baseline : PHASE_COLOURS.testFailed, 'seg seg-baseline', `baseline tests ${baseline.passed ? 'passed' : 'failed'} · ${baseline.command} · ${duration(baseline.span)}`),
  ];
  return `<g class="baseline-row" data-passed="${baseline.passed}">${parts.join('')}</g>`;
}

function taskRow(task: ReportTask, y: number, x: X): string {
  const parts = [
    rowBackground(y),
    ...(task.lane ? [laneTag(task.lane, y + BAR_Y + 11)] : []),
    `<text x="${task.lane ? 34 : 8}" y="${y + BAR_Y + 11}" text-anchor="start" fill="#111827" font-size="12.5" ${FONT}>${svgInline(`${task.id}${task.title ? ` ${task.title}` : ''}`, task.lane ? 26 : 30)}</text>`,
    text(WIDTH - STATUS_W + 12, y + BAR_Y + 11, `${STATE_MARKS[task.state]} ${task.state}${task.attempts.length > 1 ? ` · ${task.attempts.length} tries` : ''}`, 'start', STATE_COLOURS[task.state], 12),
  ];
  const bar: string[] = [];
  if (task.span) {
    // The thin track spans the whole task, so time outside the phases (commit, roll back, waiting) shows as a gap.
    bar.push(rect(x(task.span.startedAt), y + BAR_Y + BAR_H / 2 - 2, width(x, task.span, 2), 4, PHASE_COLOURS.idle, 'track', `${task.id}: ${tickLabel(task.span.finishedAt - task.span.startedAt) || '0s'}`));
  }
  for (const attempt of task.attempts) bar.push(...workSegments(task.id, attempt, y, x));
  bar.push(...integrationSegments(task, y + BAR_Y, BAR_H, x));
  // Reviews last, on top: a widened sliver must not vanish under the next attempt's first phase.
  for (const attempt of task.attempts) bar.push(...reviewSegment(task.id, attempt, y, x));
  parts.push(`<g class="task-bar" data-task="${escapeXml(task.id)}">${bar.join('')}</g>`);
  return `<g class="task-row" data-task="${escapeXml(task.id)}" data-state="${task.state}"${task.lane ? ` data-lane="${task.lane}"` : ''}>${parts.join('')}</g>`;
}

const tip = (taskId: string, attempt: AttemptEntry, phase: string, span: Span) => `${taskId} attempt ${attempt.attempt} · ${phase} · ${duration(span)}`;

function workSegments(taskId: string, attempt: AttemptEntry, y: number, x: X): string[] {
  const out: string[] = [];
  const { implement, test } = attempt.phases;
  if (implement) out.push(rect(x(implement.startedAt), y + BAR_Y, width(x, implement, MIN_SEGMENT_W.phase), BAR_H, PHASE_COLOURS.implement, 'seg seg-implement', tip(taskId, attempt, `implement, ${attempt.steps.length} steps`, implement)));
  if (test) {
    const passed = attempt.checks?.passed ?? false;
    out.push(rect(x(test.startedAt), y + BAR_Y, width(x, test, MIN_SEGMENT_W.phase), BAR_H, passed ? PHASE_COLOURS.testPassed : PHASE_COLOURS.testFailed, `seg seg-test seg-test-${passed ? 'passed' : 'failed'}`, tip(taskId, attempt, passed ? 'tests passed' : 'tests failed', test)));
  }
  const start = attempt.span?.startedAt;
  if (attempt.attempt > 1 && start !== undefined) {
    const bx = x(start);
    out.push(`<line class="attempt-boundary" x1="${f(bx)}" y1="${y + BAR_Y - 5}" x2="${f(bx)}" y2="${y + BAR_Y + BAR_H + 3}" stroke="${PHASE_COLOURS.boundary}" stroke-width="1.5"/>`);
    out.push(text(bx + 2, y + BAR_Y - 2, `#${attempt.attempt}`, 'start', PHASE_COLOURS.boundary, 9));
  }
  return out;
}

function reviewSegment(taskId: string, attempt: AttemptEntry, y: number, x: X): string[] {
  const review = attempt.phases.review;
  if (!review) return [];
  const changes = attempt.reviews.filter((r) => r.verdict !== 'approve');
  const verdict = changes.length ? 'changes' : 'approve';
  const label = changes.length ? `changes requested by ${changes.map((r) => r.reviewer).join(', ')}` : `approved by ${attempt.reviews.map((r) => r.reviewer).join(', ') || 'no reviewer'}`;
  const w = width(x, review, MIN_SEGMENT_W.review);
  // Widened slivers are centred on when the review happened, not pushed past it.
  const rx = Math.min(Math.max(PLOT_X, x(review.startedAt) - Math.max(0, w - (x(review.finishedAt) - x(review.startedAt))) / 2), PLOT_X + PLOT_W - w);
  const fill = changes.length ? PHASE_COLOURS.reviewChanges : PHASE_COLOURS.reviewApproved;
  const outline = changes.length ? `stroke="${PHASE_COLOURS.reviewChangesOutline}" stroke-width="1.5" data-verdict="${verdict}"` : `data-verdict="${verdict}"`;
  return [rect(rx, y + BAR_Y, w, BAR_H, fill, `seg seg-review seg-review-${verdict}`, tip(taskId, attempt, `review: ${label}`, review), outline)];
}

const duration = (span: Span) => tickLabel(span.finishedAt - span.startedAt) || '<1s';

/** The drawn width: at least `min` pixels, so even a phase of a few milliseconds in an hour-long run shows. */
function width(x: X, span: Span, min: number): number {
  return Math.max(min, x(span.finishedAt) - x(span.startedAt));
}

function svg(w: number, h: number, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="Timeline: the lanes when tasks ran side by side, the baseline tests, then one bar per task, with implement, test and review segments per attempt">\n${parts.join('\n')}\n</svg>\n`;
}

