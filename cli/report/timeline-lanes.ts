/**
 * The timeline of a run with lanes (`--parallel`): a row per lane on top, each
 * task drawn as a block in the lane it ran in, so what ran at the same time is
 * one glance; and, in each task's own bar, how its approved attempts reached the
 * run branch (the wait, the re-test on the combined tree, a change sent back).
 */
import type { Span } from '../journal/journal-model.js';
import type { ReportLanes, ReportIntegration } from './report-lanes.js';
import type { ReportModel, ReportTask } from './report-model.js';
import { f, FONT, rect, text } from './svg-parts.js';
import { tickLabel } from './timeline-axis.js';
import { escapeXml } from './escape.js';

export const LANE_ROW_H = 26;
/** Space between the lane rows and the task rows below them. */
export const LANES_GAP = 10;

export const INTEGRATION_COLOURS = {
  wait: '#a5f3fc',
  retestPassed: '#0e7490',
  retestFailed: '#dc2626',
  sentBack: '#fecdd3',
  sentBackOutline: '#be123c',
};

const BLOCK_COLOURS: Record<ReportTask['state'], { fill: string; stroke: string }> = {
  committed: { fill: '#dcfce7', stroke: '#15803d' },
  failed: { fill: '#fee2e2', stroke: '#b91c1c' },
  skipped: { fill: '#f3f4f6', stroke: '#6b7280' },
  'in progress': { fill: '#fef3c7', stroke: '#b45309' },
  'not run': { fill: '#f3f4f6', stroke: '#6b7280' },
};

export interface LaneGeometry {
  x: (ms: number) => number;
  width: number;
  /** Where the right-hand status column starts. */
  statusX: number;
}

/** One row per lane, from `top`: its number, how many tasks it ran, and a block per task. */
export function laneRows(model: ReportModel, lanes: ReportLanes, top: number, g: LaneGeometry): string {
  const rows: string[] = [];
  for (let lane = 1; lane <= lanes.count; lane++) {
    const y = top + (lane - 1) * LANE_ROW_H;
    const tasks = model.tasks.filter((task) => task.lane === lane && lanes.spans[task.id]);
    const parts = [
      `<rect x="0" y="${y}" width="${g.width}" height="${LANE_ROW_H}" fill="${lane % 2 ? '#eff6ff' : '#f8fafc'}"/>`,
      text(8, y + 17, `lane ${lane}`, 'start', '#1e3a8a', 12.5),
      text(g.statusX, y + 17, `${tasks.length} task${tasks.length === 1 ? '' : 's'}`, 'start', '#4b5563', 12),
      ...tasks.map((task) => laneBlock(task, lanes.spans[task.id]!, lane, y, g)),
    ];
    rows.push(`<g class="lane-row" data-lane="${lane}">${parts.join('')}</g>`);
  }
  return rows.join('\n');
}

function laneBlock(task: ReportTask, span: Span, lane: number, y: number, g: LaneGeometry): string {
  const x0 = g.x(span.startedAt);
  const w = Math.max(4, g.x(span.finishedAt) - x0);
  const colour = BLOCK_COLOURS[task.state];
  const tries = task.attempts.length > 1 ? ` · ${task.attempts.length} attempts` : '';
  const title = `${task.id}${task.title ? ` ${task.title}` : ''} · lane ${lane} · ${task.state}${tries} · ${tickLabel(span.finishedAt - span.startedAt) || '<1s'}`;
  const label = w >= task.id.length * 7 + 6 ? text(x0 + w / 2, y + 17, task.id, 'middle', '#111827', 11) : '';
  const sentBack = (task.integrations ?? []).filter((i) => i.outcome === 'refused').map((i) => `<line x1="${f(g.x(i.approvedAt))}" y1="${y + 4}" x2="${f(g.x(i.approvedAt))}" y2="${y + LANE_ROW_H - 4}" stroke="${INTEGRATION_COLOURS.sentBackOutline}" stroke-width="2"/>`);
  const block = rect(x0, y + 4, w, LANE_ROW_H - 8, colour.fill, 'lane-task', title, `stroke="${colour.stroke}" stroke-width="1" data-task="${escapeXml(task.id)}"`);
  return `${block}${sentBack.join('')}${label}`;
}

/** The integration of each approved attempt, in the task's own bar: its wait, its re-test, or why it was sent back. */
export function integrationSegments(task: ReportTask, barY: number, barH: number, x: (ms: number) => number): string[] {
  return (task.integrations ?? []).flatMap((integration) => segments(task.id, integration, barY, barH, x));
}

function segments(taskId: string, i: ReportIntegration, barY: number, barH: number, x: (ms: number) => number): string[] {
  const out: string[] = [];
  const label = `${taskId} attempt ${i.attempt}`;
  const waitEnd = i.retest?.startedAt ?? (i.outcome === 'refused' ? i.nextAttemptAt : undefined);
  if (i.outcome === 'refused') {
    const end = waitEnd ?? i.approvedAt;
    out.push(rect(x(i.approvedAt), barY + 2, Math.max(8, x(end) - x(i.approvedAt)), barH - 4, INTEGRATION_COLOURS.sentBack, 'seg seg-integration-refused', `${label} · approved, but sent back by integration: ${i.reason ?? 'refused'}`, `stroke="${INTEGRATION_COLOURS.sentBackOutline}" stroke-width="1.5"`));
  } else if (waitEnd !== undefined && waitEnd > i.approvedAt) {
    out.push(rect(x(i.approvedAt), barY + 3, Math.max(2, x(waitEnd) - x(i.approvedAt)), barH - 6, INTEGRATION_COLOURS.wait, 'seg seg-integration-wait', `${label} · approved, waiting for the run branch · ${duration({ startedAt: i.approvedAt, finishedAt: waitEnd })}`));
  }
  if (i.retest) {
    const verdict = i.retest.passed ? 'passed' : 'failed';
    const what = i.retest.command ? `: ${i.retest.command}` : '';
    out.push(rect(x(i.retest.startedAt), barY, Math.max(3, x(i.retest.finishedAt) - x(i.retest.startedAt)), barH, i.retest.passed ? INTEGRATION_COLOURS.retestPassed : INTEGRATION_COLOURS.retestFailed, `seg seg-integration-retest seg-integration-${verdict}`, `${label} · re-test on the combined tree ${verdict}${what} · ${duration(i.retest)}`));
  }
  return out;
}

const duration = (span: Span) => tickLabel(span.finishedAt - span.startedAt) || '<1s';

/** The lane tag before a task's label (`L2`), in the lanes' colour. */
export function laneTag(lane: number, y: number): string {
  return `<text x="8" y="${f(y)}" text-anchor="start" fill="#1e3a8a" font-size="11" font-weight="600" ${FONT}>L${lane}</text>`;
}
