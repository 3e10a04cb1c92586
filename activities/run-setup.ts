/**
 * A run's own bookkeeping: the branch, the plan file committed so no rollback
 * can lose it, the task list with what is already done, the baseline tests,
 * skip marks, and the check that nobody else moved the branch.
 */
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import { integrityError } from '../git/branch-errors.js';
import { checkBranchIntegrity } from '../git/branch-integrity.js';
import { remoteBranchProblem } from '../git/remote-branch-check.js';
import { remoteMovedProblem } from '../git/remote-moved.js';
import { commitPlanFile } from '../git/commit-plan-file.js';
import { ensureRunBranch } from '../git/ensure-run-branch.js';
import { headSha } from '../git/refs.js';
import { returnToBranch } from '../git/return-to-branch.js';
import { writeJsonAtomic } from '../journal/files.js';
import { readPreparedTasks, type PreparedTask } from '../git/plan-progress.js';
import { writeRunRecord } from '../journal/run-record.js';
import { runCheck, tail, toRecord } from '../exec/check.js';
import { commitMark } from '../git/plan-marks.js';
import type { CheckSettings, RunLocation, RunSettings } from '../contracts/run.js';

export type { PreparedTask } from '../git/plan-progress.js';

export async function prepareRun(input: { location: RunLocation; settings: RunSettings }): Promise<{ headSha: string; tasks: PreparedTask[] }> {
  const { repo, branch, planRelPath, runId } = input.location;
  await writeRunRecord(input.location, input.settings);
  await ensureRunBranch({ repo, branch, planRelPath, fromSha: await headSha({ repo }), runId });
  await commitPlanFile({ repo, planRelPath, message: `Add the plan ${planRelPath}`, runId });
  return { headSha: await headSha({ repo }), tasks: await readPreparedTasks(input.location) };
}

export type { RunRecord } from '../journal/run-record.js';

export interface BaselineResult {
  passed: boolean;
  exitCode: number | null;
  outputTail: string;
  /** Set when the failure ends the run and the user was taken back to the branch they started on. */
  returnedTo?: string;
  /** Why going back failed (git refused the switch), when it did. */
  returnProblem?: string;
}

export interface BaselineInput {
  location: RunLocation;
  settings: CheckSettings & { testCommand: string };
  /** --allow-failing-baseline: a failure does not end the run. Undefined (runs started before this field) leaves the branch alone. */
  allowFailing?: boolean;
}

export async function baselineTests(input: BaselineInput): Promise<BaselineResult> {
  const result = await runCheck(input.location.repo, input.settings.testCommand, input.settings);
  await writeJsonAtomic(join(input.location.journalDir, 'baseline.json'), { at: Date.now(), ...toRecord('baseline', result) });
  if (result.exitCode === 127) {
    const back = await backToStartBranch(input.location);
    throw ApplicationFailure.create({
      type: 'TestCommandNotFound',
      nonRetryable: true,
      message: `the test command \`${input.settings.testCommand}\` was not found (exit 127): ${tail(result.output, 300).trim()}. Set \`test:\` in tandem.yaml or pass --test${whereNow(back)}`,
    });
  }
  const passed = result.exitCode === 0;
  const back = !passed && input.allowFailing === false ? await backToStartBranch(input.location) : {};
  return { passed, exitCode: result.exitCode, outputTail: tail(result.output), ...back };
}

/** The run ends before its first task: the user goes back where they were (the run branch keeps the plan for next time). */
async function backToStartBranch(location: RunLocation): Promise<Pick<BaselineResult, 'returnedTo' | 'returnProblem'>> {
  if (!location.startBranch) return {};
  const back = await returnToBranch({ repo: location.repo, branch: location.startBranch, planRelPath: location.planRelPath });
  return back.returned ? { returnedTo: location.startBranch } : { returnProblem: `still on ${location.branch}: git would not switch back to ${location.startBranch} (${back.problem})` };
}

/** The end of a failure message: which branch the user is on now. */
function whereNow(back: Pick<BaselineResult, 'returnedTo' | 'returnProblem'>): string {
  if (back.returnedTo) return `. You are back on ${back.returnedTo}.`;
  return back.returnProblem ? `. You are ${back.returnProblem}.` : '';
}

export async function markTaskSkipped(input: { location: RunLocation; taskId: string }): Promise<{ sha: string }> {
  const { repo } = input.location;
  const sha = await commitMark({ location: input.location, taskId: input.taskId, status: 'skipped', reason: 'skipped by user', parentSha: await headSha({ repo }) });
  return { sha };
}

export interface BranchCheck {
  ok: boolean;
  /** What happened, and what to do; shown as the pause reason. */
  problem?: string;
  /** The branch head now, adopted as the new base when the user resumes. */
  head?: string;
}

export async function checkBranch(input: { location: RunLocation; expectedHead: string }): Promise<BranchCheck> {
  const { repo, branch, runId } = input.location;
  const integrity = await checkBranchIntegrity({ repo, branch, expectedHead: input.expectedHead, runId });
  if (integrity.status === 'ok') {
    // `--remote`: the local branch is as Tandem left it, but the remote's may have gone elsewhere. No head to adopt then.
    const remoteProblem = await remoteBranchProblem(input.location);
    return remoteProblem === undefined ? { ok: true, head: integrity.head } : { ok: false, problem: remoteProblem };
  }
  const error = integrityError(branch, integrity);
  const problem = input.location.remote && integrity.status === 'moved'
    ? remoteMovedProblem({ remote: input.location.remote, branch, commits: integrity.foreignCommits, rewritten: integrity.rewritten })
    : `${error.message} ${error.hint ?? ''} Tandem changed nothing; \`tandem resume\` continues from the branch as it is then.`.trim();
  return {
    ok: false,
    problem,
    ...(integrity.status === 'moved' ? { head: integrity.head } : {}),
  };
}
