/**
 * What a report says about a run, derived from the journal (the source of
 * truth), TODO.md (titles, skipped tasks, tasks done by an earlier run) and
 * the branch's task commits. Pure, so both renderers and tests share it.
 */
import type { TodoTask } from '../../plan/index.js';
import type { RunRecord } from '../../activities/run-setup.js';
import { addSpend, ZERO_SPEND, type Spend } from '../../contracts/run.js';
import type { AttemptEntry, BaselineEntry, RunJournal, Span, TaskEntry } from '../journal/journal-model.js';
import type { PlanningSpend } from './planning-spend.js';
import type { ConvergeRoundRecord } from '../../journal/records.js';
import { spendOf } from '../../contracts/spend.js';
import type { ConvergeRound } from '../../contracts/converge.js';
import { buildTraceMatrix, type TraceMatrix, type TraceTask } from './trace-matrix.js';
import { mdCode } from './escape.js';
import { convergeOutcomeLine } from './converge-outcome.js';
import type { IntegrationEntry } from '../journal/integration-records.js';
import { reportLanes, taskIntegrations, type ReportIntegration, type ReportLanes } from './report-lanes.js';

export type ReportTaskState = 'committed' | 'failed' | 'skipped' | 'in progress' | 'not run';

export interface ReportTask {
  id: string;
  title?: string;
  state: ReportTaskState;
  attempts: AttemptEntry[];
  spend: Spend;
  span?: Span;
  sha?: string;
  /** Why it failed or was skipped. */
  reason?: string;
  /** Committed or failed by an earlier execution: the plan says so, this journal has no attempt. */
  earlier?: boolean;
  /** With lanes: the lane it ran in (from 1), and how each approved attempt reached the run branch. */
  lane?: number;
  integrations?: ReportIntegration[];
}

export interface ReportModel {
  journalDir: string;
  run?: RunRecord;
  planTitle?: string;
  tasks: ReportTask[];
  totals: Record<ReportTaskState, number> & { spend: Spend };
  /** From the run's start to the last thing journaled; the timeline's time axis. */
  span?: Span;
  /** The project's tests run on the base commit before any task, with when they ran. */
  baseline?: ReportBaseline;
  /** What `tandem plan` spent writing this run's plan; kept out of `totals`, which are the run's. */
  planning?: PlanningSpend;
  /** The converge review's rounds, as journaled. */
  converge?: ConvergeRoundRecord[];
  /** The converge review's outcome in one line (`every requirement met (round 2 by …)`, `skipped — …`, `not run`). */
  convergeLine: string;
  /** Requirement → task → commit → test → verdict. */
  trace: TraceMatrix;
  /** Set for a run with lanes (`--parallel`), or when tasks ran at the same time. */
  lanes?: ReportLanes;
  problems: string[];
}

export interface ReportBaseline {
  command: string;
  passed: boolean;
  span: Span;
}

export interface ReportInputs {
  journal: RunJournal;
  /** TODO.md's tasks, in plan order, when it could be read. */
  planTasks?: TodoTask[];
  planTitle?: string;
  /** Task id → sha of its commit on the run branch (`Tandem-Task` trailers); wins over the journaled sha, which with lanes is the task branch's. */
  commits?: Record<string, string>;
  planning?: PlanningSpend;
  /** The journaled converge rounds, oldest first. */
  converge?: ConvergeRound[];
  /** Task id → its integration re-tests (`tasks/<id>/integration-<n>.json`), with lanes. */
  integrations?: Record<string, IntegrationEntry[]>;
}

export function buildReportModel(inputs: ReportInputs): ReportModel {
  const { journal } = inputs;
  const byId = new Map(journal.tasks.map((task) => [task.id, task]));
  const planned = inputs.planTasks ?? [];
  const ids = [...planned.map((t) => t.id), ...journal.tasks.map((t) => t.id).filter((id) => !planned.some((p) => p.id === id))];
  const laned = withLanes(ids.map((id) => reportTask(id, byId.get(id), planned.find((p) => p.id === id), inputs.commits?.[id])), inputs);
  const tasks = laned.tasks;

  const totals = { committed: 0, failed: 0, skipped: 0, 'in progress': 0, 'not run': 0, spend: ZERO_SPEND };
  for (const task of tasks) {
    totals[task.state]++;
    totals.spend = addSpend(totals.spend, task.spend);
  }
  // The converge review is the run's spend too, as in `tandem status`.
  for (const round of journal.converge ?? []) totals.spend = addSpend(totals.spend, spendOf(round.usage, round.costUsd));
  const ends = journal.tasks.flatMap((t) => (t.span ? [t.span.finishedAt] : []));
  if (journal.baseline) ends.push(journal.baseline.at);
  // An integration's re-test ends after the task's last journaled decision.
  if (laned.lanes) ends.push(...Object.values(laned.lanes.spans).map((s) => s.finishedAt));
  const starts = journal.tasks.flatMap((t) => (t.span ? [t.span.startedAt] : []));
  const start = journal.run?.startedAt ?? (starts.length ? Math.min(...starts) : undefined);
  const span = start !== undefined && ends.length ? { startedAt: start, finishedAt: Math.max(start, ...ends) } : undefined;

  return {
    journalDir: journal.dir,
    ...(journal.run ? { run: journal.run } : {}),
    ...(inputs.planTitle ? { planTitle: inputs.planTitle } : {}),
    tasks,
    totals,
    ...(span ? { span } : {}),
    ...(journal.baseline ? { baseline: reportBaseline(journal.baseline) } : {}),
    ...(inputs.planning ? { planning: inputs.planning } : {}),
    ...(journal.converge ? { converge: journal.converge } : {}),
    convergeLine: convergeOutcomeLine(journal.convergeOutcome, journal.converge ?? inputs.converge ?? []),
    ...(laned.lanes ? { lanes: laned.lanes } : {}),
    trace: buildTraceMatrix({ tasks: tasks.map((task) => traceTask(task, planned.find((p) => p.id === task.id))), rounds: journal.converge ?? inputs.converge ?? [] }),
    problems: journal.problems,
  };
}

