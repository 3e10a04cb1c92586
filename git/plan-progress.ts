/**
 * What a run finds done when it starts: the plan file on the run branch, with
 * each task's state from the branch's `Tandem-Task` trailers first, then its mark.
 */
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import { parseTodo, todoToPlan } from '../plan/index.js';
import { taskCommitsOnBranch } from './find-task-commit.js';
import { readTextIfExists } from '../journal/files.js';
import type { PlanTaskInput, RunLocation, TaskState } from '../contracts/run.js';

export interface PreparedTask extends PlanTaskInput {
  state: Extract<TaskState, 'pending' | 'committed' | 'skipped'>;
  sha?: string;
}

/** The plan's tasks as the run branch has them, with what is already done (trailers first, then marks). */
export async function readPreparedTasks(location: RunLocation): Promise<PreparedTask[]> {
  const { repo, branch, planRelPath } = location;
  const text = await readTextIfExists(join(repo, planRelPath));
  if (text === undefined) {
    throw ApplicationFailure.create({ type: 'PlanMissing', nonRetryable: true, message: `the plan file ${planRelPath} is gone from ${repo}` });
  }
  const doc = parseTodo(text, { file: planRelPath });
  const plan = todoToPlan(doc);
  const committed = await taskCommitsOnBranch({ repo, branch });
  const statusById = new Map(doc.tasks.map((task) => [task.id, task.status]));
  return plan.tasks.map((task): PreparedTask => {
    const sha = committed[task.id];
    const status = statusById.get(task.id);
    // A trailer is proof of a commit even if TODO.md was edited since; `[!]` tasks run again.
    const state = sha || status === 'done' ? 'committed' : status === 'skipped' ? 'skipped' : 'pending';
    return { ...task, state, ...(sha ? { sha } : {}) };
  });
}

