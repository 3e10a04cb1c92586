/**
 * Turns a converge review into follow-up tasks for the plan: one per task the
 * reviewer proposed, plus one for any partial or missing item no proposal
 * covers, so no gap it found is dropped. Ids follow the plan's own scheme and
 * never collide. Pure: the converge activity calls it once per round and
 * journals the result, so a rerun appends exactly the same tasks.
 */
import type { ConvergeFollowUp } from './converge-schema.js';
import { isRequirementId } from './requirement-id.js';
import type { TodoTask } from './todo-types.js';

/** The fields of a reviewed item this needs (contracts/converge.ts has the whole shape). */
export interface ReviewedItem {
  id: string;
  text: string;
  verdict: 'met' | 'partial' | 'missing';
  evidence: { note?: string }[];
}

export interface FollowUpInput {
  round: number;
  items: ReviewedItem[];
  followUps: ConvergeFollowUp[];
  /** Every task id already in the plan, in plan order. */
  existingIds: string[];
  /** The plan's tasks, for the requirements an acceptance item's task serves. */
  planTasks?: readonly PlannedTask[];
}

/** What of a plan task the converge review needs. */
export type PlannedTask = Pick<TodoTask, 'id' | 'status' | 'requirements'>;

/**
 * The items a converge round may act on: an acceptance criterion of a task
 * marked `[-]` (skipped, or dropped by `plan --update`) is out of scope, so a
 * reviewer who finds it missing never brings deliberately dropped work back.
 */
export function inScope<T extends Pick<ReviewedItem, 'id'>>(items: readonly T[], planTasks: readonly PlannedTask[]): T[] {
  const skipped = new Set(planTasks.filter((task) => task.status === 'skipped').map((task) => task.id));
  return items.filter((item) => !skipped.has(taskOfCriterion(item.id) ?? ''));
}

/** `T2` for the acceptance item `T2/1`; undefined for a requirement id. */
function taskOfCriterion(id: string): string | undefined {
  return /^(.+)\/\d+$/.exec(id)?.[1];
}

/** The value of the `Source:` field a follow-up task carries. */
export function convergeSource(round: number): string {
  return `converge round ${round}`;
}

/** The items that are not met, in the reviewer's order. */
export function gaps<T extends ReviewedItem>(items: T[]): T[] {
  return items.filter((item) => item.verdict !== 'met');
}

/**
 * The tasks to append: pending, `Source: converge round N`, dependencies
 * limited to tasks the plan has. Empty when every item is met (proposals for
 * met items are dropped: the reviewer said nothing is missing).
 */
export function followUpTasks(input: FollowUpInput): TodoTask[] {
  const open = gaps(input.items);
  if (open.length === 0) return [];
  const openIds = new Set(open.map((item) => item.id));
  const proposals = input.followUps.filter((task) => task.covers.some((id) => openIds.has(id)));
  const covered = new Set(proposals.flatMap((task) => task.covers));
  const drafts = [...proposals, ...open.filter((item) => !covered.has(item.id)).map(taskForItem)];
  const ids = allocateTaskIds(input.existingIds, drafts.length);
  const known = new Set(input.existingIds);
  return drafts.map((draft, index) => {
    const requirements = requirementsClosed(draft.covers, input.planTasks ?? []);
    return {
      id: ids[index]!,
      title: draft.title,
      status: 'pending',
      details: draft.details,
      acceptance: draft.acceptance,
      dependsOn: [...new Set(draft.dependsOn.filter((id) => known.has(id)))],
      ...(requirements.length > 0 ? { requirements } : {}),
      extra: [{ name: 'Source', value: convergeSource(input.round) }],
    };
  });
}

/**
 * The requirement ids a follow-up closes, so its commit names them
 * (`Tandem-Requirements`) and the traceability matrix links them to it: a
 * requirement item is its own id, an acceptance item (`T2/1`) stands for the
 * requirements its task serves.
 */
function requirementsClosed(covers: readonly string[], planTasks: readonly PlannedTask[]): string[] {
  const ids = covers.flatMap((id) => {
    const taskId = taskOfCriterion(id);
    if (taskId === undefined) return isRequirementId(id) ? [id] : [];
    return planTasks.find((task) => task.id === taskId)?.requirements ?? [];
  });
  return [...new Set(ids)];
}

/** A gap the reviewer proposed no task for: its own task, the item as the criterion. */
function taskForItem(item: ReviewedItem): ConvergeFollowUp {
  const notes = item.evidence.map((evidence) => evidence.note).filter((note): note is string => Boolean(note?.trim()));
  return {
    title: `Meet ${item.id}: ${item.text}`,
    details: [`The converge review found ${item.id} ${item.verdict}: ${item.text}`, ...notes].join('\n'),
    acceptance: [item.text],
    covers: [item.id],
    dependsOn: [],
  };
}

const NUMBERED = /^([A-Za-z][A-Za-z_.-]*?)(\d+)$/;

/**
 * `count` new ids in the plan's scheme: the prefix most of its numbered ids
 * share (`T` when none is numbered), numbered after the highest id with that
 * prefix in any case. `T1, T2, T3` → `T4, T5`; ids already taken are skipped.
 */
export function allocateTaskIds(existing: string[], count: number): string[] {
  const taken = new Set(existing.map((id) => id.toLowerCase()));
  const numbered = existing.map((id) => NUMBERED.exec(id)).filter((match): match is RegExpExecArray => match !== null);
  const uses = new Map<string, number>();
  for (const match of numbered) uses.set(match[1]!, (uses.get(match[1]!) ?? 0) + 1);
  const prefix = [...uses].reduce<[string, number]>((best, entry) => (entry[1] > best[1] ? entry : best), ['T', 0])[0];
  const same = numbered.filter((match) => match[1]!.toLowerCase() === prefix.toLowerCase());
  let next = Math.max(0, ...same.map((match) => Number(match[2]))) + 1;
  const ids: string[] = [];
  while (ids.length < count) {
    const id = `${prefix}${next++}`;
    if (!taken.has(id.toLowerCase())) ids.push(id);
  }
  return ids;
}
