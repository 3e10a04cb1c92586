/**
 * Rejects files that are not a Markdown task list before the line parser
 * starts, so a user who passes `plan.json` or a binary gets "this is not a
 * plan" rather than a confusing complaint about line 1.
 */
import { TASK_LINE_EXAMPLE, TodoParseError } from './todo-errors.js';

/**
 * A column-0 checkbox bullet: `- [ ]`, `* [x]`, `-[!]`, `+ []`. Deliberately
 * looser than a valid task line, so typos are reported rather than skipped;
 * `- [a link](url)` is not a checkbox.
 */
export const TASK_START = /^[-*+][ \t]*\[[^\]]?\](?!\()/;

/** Share of control or U+FFFD characters, in the first 4 KiB, above which text is treated as binary. */
const BINARY_RATIO = 0.1;

/** Index of the first task line; throws TODO_EMPTY / TODO_NOT_MARKDOWN when there is none to find. */
export function findTaskList(text: string, lines: readonly string[], file: string): number {
  if (text.trim() === '') {
    throw new TodoParseError('TODO_EMPTY', `${file} is empty: it has no tasks.`, { file });
  }
  if (looksBinary(text)) {
    throw new TodoParseError('TODO_NOT_MARKDOWN', `${file} looks like a binary file, not a Markdown plan.`, { file });
  }
  const start = lines.findIndex((line) => TASK_START.test(line));
  if (start >= 0) return start;
  const kind = looksLikeJson(text) ? 'JSON' : looksLikeYaml(lines) ? 'YAML' : undefined;
  const message =
    kind === undefined
      ? `${file} has no task list: no line like ${TASK_LINE_EXAMPLE} was found.`
      : `${file} looks like ${kind}, not a Markdown plan: it has no task lines like ${TASK_LINE_EXAMPLE}.`;
  throw new TodoParseError('TODO_NOT_MARKDOWN', message, { file });
}

export function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const sample = text.slice(0, 4096);
  const odd = sample.match(/[\u0001-\u0008\u000E-\u001F\u007F\uFFFD]/g)?.length ?? 0;
  return odd > sample.length * BINARY_RATIO;
}

function looksLikeJson(text: string): boolean {
  return /^\s*[[{]/.test(text);
}

function looksLikeYaml(lines: readonly string[]): boolean {
  const first = lines.find((line) => line.trim() !== '' && !line.startsWith('#'));
  return first !== undefined && (/^---\s*$/.test(first) || /^[A-Za-z_][\w-]*:(\s|$)/.test(first));
}
