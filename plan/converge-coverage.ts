/**
 * What a converge review must judge, so a reviewer that leaves an item out
 * cannot make a branch look complete: every acceptance criterion
 * (`<task>/<n>`) of the tasks still in the plan, and every requirement id the
 * plan's `Requirements:` fields name. Tasks marked skipped (`[-]`, by the user
 * or dropped by `plan --update`) are out of scope. Requirements the design
 * names but no task does cannot be known here; the reviewer finds those.
 * Pure: the converge activity calls it before and after asking.
 */
import type { TodoTask } from './todo-types.js';

/** An item the review must give a verdict on. */
export interface ExpectedItem {
  id: string;
  kind: 'requirement' | 'acceptance';
  /** The criterion's words, or for a requirement the tasks that name it (the plan has no more). */
  text: string;
  tasks: string[];
}

/** The note an item carries when the reviewer never judged it, even when asked again. */
export const NOT_REVIEWED_NOTE = 'not reviewed by the converge reviewer';

/** The items a review of this plan must judge, acceptance criteria in plan order, then requirements. */
export function expectedItems(tasks: readonly Pick<TodoTask, 'id' | 'status' | 'acceptance' | 'requirements'>[]): ExpectedItem[] {
  const inScope = tasks.filter((task) => task.status !== 'skipped');
  const criteria = inScope.flatMap((task) =>
    task.acceptance.map((text, index): ExpectedItem => ({ id: `${task.id}/${index + 1}`, kind: 'acceptance', text, tasks: [task.id] })),
  );
  const namedBy = new Map<string, string[]>();
  for (const task of tasks) for (const id of task.requirements ?? []) namedBy.set(id, [...(namedBy.get(id) ?? []), task.id]);
  const requirements = [...namedBy].map(([id, by]): ExpectedItem => ({ id, kind: 'requirement', text: `${id}, named by ${by.join(', ')} in the plan`, tasks: by }));
  return [...criteria, ...requirements];
}

/** The expected items no judged item answers; ids compare without case or spaces (`t2 / 1` is `T2/1`). */
export function omittedItems(expected: readonly ExpectedItem[], judged: readonly { id: string }[]): ExpectedItem[] {
  const seen = new Set(judged.map((item) => sameId(item.id)));
  return expected.filter((item) => !seen.has(sameId(item.id)));
}

/** True when `judged` answers one of `items`. */
export function answersOneOf(items: readonly ExpectedItem[], judged: { id: string }): boolean {
  return items.some((item) => sameId(item.id) === sameId(judged.id));
}

/** An item the reviewer never judged, recorded as missing so the run does not count it met. */
export function notReviewed(item: ExpectedItem): ExpectedItem & { verdict: 'missing'; evidence: { note: string }[] } {
  return { ...item, verdict: 'missing', evidence: [{ note: NOT_REVIEWED_NOTE }] };
}

function sameId(id: string): string {
  return id.replace(/\s+/g, '').toLowerCase();
}
