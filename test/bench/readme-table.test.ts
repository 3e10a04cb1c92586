import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readmeBlock, renderReadmeTable, spliceReadme, type ReadmeSource } from '../../bench/readme-table.js';

const column = (tasks: number, sandbox: 'none' | 'bwrap', overhead: number) => ({
  tasks,
  sandbox,
  wallPerTaskMs: { p50: overhead + 30.4, p95: overhead + 60.6 },
  honestOverheadPerTaskMs: { p50: overhead, p95: overhead + 20 },
  overheadPerTaskMs: { p50: overhead - 80, p95: overhead - 60 },
  gitProcessesPerTask: 34,
  overheadRatio: overhead / 60,
  activityCounts: { regular: 4, local: 3 },
  peakRssBytes: 300 * 1024 * 1024,
  workFloorMs: { testMs: 7.2, commitMs: 16.7 + tasks / 100, ...(tasks > 10 ? { commitRepoFiles: tasks / 2 + 3 } : {}) },
});

const result: ReadmeSource = {
  startedAt: '2026-11-30T12:00:00.000Z',
  machine: { cpus: 2, cpuModel: 'Xeon', loadAverageStart: [1.04, 2, 3], loadAverageEnd: [3.96, 2, 1], tandemSha: '0123456789abcdef+dirty' },
  figures: {
    scale: [column(10, 'none', 222), column(1000, 'none', 252)],
    bwrap: column(10, 'bwrap', 260),
    floor: { gitCommitMs: { p50: 16.7 }, spawnTrueMs: { p50: 7.2 }, activityRoundTripMs: { p50: 12 } },
    concurrent: {
      tasksPerRun: 25,
      overheadRatio: 1.8,
      single: { honestOverheadPerTaskMs: { p50: 200, p95: 240 } },
      concurrent: { runs: 8, honestOverheadPerTaskMs: { p50: 360, p95: 500 }, peakRssBytes: 2048 * 1024 * 1024, historyWarnings: [] },
    },
  },
  targets: [{ pass: true }, { pass: false }, { pass: undefined }, { pass: true }],
};

