/**
 * A run's own bookkeeping: the branch, the plan file committed so no rollback
 * can lose it, the task list with what is already done, the baseline tests,
 * skip marks, and the check that nobody else moved the branch.
 */
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import { parseTodo, todoToPlan } from '../plan/index.js';
import { integrityError } from '../git/branch-errors.js';
import { checkBranchIntegrity } from '../git/branch-integrity.js';
import { commitPlanFile } from '../git/commit-plan-file.js';
import { ensureRunBranch } from '../git/ensure-run-branch.js';
import { taskCommitsOnBranch } from '../git/find-task-commit.js';
import { headSha } from '../git/refs.js';
import { returnToBranch } from '../git/return-to-branch.js';
import { readTextIfExists, writeJsonAtomic } from '../journal/files.js';
import { runCheck, tail, toRecord } from '../exec/check.js';
import { commitMark } from '../git/plan-marks.js';
import type { CheckSettings, PlanTaskInput, RunLocation, RunSettings, TaskState } from '../contracts/run.js';

export interface PreparedTask extends PlanTaskInput {
  state: Extract<TaskState, 'pending' | 'committed' | 'skipped'>;
  sha?: string;
}

export async function prepareRun(input: { location: RunLocation; settings: RunSettings }): Promise<{ headSha: string; tasks: PreparedTask[] }> {
  const { repo, branch, planRelPath, runId } = input.location;
  await writeRunRecord(input.location, input.settings);
  await ensureRunBranch({ repo, branch, planRelPath, fromSha: await headSha({ repo }), runId });
  await commitPlanFile({ repo, planRelPath, message: `Add the plan ${planRelPath}`, runId });

  const text = await readTextIfExists(join(repo, planRelPath));
  if (text === undefined) {
    throw ApplicationFailure.create({ type: 'PlanMissing', nonRetryable: true, message: `the plan file ${planRelPath} is gone from ${repo}` });
  }
  const doc = parseTodo(text, { file: planRelPath });
  const plan = todoToPlan(doc);
  const committed = await taskCommitsOnBranch({ repo, branch });
  const statusById = new Map(doc.tasks.map((task) => [task.id, task.status]));
  const tasks = plan.tasks.map((task): PreparedTask => {
    const sha = committed[task.id];
    const status = statusById.get(task.id);
    // A trailer is proof of a commit even if TODO.md was edited since; `[!]` tasks run again.
    const state = sha || status === 'done' ? 'committed' : status === 'skipped' ? 'skipped' : 'pending';
    return { ...task, state, ...(sha ? { sha } : {}) };
  });
  return { headSha: await headSha({ repo }), tasks };
}

/** `run.json`: what `tandem report` and `tandem logs` need to know about the run as a whole. */
export interface RunRecord {
  runId: string;
  repo: string;
  planRelPath: string;
  designRelPath?: string;
  branch: string;
  /** The branch the user was on when the run started: a pull request's base (`tandem pr`). Absent in older journals. */
  startBranch?: string;
  implementer: string;
  reviewers: string[];
  testCommand?: string;
  /** True when the built-in scripted demo model stands in for real ones. */
  demo: boolean;
  startedAt: number;
  /** Each role's endpoint and key fingerprint as recorded at the start; absent in runs started before. */
  endpoints?: RunSettings['endpoints'];
}

async function writeRunRecord(location: RunLocation, settings: RunSettings): Promise<void> {
  const path = join(location.journalDir, 'run.json');
  if (await readTextIfExists(path)) return;
  const record: RunRecord = {
    runId: location.runId,
    repo: location.repo,
    planRelPath: location.planRelPath,
    ...(location.designRelPath ? { designRelPath: location.designRelPath } : {}),
    branch: location.branch,
    ...(location.startBranch ? { startBranch: location.startBranch } : {}),
    implementer: settings.implementer.spec,
    reviewers: settings.reviewers.map((reviewer) => reviewer.spec),
    ...(settings.testCommand ? { testCommand: settings.testCommand } : {}),
    demo: [settings.implementer, ...settings.reviewers].some((model) => model.kind === 'scripted'),
    startedAt: Date.now(),
    ...(settings.endpoints ? { endpoints: settings.endpoints } : {}),
  };
  await writeJsonAtomic(path, record);
}

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
  if (integrity.status === 'ok') return { ok: true, head: integrity.head };
  const error = integrityError(branch, integrity);
  return {
    ok: false,
    problem: `${error.message} ${error.hint ?? ''} Tandem changed nothing; \`tandem resume\` continues from the branch as it is then.`.trim(),
    ...(integrity.status === 'moved' ? { head: integrity.head } : {}),
  };
}
