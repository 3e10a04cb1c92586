/**
 * The report's "Lanes" section for a run with lanes (`--parallel`): how many
 * tasks ran at once, what that saved (the sum of the task times over the wall
 * time), how the approved changes reached the run branch, and which tasks each
 * lane ran. Plain strings, laid out by both renderers.
 */
import { formatDuration } from '../run/format.js';
import type { ReportModel } from './report-model.js';

export const LANE_COLUMNS = ['Lane', 'Tasks, in order'];

/** The section's facts; empty for a run without lanes. */
export function lanesRows(model: ReportModel): [string, string][] {
  const lanes = model.lanes;
  if (!lanes) return [];
  const rows: [string, string][] = [
    ['Lanes used', `${lanes.count} at most at once${lanes.allowed !== undefined ? ` (of ${lanes.allowed} allowed)` : ''}`],
    ['Wall time of the tasks', `${formatDuration(lanes.wallMs)} (first task started to last task ended)`],
    ['Sum of task times', `${formatDuration(lanes.taskMs)} (what one lane would have taken)`],
    ['Speed-up', lanes.wallMs > 0 ? `${(lanes.taskMs / lanes.wallMs).toFixed(1)}×` : '—'],
  ];
  const integrations = integrationSummary(model);
  if (integrations) rows.push(['Integrations', integrations]);
  return rows;
}

/** `4 landed (2 fast-forwarded, 2 re-tested on the combined tree: 6s); 1 sent back: T4 attempt 1 (conflict in shared.txt)`. */
function integrationSummary(model: ReportModel): string | undefined {
  const all = model.tasks.flatMap((task) => (task.integrations ?? []).map((i) => ({ task: task.id, ...i })));
  if (all.length === 0) return undefined;
  const landed = all.filter((i) => i.outcome === 'landed');
  const retested = landed.filter((i) => i.retest);
  const retestMs = all.reduce((ms, i) => ms + (i.retest ? i.retest.finishedAt - i.retest.startedAt : 0), 0);
  const parts = [`${landed.length} landed (${landed.length - retested.length} fast-forwarded, ${retested.length} re-tested on the combined tree${retested.length ? `; re-tests took ${retestMs < 1000 ? `${retestMs} ms` : formatDuration(retestMs)} in all` : ''})`];
  const sentBack = all.filter((i) => i.outcome === 'refused');
  if (sentBack.length) parts.push(`${sentBack.length} sent back for a new attempt on the new head: ${sentBack.map((i) => `${i.task} attempt ${i.attempt} (${i.reason ?? 'refused'})`).join(', ')}`);
  return parts.join('; ');
}

/** A row per lane: its number and its tasks in the order they ran there (`T1 → T2`). */
export function laneTaskRows(model: ReportModel): string[][] {
  const lanes = model.lanes;
  if (!lanes) return [];
  const rows: string[][] = [];
  for (let lane = 1; lane <= lanes.count; lane++) {
    const tasks = model.tasks.filter((task) => task.lane === lane).sort((a, b) => lanes.spans[a.id]!.startedAt - lanes.spans[b.id]!.startedAt);
    rows.push([String(lane), tasks.map((task) => task.id).join(' → ')]);
  }
  return rows;
}
