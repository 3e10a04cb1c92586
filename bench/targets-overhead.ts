/**
 * Issue 17's targets for the honest overhead (bench/overhead.ts), judged for
 * every plan size, for the sandboxed column and for the worktree one (a plain `tandem run`). They are meant to be hard:
 * they may FAIL until Tandem's own git work shrinks. Never loosen them.
 */
import { scaleVariant, type ScaleFigures } from './run-scale.js';
import type { TargetResult } from './target-result.js';

export const HONEST_P50_MS = 120;
export const HONEST_P95_MS = 160;
export const GIT_PROCESSES_PER_TASK = 6;

export function judgeHonestOverhead(runs: ScaleFigures[]): TargetResult[] {
  const results: TargetResult[] = [];
  for (const s of runs) {
    const label = `${s.tasks} tasks${scaleVariant(s)}`;
    const { p50, p95 } = s.honestOverheadPerTaskMs;
    const old = s.overheadPerTaskMs;
    results.push({
      target: `honest overhead per task p50 ≤ ${HONEST_P50_MS} ms, p95 ≤ ${HONEST_P95_MS} ms (${label})`,
      measured: `p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms (old reading ${old.p50.toFixed(0)} / ${old.p95.toFixed(0)} ms)`,
      pass: p50 <= HONEST_P50_MS && p95 <= HONEST_P95_MS,
    });
    results.push({
      target: `≤ ${GIT_PROCESSES_PER_TASK} git processes per task (${label})`,
      measured: `${s.gitProcessesPerTask}`,
      pass: s.gitProcessesPerTask <= GIT_PROCESSES_PER_TASK,
    });
  }
  return results;
}
