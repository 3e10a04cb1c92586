/**
 * The run as a picture: one row per task, one bar per task with a segment per
 * phase (implement, test, review) of each attempt, attempt boundaries, a time
 * axis and a legend. Pure and self-contained (attributes only, no CSS or
 * fonts to fetch), so the same SVG works inline in report.html and as
 * timeline.svg next to report.md.
 */
import type { AttemptEntry, Span } from '../journal/journal-model.js';
import { clipLine, escapeXml } from './escape.js';
import type { ReportModel, ReportTask } from './report-model.js';
import { axisTicks, tickLabel } from './timeline-axis.js';

export const PHASE_COLOURS = { implement: '#3b82f6', testPassed: '#f59e0b', testFailed: '#dc2626', review: '#8b5cf6', idle: '#d1d5db', boundary: '#111827' };
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
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

/** The timeline as an SVG document string; a run with no timed records gets a one-line placeholder picture. */
export function renderTimelineSvg(model: ReportModel): string {
  const rowsBottom = TOP + model.tasks.length * ROW_H;
  const height = rowsBottom + 74;
  const span = model.span;
  const parts: string[] = [`<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>`];
  if (!span) {
    parts.push(text(WIDTH / 2, 40, 'No timed steps journaled yet.', 'middle', '#6b7280'));
    return svg(WIDTH, 80, parts);
  }
  const duration = Math.max(1000, span.finishedAt - span.startedAt);
  const x = (ms: number) => PLOT_X + ((ms - span.startedAt) / duration) * PLOT_W;

  for (const tick of axisTicks(duration)) {
    const tx = x(span.startedAt + tick);
    parts.push(`<line x1="${f(tx)}" y1="${TOP}" x2="${f(tx)}" y2="${rowsBottom + 4}" stroke="#e5e7eb" stroke-width="1"/>`);
    parts.push(text(tx, rowsBottom + 18, tickLabel(tick), 'middle', '#4b5563', 11));
  }
  model.tasks.forEach((task, row) => parts.push(taskRow(task, TOP + row * ROW_H, x)));
  parts.push(legend(rowsBottom + 36));
  return svg(WIDTH, height, parts);
}

function taskRow(task: ReportTask, y: number, x: (ms: number) => number): string {
  const label = clipLine(`${task.id}${task.title ? ` ${task.title}` : ''}`, 30);
  const parts = [
    `<rect x="0" y="${y}" width="${WIDTH}" height="${ROW_H}" fill="${(y - TOP) / ROW_H % 2 ? '#f9fafb' : '#ffffff'}" fill-opacity="0.6"/>`,
    text(8, y + BAR_Y + 11, label, 'start', '#111827', 12.5),
    text(WIDTH - STATUS_W + 12, y + BAR_Y + 11, `${STATE_MARKS[task.state]} ${task.state}${task.attempts.length > 1 ? ` · ${task.attempts.length} tries` : ''}`, 'start', STATE_COLOURS[task.state], 12),
  ];
  const bar: string[] = [];
  if (task.span) {
    // The thin track spans the whole task, so time outside the phases (commit, roll back, waiting) shows as a gap.
    bar.push(rect(x(task.span.startedAt), y + BAR_Y + BAR_H / 2 - 2, width(x, task.span), 4, PHASE_COLOURS.idle, 'track', `${task.id}: ${tickLabel(task.span.finishedAt - task.span.startedAt) || '0s'}`));
  }
  for (const attempt of task.attempts) bar.push(...attemptSegments(task.id, attempt, y, x));
  parts.push(`<g class="task-bar" data-task="${escapeXml(task.id)}">${bar.join('')}</g>`);
  return `<g class="task-row" data-task="${escapeXml(task.id)}" data-state="${task.state}">${parts.join('')}</g>`;
}

