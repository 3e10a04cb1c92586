/**
 * The concurrent-runs figures (bench/concurrent.ts measures them): what the
 * results JSON holds, the targets judge and the tables render. Types only, so
 * the pure readers import nothing that starts processes.
 */
export interface ConcurrentPhase {
  runs: number;
  /** Honest overhead over every task of every run. */
  honestOverheadPerTaskMs: { p50: number; p95: number };
  wallPerTaskP50Ms: number;
  /** Model time per task as the runs' journals recorded it (median of the runs' p50s); absent in older records. */
  modelPerTaskP50Ms?: number;
  gitProcessesPerTask: number;
  /** First run started → last run finished. */
  totalMs: number;
  /** Sum of RSS over the bench process, the run processes, their helpers and the dev server. */
  peakRssBytes: number;
  historyWarnings: string[];
}

/** One run alone, then `concurrent.runs` at once, on the same model. */
export interface ConcurrentComparison {
  tasksPerRun: number;
  single: ConcurrentPhase;
  concurrent: ConcurrentPhase;
  /** concurrent ÷ single, honest overhead per task p50. */
  overheadRatio: number;
}

/**
 * At the top level, the instant model (the only comparison records before
 * the latency one hold, so their figures keep their names in --compare).
 */
export interface ConcurrentFigures extends ConcurrentComparison {
  /** The same with every model call taking `modelLatencyMs`: what the target judges. Absent in older records. */
  withModelLatency?: ConcurrentComparison & { modelLatencyMs: number };
}