describe('the README benchmark table', () => {
  it('renders every column, the targets and the concurrent line from a result', () => {
    expect(renderReadmeTable(result)).toBe(
      [
        'Latest `npm run bench` (2026-11-30, 2 × Xeon, load 1.0 → 4.0, Tandem 0123456): what Tandem adds to a trivial task on an instant model. Overhead is wall time minus the model, tools, the test command and one `git add` + `git commit` as done by hand in the run\'s repository (the row "done by hand"). Generated from `bench/results/latest.json` by `npm run bench:readme`; see [docs/benchmarks.md](docs/benchmarks.md).',
        '',
        '| per task, instant model | 10 tasks | 1,000 tasks | 10 tasks, bwrap | target |',
        '|---|---|---|---|---|',
        '| wall p50 / p95 | 252 / 283 ms | 282 / 313 ms | 290 / 321 ms |  |',
        '| overhead p50 / p95 | 222 / 242 ms | 252 / 272 ms | 260 / 280 ms | ≤ 120 / 160 ms |',
        '| done by hand: test + add/commit | 7 + 17 ms | 7 + 27 ms (503 files) | 7 + 17 ms |  |',
        '| old reading (all git taken out) | 142 / 162 ms | 172 / 192 ms | 180 / 200 ms |  |',
        '| git processes | 34 | 34 | 34 | ≤ 6 |',
        '| overhead ÷ its activities run bare | 3.70× (4 + 3 local) | 4.20× (4 + 3 local) | 4.33× (4 + 3 local) | ≤ 1.5× |',
        '| peak worker RSS | 300 MB | 300 MB | 300 MB | < 400 MB at 1,000 |',
        '',
        '8 runs of 25 tasks at once, a process each: overhead p50 360 ms against 200 ms for one run alone (1.80×, target ≤ 1.5×), peak RSS of all processes 2048 MB, 0 history warnings.',
        '',
        '2 of 3 targets pass in this run.',
        '',
      ].join('\n'),
    );
  });

  it('leaves the concurrent line out when the bench ran with --no-concurrent, and shows an unmeasured ratio as –', () => {
    const { concurrent: _skipped, ...figures } = result.figures;
    const text = renderReadmeTable({ ...result, figures: { ...figures, bwrap: { ...figures.bwrap, overheadRatio: null as unknown as number } } });
    expect(text).not.toContain('runs of 25 tasks at once');
    expect(text).toContain('| – (4 + 3 local) | ≤ 1.5× |');
  });

  it('puts the judged latency ratio first and the instant one beside it, saying why it is not judged', () => {
    const instant = result.figures.concurrent!;
    const withModelLatency = {
      modelLatencyMs: 1000,
      tasksPerRun: 25,
      overheadRatio: 1.35,
      single: { honestOverheadPerTaskMs: { p50: 170, p95: 220 } },
      concurrent: { runs: 8, honestOverheadPerTaskMs: { p50: 230, p95: 280 }, peakRssBytes: 1800 * 1024 * 1024, historyWarnings: [] },
    };
    const text = renderReadmeTable({ ...result, figures: { ...result.figures, concurrent: { ...instant, withModelLatency } } });
    expect(text).toContain(
      '8 runs of 25 tasks at once, a process each, with 1 s per model call: overhead p50 230 ms against 170 ms for one run alone (1.35×, target ≤ 1.5×). ' +
        'On the instant model, where every run is pure CPU and 8 runs share 2 CPUs: overhead p50 360 ms against 200 ms for one run alone (1.80×, reported, not judged). ' +
        'Peak RSS of all processes 1800 MB with the latency, 2048 MB instant; 0 history warnings.',
    );
  });

  it('adds the lanes line when the bench measured lanes', () => {
    const lanes = {
      tasks: 16,
      modelLatencyMs: 1000,
      runs: [1, 2, 4, 8].map((count, i) => ({ lanes: count, wallMs: [54_400, 29_100, 16_900, 9_600][i]!, ratio: [1, 0.535, 0.311, 0.176][i]!, peakRssBytes: [300, 301, 305, 321][i]! * 1024 * 1024 })),
      integrations: { count: 64, retested: 35, overheadP50Ms: 46.2, overheadMaxMs: 111 },
      dag: { width: 4, depth: 4, lanes: 4, wallMs: 16_400, criticalPathMs: 13_600, ratio: 1.206 },
    };
    expect(renderReadmeTable({ ...result, figures: { ...result.figures, lanes } })).toContain(
      'Lanes (`--parallel`), 16 independent tasks with 1 s per model call: 1 / 2 / 4 / 8 lanes take 54.4 s / 29.1 s / 16.9 s / 9.6 s (0.54× / 0.31× / 0.18× of one lane; targets ≤ 0.35× at 4, ≤ 0.25× at 8); a DAG 4 wide and 4 deep takes 1.21× its critical path (target ≤ 1.2×); an integration costs 46 ms beyond its re-test (p50, target ≤ 150 ms); peak worker RSS 321 MB at 8 lanes.',
    );
  });

  it("says what Temporal alone costs for the task's shape, from the largest run that measured it", () => {
    const temporalShape = {
      tasks: 10,
      steps: ['activity', 'local', 'activity', 'activity', 'activity', 'local'] as ('activity' | 'local')[],
      upsertsPerTask: 2,
      wallPerTaskMs: { p50: 150.4, p95: 170 },
      meanPerTaskMs: 155.2,
      variants: { inlineMeanMs: 110.6, oneRoundTripFewerMeanMs: 140 },
    };
    const scale = [{ ...column(10, 'none', 222), temporalShape }, column(1000, 'none', 252)];
    expect(renderReadmeTable({ ...result, figures: { ...result.figures, scale } })).toContain(
      "Temporal alone, on the same server right after the 10-task run, takes 150 ms per task (p50) for the same shape with no-op steps (a child workflow per task, 4 activities and 2 local ones, 2 search-attribute upserts): Tandem's own code and bookkeeping add 72 ms beyond it. " +
        'Other shapes, mean per task: 155 ms as now, 111 ms with the steps in the run workflow (no child workflow), 140 ms with one round trip fewer.',
    );
    expect(renderReadmeTable(result)).not.toContain('Temporal alone');
    // A shape of one round trip has none with one fewer, and one upsert is one upsert.
    const single = { ...temporalShape, upsertsPerTask: 1, variants: { inlineMeanMs: 110.6, oneRoundTripFewerMeanMs: null as unknown as number } };
    const text = renderReadmeTable({ ...result, figures: { ...result.figures, scale: [{ ...column(10, 'none', 222), temporalShape: single }] } });
    expect(text).toContain('1 search-attribute upsert)');
    expect(text).toContain('111 ms with the steps in the run workflow (no child workflow).');
  });

  it('says where a task’s time goes, step by step, when the record has the steps beside Temporal alone', () => {
    const temporalShape = { tasks: 10, steps: ['activity'] as ('activity' | 'local')[], upsertsPerTask: 2, wallPerTaskMs: { p50: 90, p95: 99 }, meanPerTaskMs: 90, variants: { inlineMeanMs: 60, oneRoundTripFewerMeanMs: 80 } };
    const steps = [
      { step: 'start', tandemMs: 22, workMs: 0, temporalMs: 21 },
      { step: 'reviewChanges', tandemMs: 23.3, workMs: 12.7, temporalMs: 3.2 },
      { step: 'decision after reviewChanges + 1 local', tandemMs: 27.3, workMs: 7.2, temporalMs: 10.2 },
      { step: 'runChecks', tandemMs: 13, workMs: 7.3, temporalMs: 3.2 },
    ];
    const text = renderReadmeTable({ ...result, figures: { ...result.figures, scale: [{ ...column(10, 'none', 222), temporalShape, steps }] } });
    expect(text).toContain(
      "Step by step (medians, summed): 86 ms per task, of which Temporal alone 38 ms, processes, model and tool calls 27 ms, and Tandem's own code 21 ms (most in: decision after reviewChanges + 1 local 10 ms, reviewChanges 7 ms, runChecks 3 ms).",
    );
    // Older records, and steps without Temporal alone beside them, say nothing of it.
    const without = renderReadmeTable({ ...result, figures: { ...result.figures, scale: [{ ...column(10, 'none', 222), temporalShape, steps: steps.map(({ temporalMs: _t, ...step }) => step) }] } });
    expect(without).not.toContain('Step by step');
  });

  it('replaces only what lies between the markers', () => {
    const readme = '# App\n\nbefore\n<!-- bench:start -->\nold table\n<!-- bench:end -->\nafter\n';
    const updated = spliceReadme(readme, 'new table\n')!;
    expect(updated).toBe('# App\n\nbefore\n<!-- bench:start -->\nnew table\n<!-- bench:end -->\nafter\n');
    expect(readmeBlock(updated)).toBe('new table\n');
    expect(spliceReadme('# App without markers\n', 'x\n')).toBeUndefined();
  });

  it('README.md shows exactly what bench/results/latest.json renders (run `npm run bench:readme` after a bench)', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const latest = JSON.parse(readFileSync(join(root, 'bench', 'results', 'latest.json'), 'utf8')) as ReadmeSource;
    const block = readmeBlock(readFileSync(join(root, 'README.md'), 'utf8'));
    expect(block, 'README.md needs the <!-- bench:start --> … <!-- bench:end --> block').toBeDefined();
    expect(block).toBe(renderReadmeTable(latest));
  });
});
