/**
 * The git side of a run, as plain async functions taking one input object
 * each. The activity layer wraps them; TandemErrors are permanent (the user
 * must act), GitCommandErrors are transient (retry). All functions expect
 * `repo` to be the working tree root returned by `preflight`.
 */
export { preflight, type PreflightInput, type PreflightResult } from './preflight.js';
export { ensureRunBranch, type EnsureRunBranchInput, type EnsureRunBranchResult } from './ensure-run-branch.js';
export { commitPlanFile, type CommitPlanFileInput, type CommitPlanFileResult } from './commit-plan-file.js';
export { diffSince, type DiffSinceInput, type DiffSinceResult, type ChangedFile, type FileStatus } from './diff-since.js';
export { commitTask, taskCommitMessage, type CommitTaskInput, type CommitTaskResult } from './commit-task.js';
export {
  findTaskCommit,
  taskCommitsOnBranch,
  type FindTaskCommitInput,
  type TaskCommit,
  type TaskCommitsInput,
} from './find-task-commit.js';
export { resetToBase, ROLLBACK_REF, type ResetToBaseInput, type ResetToBaseResult } from './reset-to-base.js';
export {
  checkBranchIntegrity,
  type BranchIntegrity,
  type BranchIntegrityInput,
  type CommitSummary,
} from './branch-integrity.js';
export { integrityError } from './branch-errors.js';
export { snapshotWorktree, restoreSnapshot, deleteSnapshots, type Snapshot, type SnapshotInput } from './snapshot.js';
export { headSha, currentBranch, type RepoInput } from './refs.js';
export { readBranchOwner } from './branch-owner.js';
export { planSlug, defaultRunBranch } from './slug.js';
export { TRAILER } from './trailers.js';
export { GitCommandError } from './run-git.js';
