/** Conversions between the plan JSON contract and the TODO.md document. */
import type { Plan, PlanTask } from './schema.js';
import type { TaskStatusEntry, TodoDocument, TodoTask } from './todo-types.js';

/** A fresh TODO.md document: every task pending, no prose. */
export function planToTodo(plan: Plan, options: { source?: string } = {}): TodoDocument {
  return {
    title: plan.title,
    ...(options.source === undefined ? {} : { source: options.source }),
    tasks: plan.tasks.map((task): TodoTask => ({ ...todoTaskToPlan(task), status: 'pending', extra: [] })),
  };
}

/**
 * The plan contract view of a document (statuses, reasons, unknown fields and
 * prose are dropped). A hand-written task may have no acceptance criteria, so
 * the result can fail `PlanSchema`; use `validatePlan` when that matters.
 */
export function todoToPlan(doc: TodoDocument): Plan {
  return { title: doc.title, tasks: doc.tasks.map(todoTaskToPlan) };
}

/**
 * One task in the plan contract's form, every field a planner owns included
 * (Requirements too: a run's commits name them in their trailers). The one
 * conversion the CLI, the activities and the run's plan updates share, so a
 * new field cannot be carried by one of them and lost by another. It also
 * copies a plan task's fields into a new TODO.md task (`planToTodo`).
 */
export function todoTaskToPlan(task: TodoTask | PlanTask): PlanTask {
  return {
    id: task.id,
    title: task.title,
    details: task.details,
    acceptance: [...task.acceptance],
    ...(task.verify === undefined ? {} : { verify: task.verify }),
    dependsOn: [...task.dependsOn],
    ...(task.files === undefined ? {} : { files: [...task.files] }),
    ...(task.requirements === undefined ? {} : { requirements: [...task.requirements] }),
  };
}

/** Every task's status (and reason, when it has one), in file order. */
export function taskStatuses(doc: TodoDocument): TaskStatusEntry[] {
  return doc.tasks.map((task) => ({
    id: task.id,
    status: task.status,
    ...(task.reason === undefined ? {} : { reason: task.reason }),
  }));
}

export interface Provenance {
  /** The design file as given, e.g. `design.md`. */
  design: string;
  /** Hex digest of the design; shown abbreviated. */
  sha256?: string;
  planner?: string;
  reviewer?: string;
  approved?: boolean;
  /** Review rounds used. */
  rounds?: number;
}

/**
 * The `> Source:` text, e.g.
 * `design.md (sha256 3f2a9c01…) · planner openai:gpt-5 · plan review anthropic:claude-opus-5-5 (approved, round 2)`.
 */
export function formatProvenance(p: Provenance): string {
  const parts = [p.sha256 === undefined ? p.design : `${p.design} (sha256 ${p.sha256.slice(0, 8)}…)`];
  if (p.planner !== undefined) parts.push(`planner ${p.planner}`);
  if (p.reviewer !== undefined) {
    const round = p.rounds === undefined ? '' : `, round ${p.rounds}`;
    const outcome = p.approved === undefined ? '' : ` (${p.approved ? 'approved' : 'not approved'}${round})`;
    parts.push(`plan review ${p.reviewer}${outcome}`);
  }
  return parts.join(' · ');
}
