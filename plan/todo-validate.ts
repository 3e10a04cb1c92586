/**
 * The checks a TODO.md must pass before anything runs: unique ids, known
 * dependencies, no cycles. `parseTodo` calls it, so a parsed document is always
 * runnable; call it yourself after editing a document in memory. Size and
 * acceptance heuristics are for planner output only (`validatePlan`): a person
 * may write a task with no acceptance criteria.
 */
import { findCycles, findDuplicateIds, findUnknownDependencies, formatCycle } from './graph.js';
import { TodoParseError } from './todo-errors.js';
import type { TodoDocument, TodoTask } from './todo-types.js';

interface Problem {
  line?: number;
  taskId: string;
  text: string;
}

/** Throws one TODO_INVALID error listing every problem, each with its line. */
export function validateTodo(doc: TodoDocument, options: { file?: string } = {}): void {
  const file = options.file ?? 'TODO.md';
  const problems = findProblems(doc.tasks);
  const first = problems[0];
  if (first === undefined) return;
  const where = (p: Problem): string => (p.line === undefined ? `${file}: ` : `${file}:${p.line}: `);
  const message =
    problems.length === 1
      ? `${where(first)}${first.text}`
      : `${file} has ${problems.length} problems:\n${problems.map((p) => `  ${where(p)}${p.text}`).join('\n')}`;
  throw new TodoParseError('TODO_INVALID', message, { file, line: first.line, taskId: first.taskId });
}

function findProblems(tasks: readonly TodoTask[]): Problem[] {
  const lineOf = new Map<string, number | undefined>();
  for (const task of tasks) if (!lineOf.has(task.id)) lineOf.set(task.id, task.line);

  const duplicates = findDuplicateIds(tasks).flatMap(({ id, indexes }) => {
    const firstLine = lineOf.get(id);
    const first = firstLine === undefined ? '' : ` (first on line ${firstLine})`;
    return indexes.slice(1).map((index) => ({
      line: tasks[index]?.line,
      taskId: id,
      text: `task id ${id} is used again${first}; give every task a unique id`,
    }));
  });
  const unknown = findUnknownDependencies(tasks).map(({ index, taskId, dependency }) => ({
    line: tasks[index]?.line,
    taskId,
    text: `${taskId} depends on ${dependency}, which is not a task in this file; fix the "Depends on:" list`,
  }));
  const cycles = findCycles(tasks).map((cycle) => {
    const taskId = cycle[0] ?? '';
    const lines = cycle.slice(0, -1).map((id) => lineOf.get(id));
    const shown = lines.every((line) => line !== undefined) ? ` (lines ${lines.join(', ')})` : '';
    return {
      line: lineOf.get(taskId),
      taskId,
      text:
        cycle.length === 2
          ? `${taskId} depends on itself; remove it from its "Depends on:" list`
          : `dependency cycle ${formatCycle(cycle)}${shown}; remove one of these dependencies`,
    };
  });
  return [...duplicates, ...unknown, ...cycles];
}