function attemptSegments(taskId: string, attempt: AttemptEntry, y: number, x: (ms: number) => number): string[] {
  const out: string[] = [];
  const { implement, test, review } = attempt.phases;
  const tip = (phase: string, span: Span) => `${taskId} attempt ${attempt.attempt} · ${phase} · ${tickLabel(span.finishedAt - span.startedAt) || '<1s'}`;
  if (implement) out.push(rect(x(implement.startedAt), y + BAR_Y, width(x, implement), BAR_H, PHASE_COLOURS.implement, 'seg seg-implement', tip(`implement, ${attempt.steps.length} steps`, implement)));
  if (test) {
    const passed = attempt.checks?.passed ?? false;
    out.push(rect(x(test.startedAt), y + BAR_Y, width(x, test), BAR_H, passed ? PHASE_COLOURS.testPassed : PHASE_COLOURS.testFailed, 'seg seg-test', tip(passed ? 'tests passed' : 'tests failed', test)));
  }
  if (review) {
    const approvals = attempt.reviews.filter((r) => r.verdict === 'approve').length;
    out.push(rect(x(review.startedAt), y + BAR_Y, width(x, review), BAR_H, PHASE_COLOURS.review, 'seg seg-review', tip(`review, ${approvals}/${attempt.reviews.length} approved`, review)));
  }
  const start = attempt.span?.startedAt;
  if (attempt.attempt > 1 && start !== undefined) {
    const bx = x(start);
    out.push(`<line class="attempt-boundary" x1="${f(bx)}" y1="${y + BAR_Y - 5}" x2="${f(bx)}" y2="${y + BAR_Y + BAR_H + 3}" stroke="${PHASE_COLOURS.boundary}" stroke-width="1.5"/>`);
    out.push(text(bx + 2, y + BAR_Y - 2, `#${attempt.attempt}`, 'start', PHASE_COLOURS.boundary, 9));
  }
  return out;
}

function legend(y: number): string {
  const items: [string, string][] = [
    ['implement', PHASE_COLOURS.implement],
    ['test passed', PHASE_COLOURS.testPassed],
    ['test failed', PHASE_COLOURS.testFailed],
    ['review', PHASE_COLOURS.review],
    ['between phases', PHASE_COLOURS.idle],
  ];
  const parts = items.map(([label, colour], i) => {
    const lx = PLOT_X + i * 112;
    return `${rect(lx, y, 12, 12, colour)}${text(lx + 17, y + 10.5, label, 'start', '#374151', 11.5)}`;
  });
  const bx = PLOT_X + items.length * 112;
  parts.push(`<line x1="${bx + 6}" y1="${y - 2}" x2="${bx + 6}" y2="${y + 14}" stroke="${PHASE_COLOURS.boundary}" stroke-width="1.5"/>`);
  parts.push(text(bx + 14, y + 10.5, 'next attempt', 'start', '#374151', 11.5));
  parts.push(text(8, y + 10.5, 'time since run start →', 'start', '#6b7280', 11));
  return `<g class="legend">${parts.join('')}</g>`;
}

/** A visible width even for a phase of a few milliseconds in an hour-long run. */
function width(x: (ms: number) => number, span: Span): number {
  return Math.max(2, x(span.finishedAt) - x(span.startedAt));
}

function rect(rx: number, ry: number, w: number, h: number, fill: string, cls?: string, title?: string): string {
  const attrs = `x="${f(rx)}" y="${f(ry)}" width="${f(w)}" height="${h}" rx="2" fill="${fill}"${cls ? ` class="${cls}"` : ''}`;
  return title ? `<rect ${attrs}><title>${escapeXml(title)}</title></rect>` : `<rect ${attrs}/>`;
}

function text(tx: number, ty: number, content: string, anchor: 'start' | 'middle', fill: string, size = 12): string {
  return `<text x="${f(tx)}" y="${f(ty)}" text-anchor="${anchor}" fill="${fill}" font-size="${size}" ${FONT}>${escapeXml(content)}</text>`;
}

function svg(w: number, h: number, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="Timeline: one bar per task, with implement, test and review segments per attempt">\n${parts.join('\n')}\n</svg>\n`;
}

const f = (n: number) => (Math.round(n * 10) / 10).toString();
