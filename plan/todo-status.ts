/**
 * Minimal edits of TODO.md text, used when a task is committed or rolled back:
 * the file may be hand-formatted and the user's diff must show only the status
 * change, so the text is edited in place rather than re-rendered.
 */
import { TodoParseError } from './todo-errors.js';
import { parseTodoLocated, type ParseTodoOptions } from './todo-parse.js';
import { knownField } from './todo-fields.js';
import { oneLine } from './todo-text.js';
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
  if (located === undefined) {
    throw new TodoParseError(
      'TODO_UNKNOWN_TASK',
      `${file} has no task ${taskId} (it has ${tasks.map((t) => t.task.id).join(', ')}).`,
      { file, taskId },
    );
  }
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
