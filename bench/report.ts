/** The bench's output: one table of figures, the targets with PASS or FAIL, and the same as JSON. */
import Table from 'cli-table3';
import type { MachineFacts } from './machine.js';
import type { BenchFigures, TargetResult } from './targets.js';
import { scaleVariant, type ScaleFigures } from './run-scale.js';
import { activityCountText, beyondTemporalMs } from './overhead.js';
import { tokensTable } from './tokens-report.js';
import { lanesTable } from './lanes-report.js';
import { concurrentTable } from './concurrent-report.js';
import { stepsTable } from './steps-report.js';

export interface BenchReport {
  startedAt: string;
  /** The machine, tool versions and load (shared machines: compare results knowingly). */
  machine: MachineFacts;
  benchMs: number;
  figures: BenchFigures;
  targets: TargetResult[];
}

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : '–');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export function renderReport(report: BenchReport): string {
  const { floor, scale, bwrap, prompt, cache } = report.figures;
  const floorTable = table(['floor (same server, same run)', 'p50', 'p95']);
  floorTable.push(
    ['bare no-op activity round trip', ms(floor.activityRoundTripMs.p50), ms(floor.activityRoundTripMs.p95)],
    ['bare no-op local activity', ms(floor.localActivityMs.p50), ms(floor.localActivityMs.p95)],
    ['git commit of a one-line change (add + commit)', ms(floor.gitCommitMs.p50), ms(floor.gitCommitMs.p95)],
    ['spawn `true` via runCommand, sandbox none', ms(floor.spawnTrueMs.p50), ms(floor.spawnTrueMs.p95)],
    ['spawn `true` via runCommand, sandbox bwrap', ms(floor.spawnTrueBwrapMs.p50), ms(floor.spawnTrueBwrapMs.p95)],
  );

  const runs = [...scale, bwrap, ...(report.figures.worktree ? [report.figures.worktree] : [])];
  const scaleTable = table(['tandem (instant model)', ...runs.map((s) => `${s.tasks} tasks${scaleVariant(s)}`)]);
  const row = (label: string, cell: (s: ScaleFigures) => string) => scaleTable.push([label, ...runs.map(cell)]);
  row('total run time', (s) => `${(s.totalMs / 1000).toFixed(1)} s`);
  row('wall per task p50 / p95', (s) => `${s.wallPerTaskMs.p50.toFixed(0)} / ${s.wallPerTaskMs.p95.toFixed(0)} ms`);
  row('  git / test / tool / model (p50)', (s) => `${s.workPerTaskMs.git.toFixed(0)} / ${s.workPerTaskMs.test.toFixed(0)} / ${s.workPerTaskMs.tool.toFixed(0)} / ${s.workPerTaskMs.model.toFixed(0)} ms`);
  row('git processes per task (p50)', (s) => String(s.gitProcessesPerTask));
  row('  which, in a task with that many', (s) => (s.gitSubcommandsPerTask ?? []).join(' ') || '–');
  row('honest overhead per task p50 / p95', (s) => `${s.honestOverheadPerTaskMs.p50.toFixed(0)} / ${s.honestOverheadPerTaskMs.p95.toFixed(0)} ms`);
  row('  subtracted: test + one add/commit (floor)', (s) => `${s.workFloorMs.testMs.toFixed(0)} + ${s.workFloorMs.commitMs.toFixed(0)} ms${s.workFloorMs.commitRepoFiles === undefined ? '' : ` (${s.workFloorMs.commitRepoFiles} files)`}`);
  row('old reading: overhead p50 / p95 (all git out)', (s) => `${s.overheadPerTaskMs.p50.toFixed(0)} / ${s.overheadPerTaskMs.p95.toFixed(0)} ms`);
  row('activities per task: round trips + local', (s) => `${s.activityCounts.regular} + ${activityCountText(s.activityCounts.local)}`);
  row('bare round trip measured next to it (p50)', (s) => ms(s.roundTripMs));
  row('honest overhead ÷ bare activities', (s) => `${s.overheadRatio.toFixed(2)}×`);
  row('Temporal alone, same task shape, no-ops p50 / p95', (s) => (s.temporalShape ? `${s.temporalShape.wallPerTaskMs.p50.toFixed(0)} / ${s.temporalShape.wallPerTaskMs.p95.toFixed(0)} ms` : '–'));
  row('  honest overhead beyond it (p50 − p50)', (s) => (s.temporalShape ? ms(beyondTemporalMs(s, s.temporalShape)) : '–'));
  row('  mean: as now / inline, no child / 1 trip fewer', (s) => {
    const shape = s.temporalShape;
    return shape ? `${ms(shape.meanPerTaskMs)} / ${ms(shape.variants.inlineMeanMs)} / ${ms(shape.variants.oneRoundTripFewerMeanMs)}` : '–';
  });
  row('old: overhead per activity (× round trip)', (s) => `${ms(s.overheadPerActivityMs)} (${(s.overheadPerActivityMs / s.roundTripMs).toFixed(2)}×)`);
  row('task history p50: events / bytes', (s) => `${s.taskHistory.eventsP50} / ${kb(s.taskHistory.bytesP50)}`);
  row('run history: executions, largest', (s) => `${s.runHistory.executions}, ${Math.max(...s.runHistory.events)} ev / ${kb(Math.max(...s.runHistory.bytes))}`);
  row('peak worker RSS', (s) => mb(s.peakRssBytes));

  const activityTypes = [...new Set(runs.flatMap((s) => Object.keys(s.activityRunMs)))];
  for (const type of activityTypes) row(`  in ${type} (p50)`, (s) => ms(s.activityRunMs[type] ?? Number.NaN));

  const promptTable = table(['prompt (OpenAI fake)', `${prompt.small.files} files`, `${prompt.large.files} files`]);
  const tokens = (bytes: number) => `${bytes} B ≈ ${Math.round(bytes / 4)} tok`;
  promptTable.push(
    ['implementer first prompt', tokens(prompt.small.firstPromptBytes), tokens(prompt.large.firstPromptBytes)],
    [`whole conversation (sum of ${prompt.small.requests} requests)`, tokens(prompt.small.conversationBytes), tokens(prompt.large.conversationBytes)],
  );
  promptTable.push([`cacheable prefix over ${cache.steps} steps`, `${(cache.share * 100).toFixed(1)}% (${cache.prefixBytes} of ${cache.inputBytes} B)`, '']);
  const { planLength } = report.figures;
  promptTable.push([`first prompt of T1 / T${planLength.lateTask} (${planLength.tasks}-task plan)`, tokens(planLength.firstTaskBytes), tokens(planLength.lateTaskBytes)]);

  const steps = stepsTable(scale);
  const concurrent = report.figures.concurrent ? concurrentTable(report.figures.concurrent, report.machine.cpus) : undefined;

  const targetTable = table(['target', 'measured', '']);
  for (const target of report.targets) targetTable.push([target.target, target.measured, target.pass === undefined ? 'n/a' : target.pass ? 'PASS' : 'FAIL']);

  return [
    `Tandem bench · ${report.startedAt} · ${report.machine.cpus} CPUs · load average ${report.machine.loadAverage.toFixed(1)} at the end · node ${report.machine.node}`,
    machineLine(report.machine),
    floorTable.toString(),
    scaleTable.toString(),
    ...(steps ? [steps.toString()] : []),
    promptTable.toString(),
    tokensTable(cache).toString(),
    ...(report.figures.lanes ? [lanesTable(report.figures.lanes).toString()] : []),
    ...(concurrent ? [concurrent] : []),
    targetTable.toString(),
    `bench time ${(report.benchMs / 1000).toFixed(0)} s. Honest overhead = wall − (model + tool + the floor's test command + one add + commit); the old reading took out every git process instead. Scale runs use sandbox none, the bwrap column runs the same plan sandboxed (its test command floor is \`bwrap … true\`).`,
  ].join('\n');
}

function machineLine(machine: MachineFacts): string {
  const load = (values: number[] | undefined) => (values ?? []).map((value) => value.toFixed(2)).join(' ');
  return `${machine.cpuModel} · ${mb(machine.totalMemoryBytes)} · load ${load(machine.loadAverageStart)} → ${load(machine.loadAverageEnd)} · ${machine.npm ? `npm ${machine.npm} · ` : ''}${machine.git} · ${machine.temporal} · bwrap ${machine.bwrap} · tandem ${machine.tandemSha}`;
}

function table(head: string[]): InstanceType<typeof Table> {
  return new Table({ head, style: { head: [], border: [] } });
}