/**
 * A run with lanes gets each task's lane and integrations. A run is one when run.json
 * says `parallel`, an integration re-test was journaled, or an approved attempt was
 * followed by another (an integration sent it back); older journals of such runs
 * still show their lanes when tasks overlapped.
 */
function withLanes(tasks: ReportTask[], inputs: ReportInputs): { tasks: ReportTask[]; lanes?: ReportLanes } {
  const records = inputs.integrations ?? {};
  const sentBack = tasks.some((task) => task.attempts.slice(0, -1).some((a) => a.decision?.decision === 'commit'));
  // One lane (a plain `tandem run`) is one task at a time: nothing to say about lanes unless a change was integrated or sent back.
  const laned = (inputs.journal.run?.parallel ?? 0) > 1 || Object.keys(records).length > 0 || sentBack;
  const withIntegrations = tasks.map((task) => (laned && task.attempts.length ? { ...task, integrations: taskIntegrations(task.attempts, records[task.id]) } : task));
  const lanes = reportLanes(withIntegrations.map((task) => ({ id: task.id, ...(task.span ? { span: task.span } : {}), integrations: task.integrations ?? [] })), inputs.journal.run?.parallel);
  if (!lanes || (!laned && lanes.count < 2)) return { tasks: withIntegrations };
  return { tasks: withIntegrations.map((task) => (lanes.byTask[task.id] ? { ...task, lane: lanes.byTask[task.id] } : task)), lanes };
}

function traceTask(task: ReportTask, planned: TodoTask | undefined): TraceTask {
  const test = task.attempts.length ? checksSummary(task.attempts.at(-1)) : undefined;
  return {
    id: task.id,
    ...(task.title ? { title: task.title } : {}),
    requirements: planned?.requirements ?? [],
    ...(task.state === 'committed' && task.sha ? { sha: task.sha } : {}),
    ...(test ? { test } : {}),
  };
}

/** What an attempt's checks (the task's Verify command, the project's tests) said: `passed: \`npm test\``, `failed: …`, `not run`. */
export function checksSummary(attempt: AttemptEntry | undefined): string {
  const checks = attempt?.checks;
  if (!checks) return 'not run';
  if (checks.passed) return checks.commands.length ? `passed: ${checks.commands.map((c) => mdCode(c.command)).join(', ')}` : 'passed (no test command)';
  const failed = checks.commands.find((c) => c.exitCode !== 0);
  return failed ? `failed: ${mdCode(failed.command)} ${failed.timedOut ? 'timed out' : `exit ${failed.exitCode}`}` : 'failed';
}

/** The record is written when the command ends; it started `durationMs` before. */
function reportBaseline(record: BaselineEntry): ReportBaseline {
  return { command: record.command, passed: record.exitCode === 0 && !record.timedOut, span: { startedAt: record.at - record.durationMs, finishedAt: record.at } };
}

function reportTask(id: string, journaled: TaskEntry | undefined, planned: TodoTask | undefined, commitSha: string | undefined): ReportTask {
  const base = {
    id,
    ...(planned?.title ? { title: planned.title } : {}),
    attempts: journaled?.attempts ?? [],
    spend: journaled?.spend ?? ZERO_SPEND,
    ...(journaled?.span ? { span: journaled.span } : {}),
  };
  const decision = journaled?.decision;
  // A task skipped while it ran was rolled back as `cancelled`: the plan's `[-]` is the truth.
  if (planned?.status === 'skipped' && decision?.decision !== 'commit') return { ...base, state: 'skipped', ...(planned.reason ? { reason: planned.reason } : {}) };
  // With lanes the decision's sha is the commit in the task's worktree; the branch has its integrated copy.
  const sha = commitSha ?? decision?.sha;
  if (decision?.decision === 'commit') return { ...base, state: 'committed', ...(sha ? { sha } : {}) };
  if (decision?.decision === 'give_up') return { ...base, state: 'failed', reason: decision.reason, ...(decision.sha ? { sha: decision.sha } : {}) };
  if (journaled?.attempts.length) return { ...base, state: 'in progress', ...(planned?.reason ? { reason: planned.reason } : {}) };
  switch (planned?.status) {
    case 'done':
      return { ...base, state: 'committed', earlier: true, ...(commitSha ? { sha: commitSha } : {}) };
    case 'failed':
      return { ...base, state: 'failed', earlier: true, ...(planned.reason ? { reason: planned.reason } : {}) };
    default:
      return { ...base, state: 'not run' };
  }
}
