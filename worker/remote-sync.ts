/**
 * `--remote` runs: each machine's run branch kept in step with the remote's,
 * in one place. Before an activity that works on the run branch, the remote
 * branch is read (and fetched when new here) and the local one brought to it:
 * made when this machine has none (with the run's worktree, when this worker
 * knows its clone), fast-forwarded when behind, pushed when ahead (a crash
 * between a commit and its push). After the activity succeeds, what it
 * committed is pushed. Never forced: a diverged branch is left alone, and the
 * branch check (activities/run-setup.ts) reports it, so the run pauses.
 * Runs without a remote pass straight through: no fetch, no push.
 */
import { existsSync } from 'node:fs';
import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import type { ActivityInboundCallsInterceptor, ActivityInterceptors } from '@temporalio/worker';
import { runWorktreeDir } from '../contracts/workspace.js';
import type { RunLocation } from '../contracts/run.js';
import { branchSha } from '../git/refs.js';
import { applySyncDecision, readSyncDecision, type RunBranchTarget } from '../git/run-branch-sync.js';
import { ensureWorktree } from '../git/worktree.js';
import { remoteBranchSha } from '../git/remote-branch.js';
import { git } from '../git/run-git.js';

/**
 * Activities that take the user's repository (or the clone) as location.repo but move the run
 * branch, or end the run (what a rejected push left unpushed goes then, when it can).
 */
const MOVES_RUN_BRANCH = new Set(['openRunWorkspace', 'integrateTask', 'closeTaskWorkspace', 'closeRunWorkspace']);

/** Of those, the ones that work in the run's worktree (the others make it, or remove it). */
const WORKS_IN_RUN_DIR = new Set(['integrateTask', 'closeTaskWorkspace']);

export interface RemoteSyncOptions {
  /** This worker's clone of the remote (`tandem worker --repo <URL>`): where a missing run worktree is made from. */
  clone?: string;
}

/** Where the sync runs for this activity, or undefined when it has nothing to do with the run branch. */
export function syncTarget(location: Partial<RunLocation> | undefined, activityType: string, options: RemoteSyncOptions): (RunBranchTarget & { makeRunDir: boolean }) | undefined {
  if (!location?.remote || !location.workspaceRoot || !location.repo || !location.branch || !location.planRelPath) return undefined;
  const runDir = runWorktreeDir(location.workspaceRoot);
  const onRunDir = location.repo === runDir;
  if (!onRunDir && !MOVES_RUN_BRANCH.has(activityType)) return undefined;
  const present = existsSync(`${runDir}/.git`);
  // A run worktree this machine lacks: made from the clone, or (no clone) left to the workspace guard to report.
  const repo = onRunDir ? (present ? runDir : options.clone) : location.repo;
  if (repo === undefined) return undefined;
  // An integration or a failure mark works in the run's worktree too: on a machine that holds a task but never had the run's.
  const worksInRunDir = onRunDir || WORKS_IN_RUN_DIR.has(activityType);
  return { repo, url: location.remote.url, branch: location.branch, planRelPath: location.planRelPath, runDir, makeRunDir: worksInRunDir && !present };
}

export function remoteSyncInterceptors(options: RemoteSyncOptions = {}): () => ActivityInterceptors {
  const interceptor: ActivityInboundCallsInterceptor = {
    async execute(input, next) {
      const location = (input.args[0] as { location?: Partial<RunLocation> } | undefined)?.location;
      const activityType = Context.current().info.activityType;
      const target = syncTarget(location, activityType, options);
      if (!target) return next(input);
      const before = await readSyncDecision(target);
      const pushed = await applySyncDecision(target, before);
      const diverged = before.action === 'diverged' || pushed?.status === 'rejected';
      // Integrating onto a branch the remote will not take would only pile up commits it must refuse: stop here, the run pauses.
      if (diverged && activityType === 'integrateTask') throw branchMovedFailure(location!, target);
      if (target.makeRunDir) await ensureWorktree({ repo: target.repo, dir: target.runDir!, branch: target.branch });
      const headBefore = await branchSha({ repo: target.repo, branch: target.branch });
      const result = await next(input);
      const headAfter = await branchSha({ repo: target.repo, branch: target.branch });
      if (!diverged && headAfter !== null && headAfter !== headBefore) {
        const after = await readSyncDecision(target);
        const outcome = await applySyncDecision(target, after);
        // The commit stays here, and the branch check says why the run pauses; the integration is found on the branch when it is retried.
        if ((after.action === 'diverged' || outcome?.status === 'rejected') && activityType === 'integrateTask') throw branchMovedFailure(location!, target);
      }
      if (activityType === 'closeRunWorkspace' && options.clone !== undefined) await letBranchGo(target, headAfter);
      return result;
    },
  };
  return () => ({ inbound: interceptor });
}

/**
 * The run has ended: the clone lets its run branch go once the remote has all of it, so a
 * later run of the same plan starts from the remote's branch rather than this stale one.
 */
async function letBranchGo(target: RunBranchTarget, local: string | null): Promise<void> {
  if (local !== null && local === (await remoteBranchSha(target))) await git(target.repo, ['branch', '-D', '--quiet', target.branch], { okExitCodes: [1] });
}

function branchMovedFailure(location: Partial<RunLocation>, target: RunBranchTarget): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'GIT_BRANCH_MOVED',
    nonRetryable: true,
    message: `the remote's run branch ${target.branch} (${location.remote!.name}) moved: someone pushed, and Tandem never force-pushes`,
  });
}
