/**
 * The bench cannot rot: its 10-task smoke version runs in CI. It checks that
 * every figure is measured and sane, not that targets pass (CI machines are
 * too noisy for absolute timings; `npm run bench` judges those).
 */
import { describe, expect, it } from 'vitest';
import { runBench } from '../../bench/bench.js';
import { renderReport, type BenchReport } from '../../bench/report.js';

describe('npm run bench --smoke', () => {
  let report: BenchReport;

  it('runs 10 tasks end to end and measures every figure', { timeout: 120_000 }, async () => {
    report = await runBench({ sizes: [10], floorSamples: 5, largeRepoFiles: 2000, warmupTasks: 0 });
    const [ten] = report.figures.scale;
    expect(ten!.tasks).toBe(10);
    // Two model steps, one write_file, the checks, one review, the commit and the branch check before the task.
    expect(ten!.activitiesPerTask).toBe(7);
    expect(ten!.wallPerTaskMs.p50).toBeGreaterThan(0);
    expect(ten!.workPerTaskMs.git).toBeGreaterThan(0);
    expect(ten!.roundTripMs).toBeGreaterThan(0);
    expect(ten!.taskHistory.eventsP50).toBeGreaterThan(0);
    expect(ten!.runHistory.executions).toBeGreaterThanOrEqual(1);
    expect(report.figures.bwrap.sandbox).toBe('bwrap');
    expect(report.figures.floor.gitCommitMs.p50).toBeGreaterThan(0);
  });

  it('judges the size-independent targets: history, prompt size, cacheable prefix', () => {
    const passed = (prefix: string) => report.targets.find((target) => target.target.startsWith(prefix))?.pass;
    expect(passed('no workflow history over 10 MB')).toBe(true);
    expect(passed('first prompt on 2000 files')).toBe(true);
    expect(passed('cacheable prefix')).toBe(true);
    expect(report.figures.cache.steps).toBe(10);
    expect(passed('first prompt of T900')).toBe(true);
  });

  it('measures tokens per task, cached and uncached, as Tandem recorded them at both fakes', () => {
    const { cache } = report.figures;
    for (const loop of [cache, cache.anthropic]) {
      expect(loop.cold.requests).toBe(10);
      expect(loop.warm.requests).toBe(10);
      expect(loop.warm.cachedInputTokens + loop.warm.uncachedInputTokens).toBe(loop.warm.inputTokens);
      // A later task also reads the tools and system prompt an earlier one left in the cache.
      expect(loop.warm.cachedShare).toBeGreaterThan(loop.cold.cachedShare);
    }
    // Anthropic writes what it does not read, at the breakpoints Tandem placed.
    expect(cache.anthropic.warm.cacheWriteInputTokens).toBeGreaterThan(0);
  });

  it('prints the table with PASS or FAIL per target', () => {
    const text = renderReport(report);
    expect(text).toMatch(/overhead per activity/);
    for (const target of report.targets) expect(text).toContain(target.target);
    expect(text).toMatch(/PASS/);
  });
});
