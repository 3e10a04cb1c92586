/**
 * The README's benchmark table, rendered from a bench result (the committed
 * bench/results/latest.json), and the splice that puts it between the
 * README's markers. Pure, so a test can say the README matches the record.
 */
import type { ConcurrentFigures } from './concurrent-figures.js';
import type { LaneFigures } from './lanes.js';
import type { MachineFacts } from './machine.js';
import { scaleVariant, type ScaleFigures } from './run-scale.js';
import { activityCountText, beyondTemporalMs, isMeasured } from './overhead.js';
import type { StepFigure } from './task-steps.js';
import type { ShapeFigures } from './task-shape.js';
import { GIT_PROCESSES_PER_TASK, HONEST_P50_MS, HONEST_P95_MS } from './targets-overhead.js';
import { CONCURRENT_OVERHEAD_RATIO, perCall } from './targets-concurrent.js';
import type { TargetResult } from './target-result.js';

export const README_START = '<!-- bench:start -->';
export const README_END = '<!-- bench:end -->';

type ScaleColumn = Pick<
  ScaleFigures,
  'tasks' | 'sandbox' | 'workspace' | 'wallPerTaskMs' | 'honestOverheadPerTaskMs' | 'overheadPerTaskMs' | 'gitProcessesPerTask' | 'overheadRatio' | 'activityCounts' | 'peakRssBytes' | 'temporalShape' | 'workFloorMs' | 'steps'
>;

type ConcurrentLine = Pick<ConcurrentFigures, 'tasksPerRun' | 'overheadRatio'> & {
  single: Pick<ConcurrentFigures['single'], 'honestOverheadPerTaskMs'>;
  concurrent: Pick<ConcurrentFigures['concurrent'], 'runs' | 'honestOverheadPerTaskMs' | 'peakRssBytes' | 'historyWarnings'>;
};

/** What the table reads of a bench result. */
export interface ReadmeSource {
  startedAt: string;
  machine: Pick<MachineFacts, 'cpus' | 'cpuModel' | 'loadAverageStart' | 'loadAverageEnd' | 'tandemSha'>;
  figures: {
    scale: ScaleColumn[];
    bwrap: ScaleColumn;
    /** Absent in records before 2026-12-01. */
    worktree?: ScaleColumn;
    floor: { gitCommitMs: { p50: number }; spawnTrueMs: { p50: number }; activityRoundTripMs: { p50: number } };
    /** At the top level the instant model; `withModelLatency` is absent in records before it. */
    concurrent?: ConcurrentLine & { withModelLatency?: ConcurrentLine & { modelLatencyMs: number } };
    lanes?: Pick<LaneFigures, 'tasks' | 'modelLatencyMs' | 'runs' | 'integrations' | 'dag'>;
  };
  targets: Pick<TargetResult, 'pass'>[];
}

