/**
 * The line-by-line parser for the task list: from the first task line to the
 * end of the file. Every column-0 line is a task line, a blank line, or a
 * heading that starts a prose section (kept verbatim until the next task line).
 * Indented lines under a task are field bullets or their continuation lines.
 */
import { MARK_STATUSES, type TaskStatus, type TodoTask } from './todo-types.js';
import { TASK_START } from './todo-sniff.js';
import { invalidAt, malformedLine, TASK_LINE_EXAMPLE } from './todo-errors.js';
import { indentOf, isBlank, proseBlock, trimWs } from './todo-text.js';
import { type RawField } from './todo-fields.js';
import { isTaskId } from './task-id.js';
import { buildTask } from './todo-build-task.js';

/** A parsed task plus where it sits in the file, for minimal edits. */
export interface LocatedTask {
  task: TodoTask;
  /** 0-based index of the task line. */
  lineIndex: number;
  fields: RawField[];
  /** The first field's text up to its name, e.g. `"  - "`: new fields are written the same way. */
  fieldPrefix?: string;
}

const TASK_LINE = /^[-*+][ \t]+\[([^\]]?)\](?:[ \t]+(.*))?$/;
const ID_AND_TITLE = /^([A-Za-z][\w.-]*)[ \t]*:(.*)$/;
const FIELD_LINE = /^([ \t]+[-*+][ \t]+)([A-Za-z][A-Za-z0-9 _/()-]*?)[ \t]*:(?:[ \t]+(.*))?$/;
const HEADING = /^#{1,6}(?:[ \t]|$)/;

interface TaskHead {
  id: string;
  title: string;
  status: TaskStatus;
  lineIndex: number;
  fields: RawField[];
  preface?: string;
  fieldPrefix?: string;
}

export function parseTaskRegion(
  lines: readonly string[],
  start: number,
  file: string,
): { tasks: LocatedTask[]; postscript?: string } {
  const tasks: LocatedTask[] = [];
  let current: TaskHead | undefined;
  let field: RawField | undefined;
  let blanks = 0;
  let prose: string[] | undefined;

  const closeTask = (): void => {
    if (current === undefined) return;
    const task = buildTask(current, file);
    tasks.push({ task, lineIndex: current.lineIndex, fields: current.fields, fieldPrefix: current.fieldPrefix });
    current = undefined;
    field = undefined;
  };

  for (let i = start; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (TASK_START.test(line)) {
      closeTask();
      const preface = prose === undefined ? undefined : proseBlock(prose);
      prose = undefined;
      current = { ...taskLine(line, i, file), fields: [], ...(preface ? { preface } : {}) };
      blanks = 0;
      continue;
    }
    if (prose !== undefined) {
      prose.push(line);
      continue;
    }
    if (isBlank(line)) {
      blanks++;
      continue;
    }
    const indent = indentOf(line);
    if (indent === 0) {
      if (!HEADING.test(line)) throw malformedLine(file, i + 1, `a task line like ${TASK_LINE_EXAMPLE} or a heading`, line);
      closeTask();
      prose = [line];
      continue;
    }
    if (current === undefined) throw malformedLine(file, i + 1, `a task line like ${TASK_LINE_EXAMPLE}`, line);
    if (field !== undefined && indent > field.indent) {
      field.lines.push(...new Array<string>(blanks).fill(''), line);
      field.end = i;
      blanks = 0;
      continue;
    }
    blanks = 0;
    field = fieldLine(line, i, file, current.id);
    current.fields.push(field);
    current.fieldPrefix ??= line.slice(0, field.contentColumn);
  }
  closeTask();
  const postscript = prose === undefined ? undefined : proseBlock(prose);
  return postscript ? { tasks, postscript } : { tasks };
}

/** The id a task line names, without checking the rest of it; undefined when the line has none. */
export function taskIdOfLine(line: string): string | undefined {
  const rest = TASK_LINE.exec(line)?.[2];
  return rest === undefined ? undefined : ID_AND_TITLE.exec(rest)?.[1];
}

function taskLine(line: string, index: number, file: string): Omit<TaskHead, 'fields'> {
  const match = TASK_LINE.exec(line);
  const expected = `a task line like ${TASK_LINE_EXAMPLE}`;
  if (!match) throw malformedLine(file, index + 1, expected, line);
  const status = MARK_STATUSES[match[1] ?? ''];
  if (status === undefined) {
    throw malformedLine(file, index + 1, 'a status mark [ ], [x], [!] or [-]', `[${match[1]}]`);
  }
  const idAndTitle = ID_AND_TITLE.exec(match[2] ?? '');
  if (!idAndTitle) throw malformedLine(file, index + 1, `${expected} (a task id, a colon, then the title)`, line);
  const id = idAndTitle[1] ?? '';
  if (!isTaskId(id)) throw invalidAt(file, index + 1, `"${id}" cannot be a task id; it means "no dependencies"`, id);
  const title = trimWs(idAndTitle[2] ?? '');
  if (title === '') throw invalidAt(file, index + 1, `task ${id} has no title; write one after "${id}:"`, id);
  return { id, title, status, lineIndex: index };
}

function fieldLine(line: string, index: number, file: string, taskId: string): RawField {
  const match = FIELD_LINE.exec(line);
  if (!match) {
    throw malformedLine(file, index + 1, `a field like "  - Acceptance:" or "  - Depends on: T1" under task ${taskId}`, line);
  }
  const prefix = match[1] ?? '';
  return {
    name: match[2] ?? '',
    inline: trimWs(match[3] ?? ''),
    lines: [],
    indent: indentOf(prefix),
    contentColumn: prefix.length,
    start: index,
    end: index,
  };
}
