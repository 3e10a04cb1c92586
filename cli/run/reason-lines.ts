/**
 * Reasons (why a task failed, why a run is paused) end with what to do about
 * them, so a table cell must never be where they stop. A cell shows a short
 * form; the whole reason follows under the table, wrapped to the terminal.
 */
import type { TaskStatusRow } from '../../contracts/run.js';

/** Width of the reason cell in the status table and the live view. */
export const REASON_CELL = 48;

/** The cell text: the reason when it fits, else its start and a pointer to the full text below. */
export function reasonCell(reason: string, width = REASON_CELL): string {
  const flat = reason.replace(/\s+/g, ' ').trim();
  return flat.length <= width ? flat : `${flat.slice(0, width - 9).trimEnd()}… (below)`;
}

/**
 * Lines for every reason the cells shortened: `T3 failed: …`, wrapped to
 * `columns` on a terminal (continuation lines indented); one line each in a
 * pipe, where a log or grep wants the whole reason on one line.
 */
export function fullReasonLines(reasons: CellReason[], columns: number | undefined): string[] {
  const shortened = reasons.filter(({ reason, cell }) => (cell ?? reason).replace(/\s+/g, ' ').trim().length > REASON_CELL);
  return shortened.flatMap(({ label, reason }) => wrapToTerminal(`${label}: ${reason}`, columns));
}

/** Wrapped to a terminal's width (never under 40); unwrapped when there is no terminal. */
export function wrapToTerminal(text: string, columns: number | undefined): string[] {
  return columns ? wrap(text, Math.max(40, columns), '    ') : [text.replace(/\s+/g, ' ').trim()];
}

export interface CellReason {
  /** e.g. `T3 failed`. */
  label: string;
  reason: string;
  /** What the cell was given, when more than the reason (`paused: …`). */
  cell?: string;
}

/** The reasons a task table shows: each row's (why it failed, was skipped, is blocked), and the running task's pause. */
export function rowReasons(rows: TaskStatusRow[], pausedTask?: { taskId: string; reason: string }): CellReason[] {
  const out: CellReason[] = rows.filter((row) => row.reason).map((row) => ({ label: `${row.id} ${row.state}`, reason: row.reason! }));
  if (pausedTask) out.push({ label: `${pausedTask.taskId} paused`, reason: pausedTask.reason, cell: `paused: ${pausedTask.reason}` });
  return out;
}

/** Word wrap; a word longer than the line (a URL, a path) is kept whole rather than cut. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (!line || candidate.length <= width) {
      line = candidate;
      continue;
    }
    lines.push(line);
    line = `${indent}${word}`;
  }
  if (line) lines.push(line);
  return lines;
}
