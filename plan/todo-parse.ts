/**
 * `parseTodo`: TODO.md text → `TodoDocument`, accepting what people write by
 * hand. The result is validated (unique ids, known dependencies, no cycles), so
 * callers can run it as is. Format rules: todo-format.md.
 */
import { findTaskList } from './todo-sniff.js';
import { parseTaskRegion, type LocatedTask } from './todo-parse-tasks.js';
import { proseBlock, splitLines, trimWs } from './todo-text.js';
import type { TodoDocument } from './todo-types.js';
import { validateTodo } from './todo-validate.js';

export interface ParseTodoOptions {
  /** Used in error messages (`TODO.md:14: …`); defaults to `TODO.md`. */
  file?: string;
}

/** A parsed document plus the position of every task, for minimal edits of the text. */
export interface LocatedTodo {
  doc: TodoDocument;
  tasks: LocatedTask[];
  /** The text without a leading byte-order mark, and its lines (split at CRLF, LF or CR). */
  body: string;
  lines: string[];
}

/**
 * Throws `TodoParseError`: TODO_EMPTY (nothing but whitespace),
 * TODO_NOT_MARKDOWN (binary, JSON, YAML, or no task line at all), TODO_INVALID
 * (a malformed line, a duplicate field, duplicate ids, unknown dependencies, a
 * cycle), always naming the file and, where there is one, the line.
 */
export function parseTodo(text: string, options: ParseTodoOptions = {}): TodoDocument {
  return parseTodoLocated(text, options).doc;
}

export function parseTodoLocated(text: string, options: ParseTodoOptions = {}): LocatedTodo {
  const file = options.file ?? 'TODO.md';
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = splitLines(body);
  const start = findTaskList(body, lines, file);
  const region = parseTaskRegion(lines, start, file);
  const doc: TodoDocument = {
    ...parseHead(lines.slice(0, start)),
    tasks: region.tasks.map((located) => located.task),
    ...(region.postscript === undefined ? {} : { postscript: region.postscript }),
  };
  validateTodo(doc, { file });
  return { doc, tasks: region.tasks, body, lines };
}

const TITLE = /^#(?:[ \t]+(.*))?$/;

/** The title a `# ` heading gives (without a leading `Plan:`), or '' for a line that gives none. */
function headingTitle(line: string): string {
  const match = TITLE.exec(line);
  return match ? trimWs(match[1] ?? '').replace(/^plan[ \t]*:[ \t]*/i, '') : '';
}
const SOURCE = /^>[ \t]*source[ \t]*:(.*)$/i;

/**
 * The first `# ` heading with a title is the title, the first `> Source:` line the provenance; the
 * rest is preamble. A heading with no title (`#`, `# Plan:`) stays in the preamble: taken as the
 * title, it would render as nothing, and the next heading would become the title on a second parse.
 */
function parseHead(lines: readonly string[]): Pick<TodoDocument, 'title' | 'source' | 'preamble'> {
  const titleAt = lines.findIndex((line) => headingTitle(line) !== '');
  const sourceAt = lines.findIndex((line) => SOURCE.test(line));
  const title = titleAt < 0 ? '' : headingTitle(lines[titleAt] ?? '');
  const source = sourceAt < 0 ? '' : trimWs(SOURCE.exec(lines[sourceAt] ?? '')?.[1] ?? '');
  const preamble = proseBlock(lines.filter((_, index) => index !== titleAt && index !== sourceAt));
  return {
    title,
    ...(source === '' ? {} : { source }),
    ...(preamble === '' ? {} : { preamble }),
  };
}
