/**
 * Re-planning without losing work: what a planner proposes for a changed
 * design, reduced to a revision of the plan that is already being worked
 * through, and that revision applied to a TODO.md document. The rules hold
 * whatever the model said: a done task is never edited (its commit is
 * history), every id stays the id it was, pending tasks may be revised or
 * dropped (marked skipped, with the reason), new tasks are appended. Pure, so
 * the CLI, the activity that writes TODO.md and the run's update validator all
 * apply the same rules.
 */
import { TandemError } from '../errors/tandem-error.js';
import type { PlanTask } from './schema.js';
import type { TodoDocument, TodoTask } from './todo-types.js';
import { oneLine, textBlock } from './todo-text.js';

/** The planner's answer when the design changed: the whole plan with existing ids kept, and pending tasks it no longer needs. */
export interface PlanProposal {
  title: string;
  tasks: PlanTask[];
  dropped: { id: string; reason: string }[];
}

/** What changes in the plan; everything not named here stays exactly as it is. */
export interface PlanRevision {
  /** Tasks not done yet whose content changes; their ids, marks and reasons stay. */
  revised: PlanTask[];
  /** New tasks, appended after the last one. */
  added: PlanTask[];
  /** Pending or failed tasks the design no longer needs: they become `[-]` with this reason. */
  dropped: { id: string; reason: string }[];
}

/** A part of the proposal the rules refused, said so the planner (or the user) can act on it. */
export interface RevisionRefusal {
  taskId: string;
  message: string;
}

export const EMPTY_REVISION: PlanRevision = { revised: [], added: [], dropped: [] };

export function isEmptyRevision(revision: PlanRevision): boolean {
  return revision.revised.length + revision.added.length + revision.dropped.length === 0;
}

/** The reason a dropped task is marked skipped with. */
export function dropReason(reason: string): string {
  return oneLine(`dropped when the plan was updated: ${reason}`);
}

/**
 * The revision a proposal amounts to against `current`, and what of it was
 * refused (a done task edited or dropped, a task both kept and dropped).
 * A current task the proposal leaves out stays as it is: silence never loses work.
 */
export function planRevision(current: TodoDocument, proposal: PlanProposal): { revision: PlanRevision; refused: RevisionRefusal[] } {
  const byId = new Map(current.tasks.map((task) => [task.id, task]));
  const droppedIds = new Set(proposal.dropped.map((drop) => drop.id));
  const revision: PlanRevision = { revised: [], added: [], dropped: [] };
  const refused: RevisionRefusal[] = [];
  for (const task of proposal.tasks) {
    const existing = byId.get(task.id);
    if (droppedIds.has(task.id)) {
      refused.push({ taskId: task.id, message: `${task.id} is both in the plan and in "dropped"; keep it or drop it, not both.` });
    } else if (existing === undefined) {
      revision.added.push(task);
    } else if (sameContent(existing, task)) {
      continue;
    } else if (existing.status === 'done') {
      refused.push({ taskId: task.id, message: historyMessage(task.id, 'changes') });
    } else {
      revision.revised.push(task);
    }
  }
  for (const drop of proposal.dropped) {
    const existing = byId.get(drop.id);
    if (existing === undefined) {
      refused.push({ taskId: drop.id, message: `"dropped" names ${drop.id}, which is not a task in the current plan.` });
    } else if (existing.status === 'done') {
      refused.push({ taskId: drop.id, message: historyMessage(drop.id, 'drops') });
    } else if (existing.status !== 'skipped' && !proposal.tasks.some((task) => task.id === drop.id)) {
      revision.dropped.push({ id: drop.id, reason: drop.reason });
    }
  }
  return { revision, refused };
}

function historyMessage(taskId: string, what: 'changes' | 'drops'): string {
  return (
    `The revised plan ${what} ${taskId}, which is done ([x]): its commit is history and stays exactly as it is. ` +
    `Keep ${taskId} unchanged; if the design change invalidates it, add a new task (e.g. "Revise ${taskId} for …") that makes the change.`
  );
}

