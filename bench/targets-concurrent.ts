/** Issue 17's targets for concurrent runs on one host (bench/concurrent.ts). Never loosen them. */
import type { ConcurrentFigures } from './concurrent.js';
import type { TargetResult } from './target-result.js';

export const CONCURRENT_OVERHEAD_RATIO = 1.5;

export function judgeConcurrent(figures: ConcurrentFigures): TargetResult[] {
  const { single, concurrent } = figures;
  const runs = `${concurrent.runs} runs of ${figures.tasksPerRun} tasks at once`;
  return [
    {
      target: `${runs}: overhead per task ≤ ${CONCURRENT_OVERHEAD_RATIO}× one run alone (p50)`,
      measured: `${single.honestOverheadPerTaskMs.p50.toFixed(0)} → ${concurrent.honestOverheadPerTaskMs.p50.toFixed(0)} ms (${figures.overheadRatio.toFixed(2)}×)`,
      pass: figures.overheadRatio <= CONCURRENT_OVERHEAD_RATIO,
    },
    {
      target: `${runs}: no history-size warning`,
      measured: `${concurrent.historyWarnings.length} warnings; peak RSS of all processes ${(concurrent.peakRssBytes / 1024 / 1024).toFixed(0)} MB`,
      pass: concurrent.historyWarnings.length === 0,
    },
  ];
}
