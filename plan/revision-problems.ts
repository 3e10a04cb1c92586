/**
 * What is wrong with a planner's revision of a plan, as feedback it can act
 * on: the rules of plan/revision.ts it broke, tasks it left out, and the usual
 * validation of the tasks it changed or added (an unchanged task a person
 * wrote by hand is not the planner's to fix).
 */
import { findCycles, findUnknownDependencies, formatCycle, type GraphNode } from './graph.js';
import { applyRevision, planRevision, type PlanProposal, type PlanRevision } from './revision.js';
import { todoToPlan } from './todo-convert.js';
import type { TodoDocument } from './todo-types.js';
import { validatePlan, type PlanProblem, type ValidatePlanOptions } from './validate.js';

/** A problem the merge rules already take care of (a done task edited, a task left out): worth a fix, but never worth failing the planning over. */
export interface RevisionProblem extends PlanProblem {
  enforced?: true;
}

export function revisionProblems(current: TodoDocument, proposal: PlanProposal, options: ValidatePlanOptions = {}): RevisionProblem[] {
  const { revision, refused } = planRevision(current, proposal);
  const named = new Set([...proposal.tasks.map((task) => task.id), ...proposal.dropped.map((drop) => drop.id)]);
  const omitted = current.tasks
    .filter((task) => !named.has(task.id))
    .map((task) => ({
      enforced: true as const,
      taskId: task.id,
      message: `The revised plan leaves out ${task.id}; list every task of the current plan, unchanged or revised, or put a pending one in "dropped" with the reason.`,
    }));
  const changed = new Set([...revision.revised, ...revision.added].map((task) => task.id));
  const merged = todoToPlan(applyRevision(current, revision));
  const validation = validatePlan(merged, options).filter(
    (problem) => problem.taskId === undefined || changed.has(problem.taskId) || /cycle|depends on itself/.test(problem.message),
  );
  return [...refused.map((problem) => ({ ...problem, enforced: true as const })), ...omitted, ...validation];
}

/**
 * The dependency problems of a plan after a revision, one sentence each
 * (unknown dependency, cycle); empty when it can run. The run's update
 * validator refuses on these.
 */
export function revisedGraphProblems(tasks: readonly GraphNode[]): string[] {
  return [
    ...findUnknownDependencies(tasks).map(({ taskId, dependency }) => `${taskId} would depend on ${dependency}, which is not a task in the plan`),
    ...findCycles(tasks).map((cycle) => `the plan would have a dependency cycle ${formatCycle(cycle)}`),
  ];
}

/** One line per change, for the CLI and the run's notes: `revised T3 · added T5, T6 · dropped T4`. */
export function describeRevision(revision: PlanRevision): string {
  const parts = [
    revision.revised.length > 0 ? `revised ${revision.revised.map((task) => task.id).join(', ')}` : '',
    revision.added.length > 0 ? `added ${revision.added.map((task) => task.id).join(', ')}` : '',
    revision.dropped.length > 0 ? `dropped ${revision.dropped.map((drop) => drop.id).join(', ')}` : '',
  ].filter((part) => part !== '');
  return parts.length > 0 ? parts.join(' · ') : 'no change';
}
