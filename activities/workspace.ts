/**
 * The worktrees of a `--parallel` run: the run branch's own (where the plan,
 * marks, baseline and integrations happen) and one per task attempt. The
 * user's checkout is only read: its HEAD is where a new run branch starts,
 * and its plan file is what the run works through.
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { carryMarks } from '../plan/carry-marks.js';
import { TandemError } from '../errors/tandem-error.js';
import { assertBranchOwnedByPlan, recordBranchOwner } from '../git/branch-owner.js';
import { commitPlanFile } from '../git/commit-plan-file.js';
import { commitMark } from '../git/plan-marks.js';
import { assertValidBranchName, branchSha, headSha } from '../git/refs.js';
import { git } from '../git/run-git.js';
import { ensureCommitFromRemote } from '../git/run-branch-sync.js';
import { isDirty } from '../git/status.js';
import { branchesWithPrefix, canonicalDir, deleteBranches, ensureWorktree, listWorktrees, pruneWorktreesUnder, removeWorktree } from '../git/worktree.js';
import { readTextIfExists, writeFileAtomic } from '../journal/files.js';
import { laneBranch, runWorktreeDir, taskWorktreeDir } from '../contracts/workspace.js';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { servedWorkspaceQueue } from '../temporal/workspace-queue.js';
import { runCheck, tail } from '../exec/check.js';
import { checkSettings, type CheckSettings, type RunLocation, type RunSettings } from '../contracts/run.js';
import { readPreparedTasks, type PreparedTask } from '../git/plan-progress.js';
import { writeRunRecord } from '../journal/run-record.js';

export interface OpenedRunWorkspace {
  headSha: string;
  tasks: PreparedTask[];
  /** Leftover task worktrees of an earlier, killed run that were removed. */
  pruned: string[];
}

/**
 * Makes the run branch (from the user's HEAD when new) and the run's worktree
 * on it, brings the user's plan file over (keeping the branch's marks), and
 * reads the tasks. Leftover task worktrees of a killed run are removed: a new
 * run has no task in flight. Idempotent.
 */
export async function openRunWorkspace(input: { location: RunLocation; settings: RunSettings }): Promise<OpenedRunWorkspace> {
  const { location } = input;
  const { repo, branch, planRelPath, runId } = location;
  const root = workspaceRootOf(location);
  const runDir = runWorktreeDir(root);
  await writeRunRecord(location, input.settings);
  await assertValidBranchName({ repo, branch });
  if ((await branchSha({ repo, branch })) === null) {
    await recordBranchOwner({ repo, branch, planRelPath });
    await git(repo, ['branch', '--no-track', branch, await headSha({ repo })]);
  } else {
    await assertBranchOwnedByPlan({ repo, branch, planRelPath, runId });
  }
  await assertBranchFree(repo, branch, runDir);
  const pruned = await pruneWorktreesUnder({ repo, root, keep: [runDir], branchPrefix: laneBranch(branch, '') });
  await readyRunWorktree({ repo, dir: runDir, branch, settings: input.settings });

  const work = { ...location, repo: runDir };
  const userPlan = await readTextIfExists(join(repo, planRelPath));
  const branchPlan = await readTextIfExists(join(runDir, planRelPath));
  if (userPlan !== undefined) {
    const plan = branchPlan === undefined ? userPlan : carryMarks(userPlan, branchPlan, planRelPath);
    if (plan !== branchPlan) await writeFileAtomic(join(runDir, planRelPath), plan);
  }
  await commitPlanFile({ repo: runDir, planRelPath, message: `Add the plan ${planRelPath}`, runId });
  const tasks = await readPreparedTasks(work);
  // Task branches a killed run left (their worktrees went above): only this plan's tasks' names.
  await deleteBranches(repo, await laneBranchesOf(location, tasks.map((task) => task.id)));
  return { headSha: await headSha({ repo: runDir }), tasks, pruned };
}

/**
 * One lane works in the run's own worktree (workflows/run.ts): when a person
 * deleted it mid-task, it is made again on the run branch, set up, and left
 * clean, so the task's attempt can start again there. The plan and marks are
 * the branch's own: nothing of the user's checkout is read. Idempotent.
 */
export async function reopenRunWorktree(input: { location: RunLocation; settings: RunSettings }): Promise<{ headSha: string }> {
  const { location } = input;
  const runDir = runWorktreeDir(workspaceRootOf(location));
  await readyRunWorktree({ repo: location.repo, dir: runDir, branch: location.branch, settings: input.settings });
  return { headSha: await headSha({ repo: runDir }) };
}

/**
 * The run's worktree on the run branch, made (and set up) when missing, and
 * clean: only Tandem writes there, so what a crash mid-integration or a lost
 * attempt left behind is not anyone's work.
 */
async function readyRunWorktree(input: { repo: string; dir: string; branch: string; settings: RunSettings }): Promise<void> {
  const { repo, dir, branch, settings } = input;
  const { created } = await ensureWorktree({ repo, dir, branch });
  if (created && settings.workspaceSetup) {
    // A worktree whose setup failed goes again, or the next run would take it as set up.
    await setUpWorktree(dir, settings.workspaceSetup, checkSettings(settings)).catch(async (error: unknown) => {
      await removeWorktree({ repo, dir });
      throw error;
    });
  }
  if (await isDirty({ repo: dir })) {
    await git(dir, ['reset', '--hard', '--quiet', 'HEAD']);
    await git(dir, ['clean', '-fd', '--quiet']);
  }
}

