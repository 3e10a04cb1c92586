/**
 * A run takes an updated plan (`tandem plan --update` while it works): at a
 * task boundary, the revision is applied to TODO.md as the run branch has it
 * now (plan/revision.ts: done tasks are never touched), written, and committed
 * on its own, so the tasks that follow start from it and no rollback loses it.
 */
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import { reviseTodoText } from '../plan/revision-text.js';
import { commitPlanFile } from '../git/commit-plan-file.js';
import { writeFileAtomic } from '../journal/files.js';
import { readConfinedText } from '../exec/confined-read.js';
import type { PlanUpdateRequest } from '../contracts/plan-update.js';
import type { RunLocation } from '../contracts/run.js';
import { TandemError } from '../errors/tandem-error.js';

/**
 * Idempotent: applying a revision to a plan that already has it gives the same
 * text, and an unchanged plan file makes no commit; the sha returned is the
 * branch head either way.
 */
export async function applyPlanUpdate(input: { location: RunLocation; update: PlanUpdateRequest }): Promise<{ sha: string; committed: boolean }> {
  const { repo, planRelPath, runId } = input.location;
  const path = join(repo, planRelPath);
  const text = await readConfinedText(repo, planRelPath, `the plan ${planRelPath}`);
  if (text === undefined) {
    throw ApplicationFailure.create({ type: 'PlanMissing', nonRetryable: true, message: `the plan file ${planRelPath} is gone from ${repo}` });
  }
  const updated = reviseOrFail(text, input.update, planRelPath);
  if (updated !== text) await writeFileAtomic(path, updated);
  return commitPlanFile({ repo, planRelPath, message: `Update the plan: ${input.update.summary}`, runId });
}

/** An update the plan on the branch cannot take (an id taken since) will not take it on a retry either. */
function reviseOrFail(text: string, update: PlanUpdateRequest, file: string): string {
  try {
    return reviseTodoText(text, update.revision, { file, ...(update.source === undefined ? {} : { source: update.source }) });
  } catch (error) {
    if (error instanceof TandemError) throw ApplicationFailure.create({ type: error.code, message: error.message, nonRetryable: true });
    throw error;
  }
}
