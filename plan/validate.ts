/**
 * Plan validation. Problems are data, not exceptions: the planning workflow
 * sends them back to the planner as feedback, so every message says what is
 * wrong with which task and what to do about it.
 */
import { findCycles, findDuplicateIds, findUnknownDependencies, formatCycle } from './graph.js';
import type { Plan, PlanTask } from './schema.js';
import { isTaskId } from './task-id.js';
import { featureClauses, FEATURE_CLAUSE_LIMIT } from './task-size.js';

export { topologicalOrder } from './graph.js';

export interface PlanProblem {
  /** The task the problem is about; absent for plan-wide problems. */
  taskId?: string;
  message: string;
}

export interface ValidatePlanOptions {
  /** A task listing more files than this is too big for one reviewed commit. */
  maxFilesPerTask?: number;
}

export const DEFAULT_MAX_FILES_PER_TASK = 6;

/**
 * Every problem found, in a stable order (plan-wide, then ids, dependencies,
 * cycles, then per-task content in task order). An empty array means valid.
 */
export function validatePlan(plan: Plan, options: ValidatePlanOptions = {}): PlanProblem[] {
  const maxFiles = options.maxFilesPerTask ?? DEFAULT_MAX_FILES_PER_TASK;
  if (plan.tasks.length === 0) {
    return [{ message: 'The plan has no tasks; break the design into small tasks, each one reviewed commit.' }];
  }
  return [
    ...idProblems(plan.tasks),
    ...dependencyProblems(plan.tasks),
    ...plan.tasks.flatMap((task) => contentProblems(task, maxFiles)),
  ];
}

function idProblems(tasks: readonly PlanTask[]): PlanProblem[] {
  const malformed = tasks
    .filter((task) => !isTaskId(task.id))
    .map((task) => ({
      taskId: task.id,
      message: `Task id "${task.id}" is not valid; use ids like T1, T2, T3 (a letter, then letters, digits, ".", "_" or "-"; not "none").`,
    }));
  const duplicates = findDuplicateIds(tasks).map(({ id, indexes }) => ({
    taskId: id,
    message: `The id ${id} is used by ${indexes.length} tasks (tasks number ${indexes.map((i) => i + 1).join(', ')}); give every task a unique id.`,
  }));
  return [...malformed, ...duplicates];
}

function dependencyProblems(tasks: readonly PlanTask[]): PlanProblem[] {
  const known = tasks.map((task) => task.id);
  const listed = known.length <= 12 ? ` (the plan has ${known.join(', ')})` : '';
  const unknown = findUnknownDependencies(tasks).map(({ taskId, dependency }) => ({
    taskId,
    message: `${taskId} depends on ${dependency}, which is not a task in this plan${listed}; depend only on existing task ids.`,
  }));
  const cycles = findCycles(tasks).map((cycle) => ({
    taskId: cycle[0],
    message:
      cycle.length === 2
        ? `${cycle[0]} depends on itself; remove ${cycle[0]} from its own dependsOn.`
        : `Dependency cycle ${formatCycle(cycle)}; remove one of these dependencies so the tasks can run in order.`,
  }));
  return [...unknown, ...cycles];
}

function contentProblems(task: PlanTask, maxFiles: number): PlanProblem[] {
  const problems: string[] = [];
  if (task.title.trim() === '') problems.push('has an empty title; give it a short imperative title.');
  if (task.acceptance.length === 0) {
    problems.push(
      'has no acceptance criteria; add at least one checkable criterion (observable behaviour or a command that passes).',
    );
  } else if (task.acceptance.some((criterion) => criterion.trim() === '')) {
    problems.push('has an empty acceptance criterion; remove it or say what must be true.');
  }
  const files = task.files ?? [];
  if (files.length > maxFiles) {
    problems.push(
      `lists ${files.length} files (limit ${maxFiles}), too many for one reviewed commit; split it into tasks that each change at most ${maxFiles} files.`,
    );
  }
  const features = featureClauses(task.details);
  if (features.length >= FEATURE_CLAUSE_LIMIT) {
    const quoted = features.map((clause) => `"${clause.length > 60 ? `${clause.slice(0, 57)}...` : clause}"`);
    problems.push(
      `has details describing ${features.length} separate features (${quoted.join(', ')}); split it into one task per feature so each is one reviewed commit.`,
    );
  }
  return problems.map((problem) => ({ taskId: task.id, message: `${task.id} ${problem}` }));
}
