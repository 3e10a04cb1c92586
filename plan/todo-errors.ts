/**
 * Errors a person gets for a TODO.md they can fix. Messages start with
 * `file:line:` so editors and terminals can jump to the spot.
 */
import { TandemError } from '../errors/tandem-error.js';

export type TodoErrorCode = 'TODO_INVALID' | 'TODO_EMPTY' | 'TODO_NOT_MARKDOWN' | 'TODO_UNKNOWN_TASK';

export const TASK_LINE_EXAMPLE = '"- [ ] T3: title"';

const HINTS: Record<TodoErrorCode, string> = {
  TODO_INVALID: `Fix the line named above; tasks look like ${TASK_LINE_EXAMPLE} with fields such as "  - Depends on: T1" below them.`,
  TODO_EMPTY: `Add tasks like ${TASK_LINE_EXAMPLE}, or run \`tandem plan design.md\` to generate them.`,
  TODO_NOT_MARKDOWN: `A plan file is Markdown with one line per task like ${TASK_LINE_EXAMPLE}; run \`tandem plan design.md\` to generate one.`,
  TODO_UNKNOWN_TASK: 'Use one of the task ids listed in the plan file.',
};

export class TodoParseError extends TandemError {
  readonly file: string;
  readonly line: number | undefined;

  constructor(code: TodoErrorCode, message: string, where: { file: string; line?: number; taskId?: string }) {
    super(message, { code, hint: HINTS[code], context: { file: where.file, line: where.line, taskId: where.taskId } });
    this.name = 'TodoParseError';
    this.file = where.file;
    this.line = where.line;
  }
}

/** `TODO.md:14: expected …, got "  - Acceptanc e"`. */
export function malformedLine(file: string, line: number, expected: string, got: string): TodoParseError {
  const shown = got.length > 80 ? `${got.slice(0, 77)}...` : got;
  return new TodoParseError('TODO_INVALID', `${file}:${line}: expected ${expected}, got "${shown}"`, { file, line });
}

export function invalidAt(file: string, line: number, message: string, taskId?: string): TodoParseError {
  return new TodoParseError('TODO_INVALID', `${file}:${line}: ${message}`, { file, line, taskId });
}
