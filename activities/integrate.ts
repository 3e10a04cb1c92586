/**
 * `--parallel`: lands an approved task's commit on the run branch, in the
 * run's worktree, one at a time (the workflow serialises them). When other
 * tasks landed since the task's base, its change is cherry-picked onto the new
 * head and the tests run again on that tree; a conflict or a failing re-test
 * leaves the branch as it was and becomes feedback for a new attempt on the
 * new head. Idempotent: a retry finds the task's commit already on the branch.
 */
import { join } from 'node:path';
import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import { isDirty } from '../git/status.js';
import { runCheck, tail, toRecord } from '../exec/check.js';
import { findTaskCommit } from '../git/find-task-commit.js';
import { backToHead, commitPicked, pickTaskCommit } from '../git/integrate-commit.js';
import { markOnBase } from '../git/plan-marks.js';
import { git } from '../git/run-git.js';
import { removeWorktree } from '../git/worktree.js';
import { writeFileAtomic, writeJsonAtomic } from '../journal/files.js';
import { attemptFiles, taskDir } from '../journal/layout.js';
import type { CommandRecord } from '../journal/records.js';
import { runWorktreeDir, taskWorktreeDir } from '../contracts/workspace.js';
import type { CheckSettings, RunLocation } from '../contracts/run.js';

export interface IntegrateInput {
  /** The run's location (the user's repo; the worktrees are under its workspace root). */
  location: RunLocation;
  taskId: string;
  /** The task's approved commit, on its own branch. */
  taskSha: string;
  /** The commit the task started from: when it is still the head, the task's commit is fast-forwarded. */
  taskBase: string;
  /** The run branch head the workflow expects: nothing but this integration may move it. */
  expectedHead: string;
  /** The task's last attempt: a refusal is written as that attempt's feedback, for the next one. */
  attempt: number;
  verify?: string;
  settings: CheckSettings;
}

export type IntegrateResult =
  | { status: 'integrated'; sha: string; retested: boolean; durationMs: number; testMs: number }
  | { status: 'refused'; reason: string; durationMs: number };

export async function integrateTask(input: IntegrateInput): Promise<IntegrateResult> {
  const startedAt = Date.now();
  const { location, taskId } = input;
  const root = location.workspaceRoot!;
  const runDir = runWorktreeDir(root);
  const work: RunLocation = { ...location, repo: runDir };

  // One git process for both: the branch, and what the run's worktree has checked out.
  const read = await git(runDir, ['rev-parse', `refs/heads/${location.branch}`, 'HEAD'], { okExitCodes: [128] });
  const [head, checkedOut] = read.exitCode === 0 ? read.stdout.split('\n') : [];
  if (head !== input.expectedHead) {
    // A retry after the commit landed: the task's commit is already on the branch.
    const landed = head ? await findTaskCommit({ repo: runDir, taskId, runId: location.runId, sinceSha: input.expectedHead, ref: `refs/heads/${location.branch}` }) : null;
    if (landed) return finish(input, { status: 'integrated', sha: landed.sha, retested: false, durationMs: Date.now() - startedAt, testMs: 0 });
  }
  if (head !== input.expectedHead || checkedOut !== head) {
    throw ApplicationFailure.create({
      type: 'GIT_BRANCH_MOVED',
      nonRetryable: true,
      message: `the run branch ${location.branch} is at ${head?.slice(0, 8) || '(deleted)'}, not at ${input.expectedHead.slice(0, 8)} where Tandem left it; ${taskId} was not integrated`,
    });
  }
  // The tests see the committed head only: a pick a crash interrupted, or files the last re-test or the baseline wrote, go first.
  if (await isDirty({ repo: runDir })) await backToHead(runDir, head);

  const picked = await pickTaskCommit({ repo: runDir, head, taskSha: input.taskSha, taskBase: input.taskBase, planRelPath: location.planRelPath, markPlan: () => markOnBase(work, head, taskId, 'done') });
  if (picked.status === 'fast-forward') {
    return finish(input, { status: 'integrated', sha: picked.sha, retested: false, durationMs: Date.now() - startedAt, testMs: 0 });
  }
  if (picked.status === 'conflict') {
    const files = picked.files.length > 0 ? picked.files.join(', ') : 'the plan file';
    return refuse(input, startedAt, `conflicts with what landed on ${location.branch} since its base (in ${files})`, [
      `Your change was approved, but it does not apply on top of what other tasks committed to the run branch meanwhile: git reports a conflict in ${files}.`,
      `This attempt starts from the new head of the branch, which already holds their work. Make your change again on top of it, keeping what they did.`,
      picked.detail ? `git said:\n\`\`\`\n${tail(picked.detail, 2000)}\n\`\`\`` : '',
    ]);
  }

  const testStarted = Date.now();
  const failed = await retest(input, runDir);
  const testMs = Date.now() - testStarted;
  // Cancelled or timed out: an attempt that is not this activity's any more must not judge or commit.
  if (Context.current().cancellationSignal.aborted) throw new CancelledFailure('the integration was cancelled while its tests ran');
  if (failed) {
    await backToHead(runDir, head);
    return refuse(input, startedAt, `\`${failed.command}\` fails once combined with what landed since its base`, [
      `Your change was approved, but with the work other tasks committed to the run branch meanwhile, the check \`${failed.command}\` ${failed.timedOut ? 'timed out' : `fails (exit code ${failed.exitCode})`}.`,
      `This attempt starts from the new head of the branch, which holds their work. Make your change again so that both work together. Output (tail):\n\`\`\`\n${tail(failed.output, 4000)}\n\`\`\``,
    ]);
  }
  const sha = await commitPicked({ repo: runDir, taskSha: input.taskSha });
  return finish(input, { status: 'integrated', sha, retested: true, durationMs: Date.now() - startedAt, testMs });
}

/** The task's checks again, on the combined tree; the first failing one, or undefined when all pass. */
async function retest(input: IntegrateInput, runDir: string): Promise<CommandRecord | undefined> {
  const verify = input.verify?.trim().replace(/^`+|`+$/g, '').trim();
  const planned: [CommandRecord['name'], string | undefined][] = [['verify', verify], ['test', verify === input.settings.testCommand ? undefined : input.settings.testCommand]];
  const records: CommandRecord[] = [];
  for (const [name, command] of planned) {
    if (!command) continue;
    const record = toRecord(name, await runCheck(runDir, command, input.settings));
    records.push(record);
    if (record.exitCode !== 0) break;
  }
  await writeJsonAtomic(join(taskDir(input.location.journalDir, input.taskId), `integration-${input.attempt}.json`), { at: Date.now(), commands: records });
  return records.find((record) => record.exitCode !== 0);
}

async function refuse(input: IntegrateInput, startedAt: number, reason: string, feedback: string[]): Promise<IntegrateResult> {
  await writeFileAtomic(attemptFiles(input.location.journalDir, input.taskId, input.attempt).feedback, `${feedback.filter(Boolean).join('\n\n')}\n`);
  await dropTaskWorkspace(input);
  return { status: 'refused', reason, durationMs: Date.now() - startedAt };
}

async function finish(input: IntegrateInput, result: IntegrateResult): Promise<IntegrateResult> {
  await dropTaskWorkspace(input);
  return result;
}

/** The task's worktree is done with either way: a new attempt gets a fresh one (its branch goes with the run's worktrees). */
async function dropTaskWorkspace(input: IntegrateInput): Promise<void> {
  const { location, taskId } = input;
  await removeWorktree({ repo: location.repo, dir: taskWorktreeDir(location.workspaceRoot!, taskId) });
}
