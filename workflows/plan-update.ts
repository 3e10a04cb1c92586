/**
 * A run picks up an updated plan (`tandem plan --update` while it works). The
 * update's validator refuses, with the reason, what the run cannot take: a
 * change to the task running now or to a done one, an id that collides, a
 * dependency it cannot resolve, any update while the converge review reads
 * the branch. An accepted update waits for the next task boundary, where it
 * is checked again (the run may have moved on) and the run writes and commits
 * the new TODO.md on its branch and goes on with the revised and added tasks.
 */
import { setHandler } from '@temporalio/workflow';
import { applyRevision, isEmptyRevision } from '../plan/revision.js';
import { revisedGraphProblems } from '../plan/revision-problems.js';
import { todoTaskToPlan } from '../plan/todo-convert.js';
import type { TaskStatus, TodoDocument, TodoTask } from '../plan/todo-types.js';
import type { PlanUpdateRequest } from '../contracts/plan-update.js';
import type { PlanTaskInput, TaskState } from '../contracts/run.js';
import { planUpdate } from './definitions.js';
import type { RunState } from './run-state.js';

export interface PlanUpdates {
  /** The accepted update not applied yet. */
  pending(): PlanUpdateRequest | undefined;
  /** Applies the pending update to the run's plan (in place) and state, once TODO.md on the branch has it. */
  applied(): void;
  /** Why the pending update can no longer be applied (the run moved on since it was accepted), or undefined. */
  refusalNow(): string | undefined;
  /** Drops the pending update that can no longer be applied, with a note saying why. */
  discard(reason: string): void;
  /** The run is ending: updates from now on are refused instead of being lost. */
  close(reason: string): void;
}

/** `carried`: an update accepted before the run continued as new, still to apply. */
export function installPlanUpdates(state: RunState, plan: PlanTaskInput[], carried?: PlanUpdateRequest): PlanUpdates {
  let pending: PlanUpdateRequest | undefined = carried;
  let closed: string | undefined;
  setHandler(
    planUpdate,
    (request) => {
      pending = request;
      return state.currentTaskId ? { appliesAfter: state.currentTaskId } : {};
    },
    {
      validator: (request) => {
        if (closed) throw new Error(closed);
        if (pending) throw new Error(`an earlier plan update is still waiting for ${state.currentTaskId ?? 'the next task boundary'}; send this one once it is applied`);
        const refusal = planUpdateRefusal(state, plan, request);
        if (refusal) throw new Error(refusal);
      },
    },
  );
  return {
    pending: () => pending,
    applied() {
      if (!pending) return;
      const { revision } = pending;
      const doc = revisedDoc(state, plan, pending);
      const titleOf = (id: string) => doc.tasks.find((task) => task.id === id)?.title ?? id;
      plan.splice(0, plan.length, ...doc.tasks.map(todoTaskToPlan));
      state.revise({
        retitled: revision.revised.map((task) => ({ id: task.id, title: titleOf(task.id) })),
        skipped: revision.dropped.map((drop) => ({ id: drop.id, reason: doc.tasks.find((task) => task.id === drop.id)?.reason ?? drop.reason })),
        added: revision.added.map((task) => ({ id: task.id, title: titleOf(task.id) })),
      });
      pending = undefined;
    },
    refusalNow: () => (pending ? planUpdateRefusal(state, plan, pending) : undefined),
    discard(reason) {
      if (pending) state.notes.push(`the plan update "${pending.summary}" was accepted but could not be applied: ${reason}. Run \`tandem plan --update\` again.`);
      pending = undefined;
    },
    close(reason) {
      closed = reason;
      // Accepted, then the run stopped first (a failure with --on-failure stop, a cancel): say so rather than drop it silently.
      if (pending) state.notes.push(`the plan update "${pending.summary}" was accepted but never applied: the run stopped first. Run \`tandem plan --update\` again.`);
      pending = undefined;
    },
  };
}

/** Why the run cannot take this update now, or undefined when it can. */
export function planUpdateRefusal(state: RunState, plan: readonly PlanTaskInput[], request: PlanUpdateRequest): string | undefined {
  const { revision } = request;
  // Its follow-up tasks would take ids the update cannot know of, and its verdict would not see the update.
  if (state.converge?.state === 'reviewing') return 'the converge review is reading the branch; try again when it has finished';
  if (isEmptyRevision(revision)) return 'the update changes no task';
  const changed = [...revision.revised.map((task) => task.id), ...revision.dropped.map((drop) => drop.id)];
  for (const id of changed) {
    if (!state.has(id)) return `${id} is not a task of this run's plan, so it cannot be revised or dropped; run \`tandem plan --update\` again`;
    // With lanes (`--parallel`) several tasks run; in a single lane it is the current one.
    if (id === state.currentTaskId || state.row(id).state === 'running') {
      return `${id} is running now and the update would change it; a task never changes under its implementer: wait until ${id} has finished, or leave ${id} as it is and add a new task`;
    }
    if (state.row(id).state === 'committed') return `${id} is done (committed) and the update would change it; a done task is never changed: add a new task that revises it instead`;
  }
  const ids = new Set(plan.map((task) => task.id));
  for (const [index, task] of revision.added.entries()) {
    if (ids.has(task.id)) return `the new task ${task.id} has the id of a task already in the plan (ids collide); run \`tandem plan --update\` again so it gets a fresh id`;
    if (revision.added.findIndex((other) => other.id === task.id) !== index) return `two new tasks have the id ${task.id} (ids collide)`;
  }
  const problems = revisedGraphProblems(revisedPlan(state, plan, request));
  return problems.length > 0 ? problems.join('; ') : undefined;
}

/** The run's plan with the update applied by the same rules that write TODO.md. */
function revisedPlan(state: RunState, plan: readonly PlanTaskInput[], request: PlanUpdateRequest): PlanTaskInput[] {
  return revisedDoc(state, plan, request).tasks.map(todoTaskToPlan);
}

function revisedDoc(state: RunState, plan: readonly PlanTaskInput[], request: PlanUpdateRequest): TodoDocument {
  const tasks = plan.map(
    (task): TodoTask => ({
      ...task,
      details: task.details ?? '',
      status: todoStatus(state.has(task.id) ? state.row(task.id).state : 'pending'),
      extra: [],
    }),
  );
  return applyRevision({ title: '', tasks }, request.revision);
}

/** The TODO.md mark a run state stands for; running and blocked tasks are not done, so they count as pending. */
function todoStatus(state: TaskState): TaskStatus {
  return state === 'committed' ? 'done' : state === 'failed' ? 'failed' : state === 'skipped' ? 'skipped' : 'pending';
}
