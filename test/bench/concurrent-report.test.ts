import { describe, expect, it } from 'vitest';
import { concurrentTable } from '../../bench/concurrent-report.js';
import type { ConcurrentFigures, ConcurrentPhase } from '../../bench/concurrent-figures.js';

const phase = (runs: number, honestP50: number, modelMs?: number): ConcurrentPhase => ({
  runs,
  honestOverheadPerTaskMs: { p50: honestP50, p95: honestP50 + 50 },
  wallPerTaskP50Ms: honestP50 + (modelMs ?? 0) + 40,
  ...(modelMs === undefined ? {} : { modelPerTaskP50Ms: modelMs }),
  gitProcessesPerTask: 4,
  totalMs: 35_565,
  peakRssBytes: 3442 * 1024 * 1024,
  historyWarnings: [],
});

/** The cells of the table's row whose label starts with `label`. */
const cells = (text: string, label: string) =>
  text
    .split('\n')
    .find((line) => line.includes(label))!
    .split('│')
    .map((cell) => cell.trim())
    .filter(Boolean);

describe('the concurrent-runs table', () => {
  it('shows alone and together on the instant model and with the latency, side by side, and says which one is judged', () => {
    const figures: ConcurrentFigures = {
      tasksPerRun: 25,
      single: phase(1, 161, 1),
      concurrent: phase(8, 1198, 1),
      overheadRatio: 1198 / 161,
      withModelLatency: { modelLatencyMs: 1000, tasksPerRun: 25, single: phase(1, 170, 3010), concurrent: phase(8, 230, 3022), overheadRatio: 230 / 170 },
    };
    const text = concurrentTable(figures, 2);
    expect(cells(text, 'honest overhead per task')).toEqual(['honest overhead per task p50 / p95', '161 / 211 ms', '1198 / 1248 ms', '170 / 220 ms', '230 / 280 ms']);
    expect(cells(text, 'together ÷ alone')).toEqual(['together ÷ alone (p50)', '7.44×', '1.35×']);
    expect(cells(text, 'model per task')).toEqual(['model per task p50 (journal)', '1 ms', '1 ms', '3010 ms', '3022 ms']);
    expect(text).toContain('1 s per model call:');
    expect(text).toContain(
      'The target (together ≤ 1.5× alone) is judged with 1 s per model call, as runs with a real model overlap their waits; the instant-model ratio is reported, not judged (CPU-bound: the instant model makes each run pure CPU, so 8 runs share 2 CPUs).',
    );
  });

  it('renders a record from before the latency comparison: the instant columns only, model time unknown', () => {
    const text = concurrentTable({ tasksPerRun: 25, single: phase(1, 161), concurrent: phase(8, 1198), overheadRatio: 7.44 }, 2);
    expect(cells(text, 'model per task')).toEqual(['model per task p50 (journal)', '–', '–']);
    expect(text).not.toContain('per model call:');
    expect(text).toContain('Not measured with a model latency, so the target is not judged');
  });
});