/** The markdown that goes between the markers (without them), ending in a newline. */
export function renderReadmeTable(result: ReadmeSource): string {
  const { machine, figures } = result;
  const columns = [...figures.scale, figures.bwrap, ...(figures.worktree ? [figures.worktree] : [])];
  const head = ['per task, instant model', ...columns.map((c) => `${c.tasks.toLocaleString('en-US')} tasks${scaleVariant(c)}`), 'target'];
  const row = (label: string, cell: (c: ScaleColumn) => string, target: string) => `| ${[label, ...columns.map(cell), target].join(' | ')} |`;
  const pair = (spread: { p50: number; p95: number }) => `${round(spread.p50)} / ${round(spread.p95)} ms`;
  const load = (values: number[]) => values[0]?.toFixed(1) ?? '?';
  const judged = result.targets.filter((t) => t.pass !== undefined && t.pass !== null);
  const lines = [
    `Latest \`npm run bench\` (${result.startedAt.slice(0, 10)}, ${machine.cpus} × ${machine.cpuModel}, load ${load(machine.loadAverageStart)} → ${load(machine.loadAverageEnd)}, Tandem ${machine.tandemSha.slice(0, 7)}): what Tandem adds to a trivial task on an instant model. Overhead is wall time minus the model, tools, the test command and one \`git add\` + \`git commit\` as done by hand in the run's repository (the row "done by hand"). Generated from \`bench/results/latest.json\` by \`npm run bench:readme\`; see [docs/benchmarks.md](docs/benchmarks.md).`,
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    row('wall p50 / p95', (c) => pair(c.wallPerTaskMs), ''),
    row('overhead p50 / p95', (c) => pair(c.honestOverheadPerTaskMs), `≤ ${HONEST_P50_MS} / ${HONEST_P95_MS} ms`),
    row('done by hand: test + add/commit', (c) => `${round(c.workFloorMs.testMs)} + ${round(c.workFloorMs.commitMs)} ms${c.workFloorMs.commitRepoFiles === undefined ? '' : ` (${c.workFloorMs.commitRepoFiles.toLocaleString('en-US')} files)`}`, ''),
    row('old reading (all git taken out)', (c) => pair(c.overheadPerTaskMs), ''),
    row('git processes', (c) => String(c.gitProcessesPerTask), `≤ ${GIT_PROCESSES_PER_TASK}`),
    row('overhead ÷ its activities run bare', (c) => `${times(c.overheadRatio)} (${c.activityCounts.regular} + ${activityCountText(c.activityCounts.local)} local)`, '≤ 1.5×'),
    row('peak worker RSS', (c) => `${mb(c.peakRssBytes)} MB`, '< 400 MB at 1,000'),
  ];
  const shaped = figures.scale.filter((c) => c.temporalShape !== undefined).at(-1);
  if (shaped?.temporalShape) lines.push('', shapeSentence(shaped, shaped.temporalShape));
  const steps = shaped?.steps ? stepsSentence(shaped.steps) : undefined;
  if (steps) lines[lines.length - 1] += ` ${steps}`;
  if (figures.concurrent) lines.push('', concurrentSentence(figures.concurrent, machine.cpus));
  const lanes = figures.lanes;
  if (lanes) {
    const walls = lanes.runs.map((run) => `${(run.wallMs / 1000).toFixed(1)} s`).join(' / ');
    const ratios = lanes.runs.slice(1).map((run) => times(run.ratio)).join(' / ');
    const widest = lanes.runs.reduce((most, run) => (run.lanes > most.lanes ? run : most));
    lines.push(
      '',
      `Lanes (\`--parallel\`), ${lanes.tasks} independent tasks with ${lanes.modelLatencyMs / 1000} s per model call: ${lanes.runs.map((run) => run.lanes).join(' / ')} lanes take ${walls} (${ratios} of one lane; targets ≤ 0.35× at 4, ≤ 0.25× at 8); a DAG ${lanes.dag.width} wide and ${lanes.dag.depth} deep takes ${times(lanes.dag.ratio)} its critical path (target ≤ 1.2×); an integration costs ${round(lanes.integrations.overheadP50Ms)} ms beyond its re-test (p50, target ≤ 150 ms); peak worker RSS ${mb(widest.peakRssBytes)} MB at ${widest.lanes} lanes.`,
    );
  }
  lines.push('', `${judged.filter((t) => t.pass === true).length} of ${judged.length} targets pass in this run.`);
  return `${lines.join('\n')}\n`;
}

/** Temporal's own cost for a task's shape, and what Tandem adds beyond it (records before it have none). */
function shapeSentence(column: ScaleColumn, shape: ShapeFigures): string {
  const locals = shape.steps.filter((step) => step === 'local').length;
  const steps = `${shape.steps.length - locals} activities and ${locals} local ones`;
  const { variants } = shape;
  const upserts = `${shape.upsertsPerTask} search-attribute upsert${shape.upsertsPerTask === 1 ? '' : 's'}`;
  const others = [
    `${round(shape.meanPerTaskMs)} ms as now`,
    `${round(variants.inlineMeanMs)} ms with the steps in the run workflow (no child workflow)`,
    // A task of one round trip has no shape with one fewer.
    ...(isMeasured(variants.oneRoundTripFewerMeanMs) ? [`${round(variants.oneRoundTripFewerMeanMs)} ms with one round trip fewer`] : []),
  ];
  return (
    `Temporal alone, on the same server right after the ${column.tasks.toLocaleString('en-US')}-task run, takes ${round(shape.wallPerTaskMs.p50)} ms per task (p50) for the same shape with no-op steps (a child workflow per task, ${steps}, ${upserts}): Tandem's own code and bookkeeping add ${round(beyondTemporalMs(column, shape))} ms beyond it. ` +
    `Other shapes, mean per task: ${others.join(', ')}.`
  );
}

