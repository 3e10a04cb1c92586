import { describe, expect, it } from 'vitest';
import { judgeLanes } from '../../bench/lanes-report.js';
import { layeredPlan, type LaneFigures } from '../../bench/lanes.js';
import { parseTodo } from '../../plan/index.js';

const figures = (ratios: [number, number, number, number], dagRatio: number, overheadP50Ms: number): LaneFigures => ({
  tasks: 16,
  modelLatencyMs: 1000,
  runs: [1, 2, 4, 8].map((lanes, i) => ({ lanes, wallMs: 60_000 * ratios[i]!, ratio: ratios[i]!, peakRssBytes: 300e6 })),
  integrations: { count: 64, retested: 40, overheadP50Ms, overheadMaxMs: overheadP50Ms * 2 },
  dag: { width: 4, depth: 4, lanes: 4, wallMs: 15_000 * dagRatio, criticalPathMs: 15_000, ratio: dagRatio },
});

describe('judgeLanes', () => {
  it("judges 4 and 8 lanes against one lane, the DAG against its critical path, and integration beyond the re-test", () => {
    const verdicts = judgeLanes(figures([1, 0.55, 0.3, 0.26], 1.1, 160)).map((t) => t.pass);
    expect(verdicts).toEqual([true, false, true, false]);
  });

  it('says what was not measured, and judges nothing then', () => {
    expect(judgeLanes(undefined).every((t) => t.pass === undefined)).toBe(true);
  });
});

describe('layeredPlan', () => {
  it('is 4 levels of 4 tasks, each depending on the whole level before', () => {
    const doc = parseTodo(layeredPlan(4, 4), { file: 'TODO.md' });
    expect(doc.tasks).toHaveLength(16);
    expect(doc.tasks[0]!.dependsOn).toEqual([]);
    expect(doc.tasks[5]!.dependsOn).toEqual(['T1', 'T2', 'T3', 'T4']);
    expect(doc.tasks[15]!.dependsOn).toEqual(['T9', 'T10', 'T11', 'T12']);
  });
});