/**
 * A fresh worktree for one task attempt, on its own branch at `baseSha`. With
 * `queue`: this machine's workspace queue, where the task's activities go from
 * now on (worker/workspace-queue.ts); absent when no worker here polls one.
 */
export async function openTaskWorkspace(input: {
  location: RunLocation;
  taskId: string;
  baseSha: string;
  /** `run.workspaceSetup`, run in the new worktree before the task starts. */
  setup?: { command: string; settings: CheckSettings };
}): Promise<{ dir: string; branch: string; queue?: string }> {
  const { location, taskId } = input;
  const dir = taskWorktreeDir(workspaceRootOf(location), taskId);
  const branch = laneBranch(location.branch, taskId);
  if (location.remote) await ensureCommitFromRemote({ repo: location.repo, url: location.remote.url, branch: location.branch }, input.baseSha);
  await ensureWorktree({ repo: location.repo, dir, branch, resetTo: input.baseSha });
  if (input.setup) await setUpWorktree(dir, input.setup.command, input.setup.settings);
  const queue = servedWorkspaceQueue(Context.current().info.taskQueue);
  return { dir, branch, ...(queue ? { queue } : {}) };
}

/**
 * Runs `run.workspaceSetup` in a new worktree (it has no ignored files: no
 * node_modules, no virtualenv), sandboxed like the tests. What it leaves
 * behind is ignored by git, or it would show up in the task's commit.
 */
async function setUpWorktree(dir: string, command: string, settings: CheckSettings): Promise<void> {
  const result = await runCheck(dir, command, settings);
  if (result.exitCode === 0 && !result.timedOut) return;
  throw ApplicationFailure.create({
    type: 'WORKSPACE_SETUP_FAILED',
    nonRetryable: true,
    message: `the worktree setup \`${command}\` (run.workspaceSetup) ${result.timedOut ? 'timed out' : `exited ${result.exitCode}`} in ${dir}: ${tail(result.output, 600).trim()}`,
  });
}

/**
 * A task that will not be integrated (failed, cancelled or skipped): its
 * worktree and branch go, and a failed one gets `[!] reason` on the run
 * branch, committed in the run's worktree on top of `headSha`.
 */
export async function closeTaskWorkspace(input: {
  location: RunLocation;
  taskId: string;
  failed?: { reason: string; headSha: string };
}): Promise<{ sha?: string }> {
  const { location, taskId } = input;
  const root = workspaceRootOf(location);
  await removeWorktree({ repo: location.repo, dir: taskWorktreeDir(root, taskId), branch: laneBranch(location.branch, taskId) });
  if (!input.failed) return {};
  const work = { ...location, repo: runWorktreeDir(root) };
  return { sha: await commitMark({ location: work, taskId, status: 'failed', reason: input.failed.reason, parentSha: input.failed.headSha }) };
}

/** The run has ended: every worktree goes, so the user can check the run branch out. Idempotent. */
export async function closeRunWorkspace(input: { location: RunLocation; taskIds?: string[] }): Promise<{ removed: string[] }> {
  const { location } = input;
  const root = workspaceRootOf(location);
  const removed = await pruneWorktreesUnder({ repo: location.repo, root, keep: [], branchPrefix: laneBranch(location.branch, '') });
  // Integrations leave their task branches behind (removing each costs a git process on the run's path).
  // Only this plan's: another branch may happen to start with the same name.
  await deleteBranches(location.repo, await laneBranchesOf(location, input.taskIds ?? []));
  return { removed };
}

/** The task branches of these tasks that exist now. */
async function laneBranchesOf(location: RunLocation, taskIds: string[]): Promise<string[]> {
  const existing = new Set(await branchesWithPrefix(location.repo, laneBranch(location.branch, '')));
  return taskIds.map((id) => laneBranch(location.branch, id)).filter((name) => existing.has(name));
}

function workspaceRootOf(location: RunLocation): string {
  if (!location.workspaceRoot) throw new Error(`run ${location.runId} has no workspace root: it was not started with --parallel`);
  return location.workspaceRoot;
}

/** Git checks a branch out in one worktree only: the user's checkout (or any other) must not hold the run branch. */
async function assertBranchFree(repo: string, branch: string, runDir: string): Promise<void> {
  const runDirNow = await canonicalDir(runDir);
  const holders = (await listWorktrees(repo)).filter((entry) => entry.branch === `refs/heads/${branch}` && existsSync(entry.dir));
  let holder: (typeof holders)[number] | undefined;
  for (const entry of holders) if ((await canonicalDir(entry.dir)) !== runDirNow) holder = entry;
  if (!holder) return;
  throw new TandemError(`The run branch ${branch} is checked out in ${holder.dir}, so the run cannot work on it in its own worktree.`, {
    code: 'GIT_BRANCH_CHECKED_OUT',
    hint: `Switch that checkout to another branch (e.g. \`git -C ${holder.dir} switch -\`), then run again.`,
    context: { branch, dir: holder.dir },
  });
}