/**
 * Where a task's time goes, from the step-by-step medians (bench/task-steps.ts): Temporal alone, the
 * processes, model and tool calls, and Tandem's own code, with the steps that carry most of it.
 * Undefined for records before 2026-12-02 or without Temporal alone beside them.
 */
function stepsSentence(steps: StepFigure[]): string | undefined {
  if (steps.some((step) => step.temporalMs === undefined || step.workMs === undefined)) return undefined;
  const rest = (step: StepFigure) => step.tandemMs - step.workMs! - step.temporalMs!;
  const sum = (value: (step: StepFigure) => number) => steps.reduce((total, step) => total + value(step), 0);
  const largest = [...steps].sort((a, b) => rest(b) - rest(a)).slice(0, 3).map((step) => `${step.step} ${round(rest(step))} ms`);
  return (
    `Step by step (medians, summed): ${round(sum((s) => s.tandemMs))} ms per task, of which Temporal alone ${round(sum((s) => s.temporalMs!))} ms, ` +
    `processes, model and tool calls ${round(sum((s) => s.workMs!))} ms, and Tandem's own code ${round(sum(rest))} ms (most in: ${largest.join(', ')}).`
  );
}

/** One sentence; records from before the latency comparison read as they always did. */
function concurrentSentence(instant: NonNullable<ReadmeSource['figures']['concurrent']>, cpus: number): string {
  const runs = `${instant.concurrent.runs} runs of ${instant.tasksPerRun} tasks at once, a process each`;
  const against = (c: ConcurrentLine) => `overhead p50 ${round(c.concurrent.honestOverheadPerTaskMs.p50)} ms against ${round(c.single.honestOverheadPerTaskMs.p50)} ms for one run alone`;
  const slow = instant.withModelLatency;
  if (!slow) {
    return `${runs}: ${against(instant)} (${times(instant.overheadRatio)}, target ≤ ${CONCURRENT_OVERHEAD_RATIO}×), peak RSS of all processes ${mb(instant.concurrent.peakRssBytes)} MB, ${instant.concurrent.historyWarnings.length} history warnings.`;
  }
  const warnings = instant.concurrent.historyWarnings.length + slow.concurrent.historyWarnings.length;
  return (
    `${runs}, with ${perCall(slow.modelLatencyMs)}: ${against(slow)} (${times(slow.overheadRatio)}, target ≤ ${CONCURRENT_OVERHEAD_RATIO}×). ` +
    `On the instant model, where every run is pure CPU and ${instant.concurrent.runs} runs share ${cpus} CPUs: ${against(instant)} (${times(instant.overheadRatio)}, reported, not judged). ` +
    `Peak RSS of all processes ${mb(slow.concurrent.peakRssBytes)} MB with the latency, ${mb(instant.concurrent.peakRssBytes)} MB instant; ${warnings} history warnings.`
  );
}

/** `readme` with everything between the markers replaced by `block`; undefined when the markers are missing or out of order. */
export function spliceReadme(readme: string, block: string): string | undefined {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) return undefined;
  return `${readme.slice(0, start + README_START.length)}\n${block}${readme.slice(end)}`;
}

/** The text between the markers as it is now; undefined without them. */
export function readmeBlock(readme: string): string | undefined {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + README_START.length + 1, end);
}

// JSON turns NaN (a figure not measured) into null.
const round = (ms: number | null) => (isMeasured(ms) ? ms.toFixed(0) : '–');
const times = (ratio: number | null) => (isMeasured(ratio) ? `${ratio.toFixed(2)}×` : '–');
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
