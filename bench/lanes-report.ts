/** The lanes figures (bench/lanes.ts): their table and their targets. */
import Table from 'cli-table3';
import type { LaneFigures } from './lanes.js';
import type { TargetResult } from './target-result.js';

const MB = 1024 * 1024;

export function lanesTable(lanes: LaneFigures): InstanceType<typeof Table> {
  const table = new Table({ head: [`lanes (${lanes.tasks} independent tasks, ${lanes.modelLatencyMs} ms per model call)`, ...lanes.runs.map((run) => `--parallel ${run.lanes}`)], style: { head: [], border: [] } });
  table.push(
    ['wall time', ...lanes.runs.map((run) => `${(run.wallMs / 1000).toFixed(1)} s`)],
    ['× one lane', ...lanes.runs.map((run) => `${run.ratio.toFixed(2)}×`)],
    ['peak worker RSS', ...lanes.runs.map((run) => `${(run.peakRssBytes / MB).toFixed(0)} MB`)],
  );
  const { integrations, dag } = lanes;
  table.push(
    [`integrations re-tested (of ${integrations.count})`, `${integrations.retested}; overhead beyond the re-test p50 ${integrations.overheadP50Ms.toFixed(0)} ms, max ${integrations.overheadMaxMs.toFixed(0)} ms`, '', '', ''],
    [`DAG ${dag.width} wide × ${dag.depth} deep, --parallel ${dag.lanes}`, `${(dag.wallMs / 1000).toFixed(1)} s vs critical path ${(dag.criticalPathMs / 1000).toFixed(1)} s = ${dag.ratio.toFixed(2)}×`, '', '', ''],
  );
  return table;
}

export function judgeLanes(lanes: LaneFigures | undefined): TargetResult[] {
  const at = (count: number) => lanes?.runs.find((run) => run.lanes === count);
  const ratio = (count: number, limit: number): TargetResult => {
    const run = at(count);
    return {
      target: `${count} lanes ≤ ${limit}× the wall time of 1 lane (16 tasks, 1 s per model call)`,
      measured: run ? `${run.ratio.toFixed(2)}× (${(run.wallMs / 1000).toFixed(1)} s)` : 'not measured (--no-lanes or --smoke)',
      pass: run ? run.ratio <= limit : undefined,
    };
  };
  return [
    ratio(4, 0.35),
    // On 2 CPUs, 8 lanes are bound by the CPU more than by the model: reported, and judged as the issue asks.
    ratio(8, 0.25),
    {
      target: 'a DAG of width 4 and depth 4 finishes in ≤ 1.2× its critical path (4 lanes)',
      measured: lanes ? `${lanes.dag.ratio.toFixed(2)}× (${(lanes.dag.wallMs / 1000).toFixed(1)} s / ${(lanes.dag.criticalPathMs / 1000).toFixed(1)} s)` : 'not measured',
      pass: lanes ? lanes.dag.ratio <= 1.2 : undefined,
    },
    {
      target: 'integration overhead per task ≤ 150 ms beyond the re-test (p50)',
      measured: lanes ? `${lanes.integrations.overheadP50Ms.toFixed(0)} ms over ${lanes.integrations.retested} re-tested integrations` : 'not measured',
      pass: lanes && lanes.integrations.retested > 0 ? lanes.integrations.overheadP50Ms <= 150 : undefined,
    },
  ];
}
