/**
 * A plan revision written into TODO.md text as a minimal edit, like
 * `setTaskStatus`: the lines of a changed task are replaced by its rendering,
 * new tasks are inserted after the last one, the `> Source:` line is replaced,
 * and every other byte (done tasks, hand formatting, prose, line endings) is
 * kept. The result always parses to `applyRevision`'s document; should the
 * edit ever disagree, the canonical rendering is returned instead.
 */
import { applyRevision, type PlanRevision } from './revision.js';
import { parseTodo, parseTodoLocated } from './todo-parse.js';
import { renderTask, renderTodo } from './todo-render.js';
import { oneLine } from './todo-text.js';
import type { TodoDocument, TodoTask } from './todo-types.js';

const SOURCE_LINE = /^>[ \t]*source[ \t]*:/i;
const TITLE_LINE = /^#(?:[ \t]|$)/;

export function reviseTodoText(text: string, revision: PlanRevision, options: { source?: string; file?: string } = {}): string {
  const file = options.file ?? 'TODO.md';
  const located = parseTodoLocated(text, { file });
  const expected = applyRevision(located.doc, revision, options.source === undefined ? {} : { source: options.source });
  const byId = new Map(expected.tasks.map((task) => [task.id, task]));
  const lines = [...located.lines];
  const newline = /\r\n|\r|\n/.exec(located.body)?.[0] ?? '\n';
  const edits: { from: number; to: number; lines: string[] }[] = [];

  let lastEnd = 0;
  for (const { task, lineIndex, fields } of located.tasks) {
    const end = Math.max(lineIndex, ...fields.map((field) => field.end));
    lastEnd = Math.max(lastEnd, end);
    const next = byId.get(task.id);
    // applyRevision hands back the very same object for a task it leaves alone.
    if (next !== undefined && next !== task) edits.push({ from: lineIndex, to: end, lines: renderTask(next) });
  }
  const known = new Set(located.doc.tasks.map((task) => task.id));
  const appended = expected.tasks.filter((task) => !known.has(task.id)).flatMap(renderTask);
  if (appended.length > 0) edits.push({ from: lastEnd + 1, to: lastEnd, lines: appended });
  const source = oneLine(options.source ?? '');
  if (source !== '') {
    const head = located.tasks[0]?.lineIndex ?? 0;
    const sourceAt = lines.slice(0, head).findIndex((line) => SOURCE_LINE.test(line));
    const titleAt = lines.slice(0, head).findIndex((line) => TITLE_LINE.test(line));
    if (sourceAt >= 0) edits.push({ from: sourceAt, to: sourceAt, lines: [`> Source: ${source}`] });
    else edits.push({ from: titleAt + 1, to: titleAt, lines: titleAt >= 0 ? ['', `> Source: ${source}`] : [`> Source: ${source}`, ''] });
  }

  // Bottom up, so the line numbers of the edits still to make stay right.
  for (const edit of edits.sort((a, b) => b.from - a.from)) lines.splice(edit.from, edit.to - edit.from + 1, ...edit.lines);
  const edited = lines.join(newline);
  const result = text.startsWith('\uFEFF') ? `\uFEFF${edited}` : edited;
  if (sameDocument(result, expected, file)) return result;
  const rendered = renderTodo(expected);
  // Parsed again, as the minimal edit was: every committed plan parses, and a task's mark
  // later parses only that task's lines (setTaskStatusInValidPlan).
  parseTodo(rendered, { file });
  return rendered;
}

function sameDocument(text: string, expected: TodoDocument, file: string): boolean {
  try {
    const view = (doc: TodoDocument) => JSON.stringify([doc.source ?? '', doc.tasks.map(comparable)]);
    return view(parseTodo(text, { file })) === view(expected);
  } catch {
    return false;
  }
}

function comparable(task: TodoTask): unknown {
  return [task.id, task.status, task.reason ?? '', task.title, task.details, task.acceptance, task.verify ?? '', task.dependsOn, task.files ?? null, task.requirements ?? null, task.extra];
}
