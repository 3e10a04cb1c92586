import { describe, expect, it } from 'vitest';
import type { ConcurrentComparison, ConcurrentFigures, ConcurrentPhase } from '../../bench/concurrent-figures.js';
import { judgeConcurrent } from '../../bench/targets-concurrent.js';

const phase = (runs: number, honestP50: number, modelMs: number, warnings: string[] = []): ConcurrentPhase => ({
  runs,
  honestOverheadPerTaskMs: { p50: honestP50, p95: honestP50 * 1.3 },
  wallPerTaskP50Ms: honestP50 + modelMs + 30,
  modelPerTaskP50Ms: modelMs,
  gitProcessesPerTask: 4,
  totalMs: 60_000,
  peakRssBytes: 3000 * 1024 * 1024,
  historyWarnings: warnings,
});

const comparison = (alone: number, together: number, modelMs: number, warnings: string[] = []): ConcurrentComparison => ({
  tasksPerRun: 25,
  single: phase(1, alone, modelMs),
  concurrent: phase(8, together, modelMs + 12, warnings),
  overheadRatio: together / alone,
});

// The record that started this: 161 → 1198 ms on the instant model.
const instant = comparison(161, 1198, 1);

describe('judgeConcurrent', () => {
  it('judges the ratio with the model latency, and reports the instant one beside it with the reason, unjudged', () => {
    const figures: ConcurrentFigures = { ...instant, withModelLatency: { modelLatencyMs: 1000, ...comparison(170, 230, 3010) } };
    const [latency, cpuBound, history] = judgeConcurrent(figures, 2);
    expect(latency).toMatchObject({ target: '8 runs of 25 tasks at once, a fixed latency per model call: overhead per task ≤ 1.5× one run alone (p50)', pass: true });
    expect(latency!.measured).toBe('1 s per model call: 170 → 230 ms (1.35×); model 3010 → 3022 ms per task as the journals recorded it');
    expect(cpuBound!.pass).toBeUndefined();
    expect(cpuBound!.measured).toBe('161 → 1198 ms (7.44×); CPU-bound: the instant model makes each run pure CPU, so 8 runs share 2 CPUs');
    expect(history!.pass).toBe(true);
    expect(history!.measured).toContain('3000 MB (1 s per model call)');
  });

  it('fails the target when the runs slow each other down past 1.5× even while they wait on the model', () => {
    const figures: ConcurrentFigures = { ...instant, withModelLatency: { modelLatencyMs: 1000, ...comparison(170, 260, 3010) } };
    expect(judgeConcurrent(figures, 2)[0]!.pass).toBe(false);
  });

  it('judges nothing on the instant model alone: the ratio target says it was not measured', () => {
    const [latency, cpuBound] = judgeConcurrent(comparison(161, 200, 1), 2);
    expect(latency!.pass).toBeUndefined();
    expect(latency!.measured).toMatch(/not measured/);
    expect(cpuBound!.pass).toBeUndefined();
  });

  it('fails "no history-size warning" when either comparison logged one', () => {
    const warned = comparison(161, 1198, 1, ['history size exceeds warn limit']);
    const quiet = { modelLatencyMs: 1000, ...comparison(170, 200, 3010) };
    expect(judgeConcurrent({ ...warned, withModelLatency: quiet }, 2)[2]!.pass).toBe(false);
    const lateWarning = { modelLatencyMs: 1000, ...comparison(170, 200, 3010, ['history size exceeds warn limit']) };
    expect(judgeConcurrent({ ...instant, withModelLatency: lateWarning }, 2)[2]!.pass).toBe(false);
  });
});
