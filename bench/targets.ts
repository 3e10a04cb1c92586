/** The targets, judged against one run's figures. Never loosen these. */
import type { CacheFigures } from './cache-prefix.js';
import type { FloorFigures } from './floor.js';
import type { PlanLengthFigures } from './plan-length.js';
import type { PromptFigures } from './prompt-size.js';
import type { ScaleFigures } from './run-scale.js';
import type { LaneFigures } from './lanes.js';
import { judgeLanes } from './lanes-report.js';
import { judgeHonestOverhead } from './targets-overhead.js';
import { activityCountText } from './overhead.js';
import type { ConcurrentFigures } from './concurrent-figures.js';
import { judgeConcurrent } from './targets-concurrent.js';
import type { TargetResult } from './target-result.js';

export interface BenchFigures {
  floor: FloorFigures;
  scale: ScaleFigures[];
  bwrap: ScaleFigures;
  /** A plain `tandem run` since 2026-12-01: one lane in a worktree. Absent in older records and with --smoke. */
  worktree?: ScaleFigures;
  prompt: { small: PromptFigures; large: PromptFigures };
  cache: CacheFigures;
  planLength: PlanLengthFigures;
  historyWarnings: string[];
  /** `--parallel` lanes; absent with --smoke or --no-lanes. */
  lanes?: LaneFigures;
  /** Absent when the bench ran with --no-concurrent. */
  concurrent?: ConcurrentFigures;
}

export type { TargetResult } from './target-result.js';

const MB = 1024 * 1024;
const HISTORY_LIMIT_BYTES = 10 * MB;

const BENCH_LIMIT_MS = 15 * 60 * 1000;

/** `cpus`: the machine's (the concurrent runs say why their instant-model ratio is not judged). */
export function judge(figures: BenchFigures, benchMs: number, cpus: number): TargetResult[] {
  const { scale, prompt, cache } = figures;
  const largest = scale.at(-1)!;
  const thousand = scale.find((s) => s.tasks === 1000);
  const ten = scale.find((s) => s.tasks === 10);
  const results: TargetResult[] = [];
  // Honest overhead over the bare cost of the task's activities, each local activity against a bare local one.
  for (const s of scale) {
    const old = s.overheadPerActivityMs / s.roundTripMs;
    results.push({
      target: `overhead per activity ≤ 1.5× bare round trip (${s.tasks} tasks)`,
      measured: `${s.overheadRatio.toFixed(2)}× (${s.activityCounts.regular} × ${s.roundTripMs.toFixed(1)} ms + ${activityCountText(s.activityCounts.local)} local × ${s.localActivityMs.toFixed(1)} ms; old reading ${old.toFixed(2)}×)`,
      pass: s.overheadRatio <= 1.5,
    });
  }
  results.push(...judgeHonestOverhead([...scale, figures.bwrap, ...(figures.worktree ? [figures.worktree] : [])]));
  if (figures.concurrent) results.push(...judgeConcurrent(figures.concurrent, cpus));
  for (const s of scale) {
    results.push({
      target: `overhead per task ≤ 200 ms, p95 (${s.tasks} tasks)`,
      measured: `p50 ${s.overheadPerTaskMs.p50.toFixed(0)} ms, p95 ${s.overheadPerTaskMs.p95.toFixed(0)} ms`,
      pass: s.overheadPerTaskMs.p95 <= 200,
    });
  }
  const drift = thousand && ten ? thousand.overheadPerTaskMs.p50 / ten.overheadPerTaskMs.p50 - 1 : undefined;
  results.push({
    target: 'overhead per task at 1,000 tasks within ±20% of 10 tasks (p50)',
    measured: drift === undefined ? 'not measured (needs --sizes with 10 and 1000)' : `${ten!.overheadPerTaskMs.p50.toFixed(0)} → ${thousand!.overheadPerTaskMs.p50.toFixed(0)} ms (${signed(drift * 100)}%)`,
    pass: drift === undefined ? undefined : Math.abs(drift) <= 0.2,
  });
  const biggestHistory = Math.max(...scale.flatMap((s) => [s.taskHistory.bytesMax, ...s.runHistory.bytes]));
  results.push({
    target: 'no workflow history over 10 MB, no history-size warning',
    measured: `largest ${(biggestHistory / 1024).toFixed(0)} KB; ${figures.historyWarnings.length} warnings in the server log`,
    pass: biggestHistory <= HISTORY_LIMIT_BYTES && figures.historyWarnings.length === 0,
  });
  results.push({
    target: `worker RSS < 400 MB at 1,000 tasks`,
    measured: `${(largest.peakRssBytes / MB).toFixed(0)} MB peak at ${largest.tasks} tasks`,
    pass: thousand ? thousand.peakRssBytes < 400 * MB : undefined,
  });
  const promptRatio = prompt.large.firstPromptBytes / prompt.small.firstPromptBytes;
  results.push({
    target: `first prompt on ${prompt.large.files} files ≤ 1.2× on ${prompt.small.files} files`,
    measured: `${prompt.small.firstPromptBytes} → ${prompt.large.firstPromptBytes} bytes (${promptRatio.toFixed(2)}×)`,
    pass: promptRatio <= 1.2,
  });
  results.push({
    target: `cacheable prefix ≥ 70% of input tokens over a ${cache.steps}-step loop`,
    measured: `${(cache.share * 100).toFixed(1)}%`,
    pass: cache.share >= 0.7,
  });
  for (const [vendor, loop] of [['OpenAI', cache], ['Anthropic', cache.anthropic]] as const) {
    results.push({
      target: `cached input ≥ 92% of input tokens over a ${cache.steps}-step loop, a task after the first (${vendor})`,
      measured: `${percent(loop.warm.cachedShare)} (${loop.warm.cachedInputTokens} of ${loop.warm.inputTokens} tok); first task of a run ${percent(loop.cold.cachedShare)}`,
      pass: loop.warm.cachedShare >= 0.92,
    });
  }
  const { planLength } = figures;
  const lengthRatio = planLength.lateTaskBytes / planLength.firstTaskBytes;
  results.push({
    target: `first prompt of T${planLength.lateTask} ≤ 1.1× T1's in a ${planLength.tasks}-task plan`,
    measured: `${planLength.firstTaskBytes} → ${planLength.lateTaskBytes} bytes (${lengthRatio.toFixed(2)}×)`,
    pass: lengthRatio <= 1.1,
  });
  results.push({
    target: 'the whole bench runs in under 15 minutes',
    measured: `${(benchMs / 60_000).toFixed(1)} min`,
    pass: benchMs < BENCH_LIMIT_MS,
  });
  results.push(...judgeLanes(figures.lanes));
  return results;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(0)}`;
}
