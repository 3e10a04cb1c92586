/**
 * The concurrent-runs table of `npm run bench`: one run alone and N at once,
 * on the instant model and with a fixed latency per model call, side by side,
 * and a line saying which ratio the target judges and why the other is only
 * reported. Pure, so a test can read what a user sees.
 */
import Table from 'cli-table3';
import type { ConcurrentComparison, ConcurrentFigures, ConcurrentPhase } from './concurrent-figures.js';
import { CONCURRENT_OVERHEAD_RATIO, instantWhy, perCall } from './targets-concurrent.js';

/** The table and its note; `cpus` is the machine's. */
export function concurrentTable(figures: ConcurrentFigures, cpus: number): string {
  const slow = figures.withModelLatency;
  const columns: { model: string; comparison: ConcurrentComparison; phase: ConcurrentPhase }[] = [];
  for (const [model, comparison] of [['instant', figures], ...(slow ? [[perCall(slow.modelLatencyMs), slow]] : [])] as [string, ConcurrentComparison][]) {
    columns.push({ model, comparison, phase: comparison.single }, { model, comparison, phase: comparison.concurrent });
  }
  const label = (phase: ConcurrentPhase) => (phase.runs === 1 ? '1 run alone' : `${phase.runs} runs at once`);
  const table = new Table({
    head: [`runs of ${figures.tasksPerRun} tasks, a process each`, ...columns.map((c) => `${c.model}:\n${label(c.phase)}`)],
    style: { head: [], border: [] },
  });
  const row = (name: string, cell: (c: (typeof columns)[number]) => string) => table.push([name, ...columns.map(cell)]);
  row('honest overhead per task p50 / p95', ({ phase }) => `${phase.honestOverheadPerTaskMs.p50.toFixed(0)} / ${phase.honestOverheadPerTaskMs.p95.toFixed(0)} ms`);
  row('  together ÷ alone (p50)', ({ comparison, phase }) => (phase === comparison.concurrent ? `${comparison.overheadRatio.toFixed(2)}×` : ''));
  row('model per task p50 (journal)', ({ phase }) => (phase.modelPerTaskP50Ms === undefined ? '–' : `${phase.modelPerTaskP50Ms.toFixed(0)} ms`));
  row('wall per task p50', ({ phase }) => `${phase.wallPerTaskP50Ms.toFixed(0)} ms`);
  row('all runs, first start to last finish', ({ phase }) => `${(phase.totalMs / 1000).toFixed(1)} s`);
  row('peak RSS, all processes', ({ phase }) => `${(phase.peakRssBytes / 1024 / 1024).toFixed(0)} MB`);
  row('history warnings', ({ phase }) => String(phase.historyWarnings.length));
  const judged = slow
    ? `The target (together ≤ ${CONCURRENT_OVERHEAD_RATIO}× alone) is judged with ${perCall(slow.modelLatencyMs)}, as runs with a real model overlap their waits`
    : 'Not measured with a model latency, so the target is not judged';
  return `${table.toString()}\n${judged}; the instant-model ratio is reported, not judged (${instantWhy(figures.concurrent.runs, cpus)}).`;
}
