/**
 * Appends a converge round's follow-up tasks to the plan on the run branch and
 * commits TODO.md, like Tandem's other plan changes. Idempotent: tasks already
 * in the file are not appended again, and an unchanged plan makes no commit.
 */
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import type { PlanTaskInput, RunLocation } from '../contracts/run.js';
import { commitPlanFile } from '../git/commit-plan-file.js';
import { readJsonIfExists, writeFileAtomic } from '../journal/files.js';
import { readConfinedText } from '../exec/confined-read.js';
import { convergeFiles } from '../journal/layout.js';
import type { ConvergeRoundRecord } from '../journal/records.js';
import { parseTodo, renderTodo, todoTaskToPlan, validateTodo } from '../plan/index.js';
import { TandemError } from '../errors/tandem-error.js';

export interface AppendedFollowUps {
  /** The branch head after the plan commit (or as it was, when there was nothing to append). */
  sha: string;
  /** The round's follow-up tasks, for the run to work on next. */
  tasks: PlanTaskInput[];
}

export async function appendFollowUps(input: { location: RunLocation; round: number }): Promise<AppendedFollowUps> {
  const { repo, planRelPath, runId, journalDir } = input.location;
  const record = await readJsonIfExists<ConvergeRoundRecord>(convergeFiles(journalDir, input.round).round);
  if (!record) throw ApplicationFailure.create({ type: 'ConvergeRoundMissing', nonRetryable: true, message: `converge round ${input.round} is not in the journal ${journalDir}` });
  const path = join(repo, planRelPath);
  const text = await readConfinedText(repo, planRelPath, `the plan ${planRelPath}`);
  if (text === undefined) throw ApplicationFailure.create({ type: 'PlanMissing', nonRetryable: true, message: `the plan file ${planRelPath} is gone from ${repo}` });

  try {
    const doc = parseTodo(text, { file: planRelPath });
    const present = new Set(doc.tasks.map((task) => task.id));
    const missing = record.followUpTasks.filter((task) => !present.has(task.id));
    if (missing.length > 0) {
      const updated = { ...doc, tasks: [...doc.tasks, ...missing] };
      validateTodo(updated, { file: planRelPath });
      const rendered = renderTodo(updated);
      // Parsed again before it is committed: a task's mark later parses only that task's lines (setTaskStatusInValidPlan).
      parseTodo(rendered, { file: planRelPath });
      await writeFileAtomic(path, rendered);
    }
  } catch (error) {
    // A plan that does not parse, or would not with the follow-ups, will not on a retry either.
    if (error instanceof TandemError) throw ApplicationFailure.create({ type: error.code, message: error.message, nonRetryable: true });
    throw error;
  }
  const ids = record.followUpTasks.map((task) => task.id).join(', ');
  const commit = await commitPlanFile({ repo, planRelPath, message: `Plan: follow-up tasks ${ids} from converge round ${input.round}`, runId });
  return { sha: commit.sha, tasks: record.followUpTasks.map(todoTaskToPlan) };
}
