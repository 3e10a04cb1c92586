/**
 * The in-memory form of a TODO.md file. `parseTodo` produces it, `renderTodo`
 * writes it in canonical form. See todo-format.md next to this file for the
 * format rules.
 */

export type TaskStatus = 'pending' | 'done' | 'failed' | 'skipped';

/** The checkbox character rendered for each status. */
export const STATUS_MARKS: Readonly<Record<TaskStatus, string>> = {
  pending: ' ',
  done: 'x',
  failed: '!',
  skipped: '-',
};

/** Checkbox characters accepted when parsing (`[]` with no character is pending too). */
export const MARK_STATUSES: Readonly<Record<string, TaskStatus>> = {
  ' ': 'pending',
  '': 'pending',
  x: 'done',
  X: 'done',
  '!': 'failed',
  '-': 'skipped',
};

/** A field the parser does not know, kept as written and re-rendered after the known ones. */
export interface TodoField {
  /** The name as written, e.g. `Owner` or `Risk level`. */
  name: string;
  /** The value; may span several lines (continuation lines, dedented). */
  value: string;
}

export interface TodoTask {
  id: string;
  /** One line. */
  title: string;
  status: TaskStatus;
  /** One line saying why a task failed or was skipped (`- Reason:`). */
  reason?: string;
  /** Free text, may span several lines; '' when absent. */
  details: string;
  acceptance: string[];
  /** The command without surrounding backticks. */
  verify?: string;
  dependsOn: string[];
  /** `undefined` when the file has no `Files:` field; `[]` for `Files: none`. */
  files?: string[];
  /** Ids of the design's requirements this task serves; `undefined` when the file has no `Requirements:` field. */
  requirements?: string[];
  extra: TodoField[];
  /** Prose shown before this task, starting with a heading (a section such as `## Phase 2`). */
  preface?: string;
  /** 1-based line of the task line in the parsed file; absent for generated tasks. */
  line?: number;
}

export interface TodoDocument {
  /** The first `# ` heading before the task list, without a leading `Plan:`; '' when absent. */
  title: string;
  /** Provenance: the text after `> Source: `. */
  source?: string;
  /** Any other prose before the task list, verbatim. */
  preamble?: string;
  /** At least one task in a valid document. */
  tasks: TodoTask[];
  /** Prose after the last task, starting with a heading. */
  postscript?: string;
}

export interface TaskStatusEntry {
  id: string;
  status: TaskStatus;
  reason?: string;
}
