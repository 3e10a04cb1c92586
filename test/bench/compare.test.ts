import { describe, expect, it } from 'vitest';
import { compareFigures, compareTargets, flatten, renderComparison } from '../../bench/compare.js';

const older = {
  figures: {
    floor: { gitCommitMs: { p50: 10 } },
    scale: [
      { tasks: 10, sandbox: 'none', honestOverheadPerTaskMs: { p50: 200 } },
      { tasks: 100, sandbox: 'none', honestOverheadPerTaskMs: { p50: 220 } },
    ],
    historyWarnings: ['ignored text'],
    retired: 5,
  },
  targets: [
    { target: 'p50 ≤ 120 ms', pass: false },
    { target: 'prefix ≥ 70%', pass: true },
  ],
};

const newer = {
  figures: {
    floor: { gitCommitMs: { p50: 12 } },
    // The 10-task run is gone: the 100-task figures must still line up by size, not by position.
    scale: [{ tasks: 100, sandbox: 'none', honestOverheadPerTaskMs: { p50: 110 } }],
    concurrent: { overheadRatio: 1.2 },
  },
  targets: [
    { target: 'p50 ≤ 120 ms', pass: true },
    { target: 'prefix ≥ 70%', pass: true },
    { target: 'concurrent ≤ 1.5×', pass: true },
  ],
};

describe('bench --compare', () => {
  it('names list items by what they are, and skips text', () => {
    const flat = flatten(older.figures);
    expect(flat.get('scale[100 tasks].honestOverheadPerTaskMs.p50')).toBe(220);
    expect([...flat.keys()].some((key) => key.startsWith('historyWarnings'))).toBe(false);
    expect(flatten({ scale: [{ tasks: 10, sandbox: 'bwrap', x: 1 }] }).get('scale[10 tasks, bwrap].x')).toBe(1);
    expect([...flatten({ floor: { gitCommitMs: { p50: 1, samples: 30 } } }).keys()]).toEqual(['floor.gitCommitMs.p50']);
    // A task's steps repeat names (two model steps): each keeps its position and says what it is.
    const steps = flatten({ scale: [{ tasks: 100, steps: [{ step: 'implementerStep', tandemMs: 9 }, { step: 'implementerStep', tandemMs: 5 }] }] });
    expect(steps.get('scale[100 tasks].steps[0 implementerStep].tandemMs')).toBe(9);
    expect(steps.get('scale[100 tasks].steps[1 implementerStep].tandemMs')).toBe(5);
  });

  it('gives each figure its change, absolute and in percent', () => {
    const rows = compareFigures(older, newer);
    const byName = new Map(rows.map((row) => [row.figure, row]));
    expect(byName.get('floor.gitCommitMs.p50')).toEqual({ figure: 'floor.gitCommitMs.p50', old: 10, new: 12, delta: 2, percent: 20 });
    expect(byName.get('scale[100 tasks].honestOverheadPerTaskMs.p50')).toMatchObject({ old: 220, new: 110, delta: -110, percent: -50 });
  });

  it('keeps figures only one side has, without a change', () => {
    const byName = new Map(compareFigures(older, newer).map((row) => [row.figure, row]));
    expect(byName.get('concurrent.overheadRatio')).toMatchObject({ old: undefined, new: 1.2, delta: undefined, percent: undefined });
    expect(byName.get('scale[10 tasks].honestOverheadPerTaskMs.p50')).toMatchObject({ old: 200, new: undefined });
    expect(byName.get('retired')).toMatchObject({ old: 5, new: undefined });
  });

  it('loads a record from before the latency comparison: the instant figures line up, the latency ones are new', () => {
    const phase = (runs: number, p50: number) => ({ runs, honestOverheadPerTaskMs: { p50, p95: p50 }, wallPerTaskP50Ms: p50, totalMs: 1, peakRssBytes: 1, historyWarnings: [] });
    const before = { figures: { concurrent: { tasksPerRun: 25, single: phase(1, 161), concurrent: phase(8, 1198), overheadRatio: 7.44 } } };
    const after = {
      figures: {
        concurrent: {
          ...before.figures.concurrent,
          overheadRatio: 7,
          withModelLatency: { modelLatencyMs: 1000, tasksPerRun: 25, single: phase(1, 170), concurrent: phase(8, 230), overheadRatio: 1.35 },
        },
      },
    };
    const byName = new Map(compareFigures(before, after).map((row) => [row.figure, row]));
    expect(byName.get('concurrent.overheadRatio')).toMatchObject({ old: 7.44, new: 7 });
    expect(byName.get('concurrent.withModelLatency.overheadRatio')).toMatchObject({ old: undefined, new: 1.35, delta: undefined });
    expect(byName.get('concurrent.withModelLatency.single.honestOverheadPerTaskMs.p50')).toMatchObject({ old: undefined, new: 170 });
    expect(renderComparison(before, after)).toContain('concurrent.withModelLatency.overheadRatio');
  });

  it('lists the targets whose verdict changed, and only those', () => {
    expect(compareTargets(older, newer)).toEqual([
      { target: 'p50 ≤ 120 ms', old: 'FAIL', new: 'PASS' },
      { target: 'concurrent ≤ 1.5×', old: '–', new: 'PASS' },
    ]);
  });

  it('prints old, new, Δ and Δ % next to each other', () => {
    const text = renderComparison(older, newer, { old: 'before.json', new: 'after.json' });
    const line = text.split('\n').find((l) => l.includes('scale[100 tasks].honestOverheadPerTaskMs.p50'))!;
    expect(line.split('│').map((cell) => cell.trim()).filter(Boolean)).toEqual(['scale[100 tasks].honestOverheadPerTaskMs.p50', '220', '110', '−110', '−50.0%']);
    expect(text).toContain('before.json');
    expect(text).toContain('target whose verdict changed');
  });
});
