/**
 * Minimal edits of TODO.md text, used when a task is committed or rolled back:
 * the file may be hand-formatted and the user's diff must show only the status
 * change, so the text is edited in place rather than re-rendered.
 */
import { TodoParseError } from './todo-errors.js';
import { parseTodoLocated, type ParseTodoOptions } from './todo-parse.js';
import { parseTaskRegion, taskIdOfLine, type LocatedTask } from './todo-parse-tasks.js';
import { knownField } from './todo-fields.js';
import { findTaskList, TASK_START } from './todo-sniff.js';
import { oneLine, splitLines } from './todo-text.js';
import { MARK_STATUSES, STATUS_MARKS, type TaskStatus } from './todo-types.js';

const CHECKBOX = /^([-*+][ \t]+\[)([^\]]?)(\])/;

/**
 * Returns `text` with task `taskId` marked `status`. Only that task's checkbox
 * character and its `- Reason:` line change; every other byte (line endings,
 * byte-order mark, formatting) is kept. A non-empty `reason` is written as a
 * one-line `- Reason:` field right below the task line (replacing any existing
 * one); without one, an existing Reason field is removed. An unchanged mark is
 * left as written (`[X]` stays `[X]` when marking done).
 *
 * Throws what `parseTodo` throws, and TODO_UNKNOWN_TASK for an id not in the file.
 */
export function setTaskStatus(
  text: string,
  taskId: string,
  status: TaskStatus,
  reason?: string,
  options: ParseTodoOptions = {},
): string {
  const file = options.file ?? 'TODO.md';
  const { tasks, body } = parseTodoLocated(text, options);
  const located = tasks.find((candidate) => candidate.task.id === taskId);
  if (located === undefined) throw unknownTask(file, taskId, tasks.map((t) => t.task.id));
  return withStatus(text, body, located, status, reason);
}

/**
 * `setTaskStatus` for a plan already known to be valid: Tandem's own commit of
 * it, or a text the caller has just parsed. Only the task's own lines are
 * parsed, so a mark costs the same in a 1,000-task plan as in a 10-task one
 * (the full parse and validation took about 14 ms per task there). On a valid
 * plan the result is byte for byte `setTaskStatus`'s.
 *
 * Throws TODO_UNKNOWN_TASK for an id not in the file, and what parsing that
 * task's lines throws; other tasks are not checked.
 */
export function setTaskStatusInValidPlan(text: string, taskId: string, status: TaskStatus, reason?: string, options: ParseTodoOptions = {}): string {
  const file = options.file ?? 'TODO.md';
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = splitLines(body);
  const seen: string[] = [];
  let taskAt = -1;
  let end = lines.length;
  // Every column-0 line matching TASK_START starts a task (todo-parse-tasks.ts), so the task's
  // lines run from its own task line to the next one.
  for (let index = findTaskList(body, lines, file); index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (!TASK_START.test(line)) continue;
    if (taskAt >= 0) {
      end = index;
      break;
    }
    const id = taskIdOfLine(line);
    if (id === taskId) taskAt = index;
    else if (id !== undefined) seen.push(id);
  }
  const located = taskAt < 0 ? undefined : parseTaskRegion(lines.slice(0, end), taskAt, file).tasks[0];
  if (located === undefined) throw unknownTask(file, taskId, seen);
  return withStatus(text, body, located, status, reason);
}

function unknownTask(file: string, taskId: string, ids: readonly string[]): TodoParseError {
  return new TodoParseError('TODO_UNKNOWN_TASK', `${file} has no task ${taskId} (it has ${ids.join(', ')}).`, { file, taskId });
}

/** `text` (whose body, without a byte-order mark, is `body`) with `located`'s checkbox and Reason field edited. */
function withStatus(text: string, body: string, located: LocatedTask, status: TaskStatus, reason: string | undefined): string {
  // Split keeping separators, so the text is rebuilt byte for byte: parts[2k] is line k, parts[2k+1] its line break.
  const parts = body.split(/(\r\n|\r|\n)/);
  const lineAt = 2 * located.lineIndex;
  parts[lineAt] = (parts[lineAt] ?? '').replace(CHECKBOX, (whole, open: string, mark: string, close: string) =>
    MARK_STATUSES[mark] === status ? whole : `${open}${STATUS_MARKS[status]}${close}`,
  );

  const newline = parts[lineAt + 1] ?? /\r\n|\r|\n/.exec(body)?.[0] ?? '\n';
  const oneLineReason = oneLine(reason ?? '');
  const existing = located.fields.find((field) => knownField(field.name) === 'reason');
  if (existing !== undefined) {
    const prefix = (parts[2 * existing.start] ?? '').slice(0, existing.contentColumn);
    const replacement = oneLineReason === '' ? [] : [`${prefix}${existing.name}: ${oneLineReason}`, newline];
    // Remove the field's lines and their line breaks; the last line of the file may have none.
    const from = 2 * existing.start;
    const to = Math.min(2 * existing.end + 2, parts.length);
    if (to === parts.length && replacement.length > 0) replacement.pop();
    if (to === parts.length && replacement.length === 0 && from > 0) parts.splice(from - 1, 1, '');
    parts.splice(from, to - from, ...replacement);
  } else if (oneLineReason !== '') {
    const line = `${located.fieldPrefix ?? '  - '}Reason: ${oneLineReason}`;
    if (lineAt + 1 < parts.length) parts.splice(lineAt + 2, 0, line, newline);
    else parts.push(newline, line);
  }
  const edited = parts.join('');
  return text.startsWith('\uFEFF') ? `\uFEFF${edited}` : edited;
}