/**
 * `current` with the revision applied: revised tasks take the new title,
 * details, acceptance, verify, dependencies, files and requirements (their id, mark, reason,
 * unknown fields and the prose before them stay); dropped pending tasks are
 * marked skipped; added tasks are appended, pending. Done tasks and everything
 * else are the same objects. Applying the same revision again changes nothing;
 * an added task whose id the plan has for another task throws (PLAN_INVALID).
 */
export function applyRevision(current: TodoDocument, revision: PlanRevision, options: { source?: string } = {}): TodoDocument {
  refuseTakenIds(current, revision);
  const revised = new Map(revision.revised.map((task) => [task.id, task]));
  const dropped = new Map(revision.dropped.map((drop) => [drop.id, drop.reason]));
  const known = new Set(current.tasks.map((task) => task.id));
  const tasks = current.tasks.map((task): TodoTask => {
    if (task.status === 'done') return task;
    const reason = dropped.get(task.id);
    if (reason !== undefined && task.status !== 'skipped') return { ...task, status: 'skipped', reason: dropReason(reason) };
    // An added task already here is this revision applied before (refuseTakenIds let only that through).
    const update = revised.get(task.id);
    return update === undefined ? task : { ...task, ...content(update) };
  });
  const appended = revision.added.filter((task) => !known.has(task.id)).map((task): TodoTask => ({ id: task.id, status: 'pending', ...content(task), extra: [] }));
  return { ...current, ...(options.source === undefined ? {} : { source: options.source }), tasks: [...tasks, ...appended] };
}

/**
 * A new task whose id the plan already has with other content (a converge
 * follow-up took it since the revision was made) would overwrite that task:
 * an error, never an edit. The same task again is this revision applied twice.
 */
function refuseTakenIds(current: TodoDocument, revision: PlanRevision): void {
  for (const added of revision.added) {
    const existing = current.tasks.find((task) => task.id === added.id);
    if (existing !== undefined && !sameContent(existing, added)) {
      throw new TandemError(`The updated plan adds ${added.id}, but the plan already has a different task ${added.id} ("${existing.title}").`, {
        code: 'PLAN_INVALID',
        hint: 'Run `tandem plan --update` again, so the new task gets a fresh id.',
        context: { taskId: added.id },
      });
    }
  }
}

/** The fields a planner owns. */
type TaskContent = Pick<TodoTask, 'title' | 'details' | 'acceptance' | 'verify' | 'dependsOn' | 'files' | 'requirements'>;

/**
 * The fields a planner owns, in the document's form. `requirements` is left
 * out when the task has none, so a revision that does not name them keeps the
 * ones the task had (silence never loses the trace to the design).
 */
function content(task: Omit<TaskContent, 'details'> & { details?: string }): TaskContent {
  return {
    title: oneLine(task.title),
    details: textBlock(task.details ?? ''),
    acceptance: task.acceptance.map(oneLine).filter((item) => item !== ''),
    verify: task.verify === undefined || oneLine(task.verify) === '' ? undefined : oneLine(task.verify),
    dependsOn: [...task.dependsOn],
    files: task.files === undefined ? undefined : [...task.files],
    ...(task.requirements === undefined ? {} : { requirements: task.requirements.map(oneLine).filter((id) => id !== '') }),
  };
}

/**
 * True when `task` says what `existing` says, as TODO.md would write it (so an
 * echoed task is not a revision). Requirements count: a task now serving
 * another requirement is revised, though one that names none keeps its own.
 */
export function sameContent(existing: Omit<TaskContent, 'details'> & { details?: string }, task: PlanTask): boolean {
  const before = task.requirements === undefined ? { ...existing, requirements: undefined } : existing;
  return JSON.stringify(content(before)) === JSON.stringify(content(task));
}

/** The id after the highest `T<n>` in use (`T5` after T1…T4), for the planner's new tasks. */
export function nextTaskId(ids: readonly string[]): string {
  const numbers = ids.map((id) => /^T(\d+)$/.exec(id)?.[1]).filter((n): n is string => n !== undefined).map(Number);
  return `T${Math.max(0, ...numbers) + 1}`;
}
