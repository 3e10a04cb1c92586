/*
 * Zod-free on purpose: workflow code validates task ids, and every new
 * workflow re-evaluates the modules it imports, so pulling zod into the
 * workflow bundle cost about 5 ms of worker CPU per task workflow.
 */

/**
 * Task ids. Planners are asked for `T1, T2, …`, but hand-written TODO.md files
 * use ids like `T1a` or `setup-db`, so the pattern only demands a leading letter
 * and no characters that would break the `- [ ] T1: title` line.
 * Plain character classes, no `\w`: the pattern is sent to models in the plan's
 * JSON Schema, and llama.cpp cannot compile `\w` into a grammar (it then
 * accepts any string).
 */
export const TASK_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/**
 * A usable task id: the pattern, and not `none`, which TODO.md reserves for an
 * empty `Depends on:` list.
 */
export function isTaskId(id: string): boolean {
  return TASK_ID_PATTERN.test(id) && id.toLowerCase() !== 'none';
}
