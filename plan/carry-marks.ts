/**
 * A run working in its own worktree (`--parallel`) takes the plan from the
 * user's checkout, where TODO.md may have been edited (tasks added or
 * reworded) but never ticked: the run branch holds the marks. The user's text
 * wins, with the branch's `[x]` and `[-]` carried over to tasks still open in
 * it. `[!]` is not carried: a failed task runs again, as on any new run.
 */
import { parseTodo } from './todo-parse.js';
import { setTaskStatusInValidPlan } from './todo-status.js';

export function carryMarks(userText: string, branchText: string, file: string): string {
  const branchStatus = new Map(parseTodo(branchText, { file }).tasks.map((task) => [task.id, task.status]));
  let merged = userText;
  for (const task of parseTodo(userText, { file }).tasks) {
    const status = branchStatus.get(task.id);
    // userText parsed above, and a mark keeps a plan valid: each mark parses only its own task.
    if (task.status === 'pending' && (status === 'done' || status === 'skipped')) merged = setTaskStatusInValidPlan(merged, task.id, status, undefined, { file });
  }
  return merged;
}
