/**
 * What the report says about the lanes of a run (`--parallel`): which lane each
 * task ran in, how many ran at once, what running them side by side saved, and
 * how each approved change reached the run branch (its integration: the wait,
 * the re-test on the combined tree, or why it was sent back). Pure: built from
 * the journal's tasks and integration records.
 */
import { assignLanes } from '../../contracts/lane-assignment.js';
import type { IntegrationEntry } from '../journal/integration-records.js';
import type { AttemptEntry, Span } from '../journal/journal-model.js';
import { mdCode } from './escape.js';

export interface ReportIntegration {
  /** The attempt whose approved commit went to the run branch. */
  attempt: number;
  /** When that attempt was approved and committed in its worktree: its wait for the run branch starts here. */
  approvedAt: number;
  /** The checks again on the combined tree, when the head had moved (a fast-forward runs none). */
  retest?: Span & { passed: boolean; command?: string };
  /** `refused`: a conflict or a failing re-test sent the task back for a new attempt on the new head. */
  outcome: 'landed' | 'refused';
  reason?: string;
  /** The next attempt's start, for a refused one: the gap is the integration and the fresh worktree. */
  nextAttemptAt?: number;
}

export interface ReportLanes {
  /** Task id → lane, from 1. */
  byTask: Record<string, number>;
  /** Lanes used: the most tasks at work at the same time. */
  count: number;
  /** `--parallel N` the run was started with, when its run.json says. */
  allowed?: number;
  /** Task id → its time in its lane: the first attempt's start to the end of its last integration known. */
  spans: Record<string, Span>;
  /** From the first task's start to the last task's end. */
  wallMs: number;
  /** Each task's time in its lane, added up: what one lane would have taken. */
  taskMs: number;
}

/** How each approved attempt of a task reached the branch; empty for a run without lanes (one lane commits in place). */
export function taskIntegrations(attempts: AttemptEntry[], records: IntegrationEntry[] = []): ReportIntegration[] {
  return attempts.flatMap((attempt, index): ReportIntegration[] => {
    const decision = attempt.decision;
    if (decision?.decision !== 'commit') return [];
    const next = attempts[index + 1];
    const record = records.find((r) => r.attempt === attempt.attempt);
    const failed = record?.commands.find((c) => c.exitCode !== 0);
    const retest = record ? { startedAt: record.at - record.commands.reduce((ms, c) => ms + c.durationMs, 0), finishedAt: record.at, passed: !failed, ...(record.commands.length ? { command: (failed ?? record.commands.at(-1)!).command } : {}) } : undefined;
    const base = { attempt: attempt.attempt, approvedAt: decision.at, ...(retest ? { retest } : {}) };
    if (!next) return [{ ...base, outcome: 'landed' }];
    const reason = failed ? `${mdCode(failed.command)} ${failed.timedOut ? 'timed out' : `exited ${failed.exitCode}`} on the combined tree` : conflictReason(attempt.feedback);
    const nextAt = next.span?.startedAt ?? next.promptAt;
    return [{ ...base, outcome: 'refused', reason, ...(nextAt !== undefined ? { nextAttemptAt: nextAt } : {}) }];
  });
}

/** activities/integrate.ts writes the conflict to the attempt's feedback: `… git reports a conflict in a.txt, b.txt.` */
function conflictReason(feedback: string | undefined): string {
  const files = /git reports a conflict in (.+?)\.(?:\n|$)/.exec(feedback ?? '')?.[1];
  return files ? `conflict in ${files}` : 'did not apply on the new head';
}

export interface LaneTask {
  id: string;
  span?: Span;
  integrations: ReportIntegration[];
}

/** The lanes of a run; undefined when no task has a timed span. */
export function reportLanes(tasks: LaneTask[], allowed?: number): ReportLanes | undefined {
  const spans: Record<string, Span> = {};
  for (const task of tasks) {
    if (!task.span) continue;
    const ends = task.integrations.flatMap((i) => (i.retest ? [i.retest.finishedAt] : []));
    spans[task.id] = { startedAt: task.span.startedAt, finishedAt: Math.max(task.span.finishedAt, ...ends) };
  }
  const timed = Object.entries(spans);
  if (timed.length === 0) return undefined;
  const { lanes, count } = assignLanes(timed.map(([id, span]) => ({ id, ...span })));
  const wallMs = Math.max(...timed.map(([, s]) => s.finishedAt)) - Math.min(...timed.map(([, s]) => s.startedAt));
  const taskMs = timed.reduce((ms, [, s]) => ms + (s.finishedAt - s.startedAt), 0);
  return { byTask: lanes, count, ...(allowed !== undefined ? { allowed } : {}), spans, wallMs, taskMs };
}
