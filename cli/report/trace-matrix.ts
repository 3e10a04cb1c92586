/**
 * The traceability matrix: requirement → task → commit → test → verdict.
 * Requirements come from the plan's `Requirements:` fields and, when the run
 * had a converge review, from its latest round, which also gives the verdicts
 * and may credit tasks the plan did not link. Pure: the report, `tandem pr`
 * and tests build it from plain data.
 */
import type { ConvergeItem, ConvergeRound, ConvergeVerdict } from '../../contracts/converge.js';
import { escapeMdCell } from './escape.js';

export interface TraceTask {
  id: string;
  title?: string;
  /** The plan's `Requirements:` ids. */
  requirements: readonly string[];
  /** The task's commit on the run branch, when it has one. */
  sha?: string;
  /** What its checks said on the committed attempt, e.g. `passed: npm test`; absent when unknown. */
  test?: string;
}

export interface TraceMatrixInput {
  /** In plan order. */
  tasks: readonly TraceTask[];
  /** Every journaled converge round; the latest one decides. */
  rounds?: readonly ConvergeRound[];
}

export type TraceVerdict = ConvergeVerdict | 'not reviewed';

export interface TraceRow {
  requirement: string;
  /** The requirement in words, when the converge reviewer gave them. */
  text?: string;
  task?: string;
  taskTitle?: string;
  commit?: string;
  /** `—` when there is no task or no result. */
  test: string;
  verdict: TraceVerdict;
}

export interface TraceMatrix {
  /** One row per requirement and task serving it; a requirement no task serves gets one row without a task. */
  rows: TraceRow[];
  /** The converge round the verdicts come from; absent when there was none. */
  round?: Pick<ConvergeRound, 'round' | 'reviewer' | 'headSha'>;
}

export function buildTraceMatrix(input: TraceMatrixInput): TraceMatrix {
  const latest = [...(input.rounds ?? [])].sort((a, b) => a.round - b.round).at(-1);
  const reviewed = new Map((latest?.items ?? []).filter((item) => item.kind === 'requirement').map((item) => [item.id, item]));
  const tasksById = new Map(input.tasks.map((task) => [task.id, task]));
  // The design's order (the reviewer's) first, then ids only the plan names, in plan order.
  const ids = [...reviewed.keys()];
  for (const task of input.tasks) for (const id of task.requirements) if (!ids.includes(id)) ids.push(id);

  const rows = ids.flatMap((id): TraceRow[] => {
    const item = reviewed.get(id);
    const named = input.tasks.filter((task) => task.requirements.includes(id)).map((task) => task.id);
    const credited = (item?.tasks ?? []).filter((taskId) => !named.includes(taskId));
    const serving = [...named, ...credited];
    const common = { requirement: id, ...(item?.text ? { text: item.text } : {}), verdict: item?.verdict ?? ('not reviewed' as const) };
    if (serving.length === 0) {
      const commit = evidenceCommit(item);
      return [{ ...common, ...(commit ? { commit } : {}), test: '—' }];
    }
    return serving.map((taskId) => {
      const task = tasksById.get(taskId);
      return {
        ...common,
        task: taskId,
        ...(task?.title ? { taskTitle: task.title } : {}),
        ...(task?.sha ? { commit: task.sha } : {}),
        test: task?.test ?? '—',
      };
    });
  });
  return { rows, ...(latest ? { round: { round: latest.round, reviewer: latest.reviewer, headSha: latest.headSha } } : {}) };
}

/** The first commit the reviewer cited, for a requirement no task serves (done in passing, or by hand). */
function evidenceCommit(item: ConvergeItem | undefined): string | undefined {
  return item?.evidence.find((evidence) => evidence.commit)?.commit;
}

export const TRACE_COLUMNS = ['Requirement', 'Task', 'Commit', 'Test', 'Verdict'];

/** One row as cell texts (unescaped), shared by the Markdown and HTML renderers. */
export function traceCells(row: TraceRow): string[] {
  return [
    row.text ? `${row.requirement}: ${row.text}` : row.requirement,
    row.task ? `${row.task}${row.taskTitle ? ` · ${row.taskTitle}` : ''}` : '—',
    row.commit ? row.commit.slice(0, 10) : '—',
    row.test,
    row.verdict,
  ];
}

/** Where the verdicts come from, in one sentence. */
export function traceCaption(matrix: TraceMatrix): string {
  if (matrix.rows.length === 0) return 'The plan names no requirements and no converge review ran.';
  const { round } = matrix;
  return round
    ? `Verdicts from converge round ${round.round}${round.reviewer ? ` by ${round.reviewer}` : ''}${round.headSha ? ` at ${round.headSha.slice(0, 10)}` : ''}.`
    : 'No converge review ran: verdicts are `not reviewed`.';
}

/** The matrix as Markdown lines (a caption, then a table), for report.md and pull request bodies. */
export function traceMatrixMarkdown(matrix: TraceMatrix): string[] {
  const lines = [traceCaption(matrix)];
  if (matrix.rows.length === 0) return lines;
  lines.push(
    '',
    `| ${TRACE_COLUMNS.join(' | ')} |`,
    `|${TRACE_COLUMNS.map(() => '---').join('|')}|`,
    ...matrix.rows.map((row) => `| ${traceCells(row).map(escapeMdCell).join(' | ')} |`),
  );
  return lines;
}
