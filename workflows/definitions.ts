/**
 * Names shared by the CLI (client side) and the workflows: signals, queries,
 * updates, and the small plain-data types they carry. Pure: no side effects.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { PauseKind, RunStatus, TaskProgress } from '../contracts/run.js';
import type { ApprovalRequest, TaskApprovalDecision, TaskApprovalWaiting } from '../contracts/approval.js';
import type { PlanUpdateAccepted, PlanUpdateRequest } from '../contracts/plan-update.js';

/** Full run status: per task state, attempt, step, tokens, cost; paused reason. */
export const runStatusQuery = defineQuery<RunStatus>('runStatus');
/** Live progress of one task workflow (current attempt, step, last action). */
export const taskProgressQuery = defineQuery<TaskProgress>('taskProgress');

export const pauseSignal = defineSignal<[{ reason?: string }]>('pause');
export const resumeUpdate = defineUpdate<RunStatus, [{ addBudgetUsd?: number; addBudgetTokens?: number }]>('resume');
export const cancelUpdate = defineUpdate<RunStatus, [{ reason?: string }]>('cancel');
export const skipTaskUpdate = defineUpdate<RunStatus, [{ taskId: string }]>('skipTask');
export const retryTaskUpdate = defineUpdate<RunStatus, [{ taskId: string }]>('retryTask');
/**
 * `tandem plan --update` on a plan with a run in progress: the validator
 * refuses, with the reason, a revision the run cannot take (the running task
 * or a done one would change, ids collide, a dependency cycle); an accepted one
 * is written, committed and run from the next task boundary.
 */
export const planUpdate = defineUpdate<PlanUpdateAccepted, [PlanUpdateRequest]>('updatePlan');
/**
 * Sent by a task workflow to its run when it must wait (a budget ran out, by
 * default), so the run shows a durable pause. `kind` absent means budget.
 */
export const budgetExhaustedSignal = defineSignal<[{ taskId: string; reason: string; kind?: PauseKind }]>('budgetExhausted');
/** Sent by a task workflow to its run when what it waited for came by itself (a proper worker took a refused call). */
export const taskUnpausedSignal = defineSignal<[{ taskId: string; kind: PauseKind }]>('taskUnpaused');
/** Forwarded by the run to its current task when the user adds budget. */
export const extendBudgetSignal = defineSignal<[{ usd?: number; tokens?: number }]>('extendBudget');
/** Forwarded by the run to its current task when the user resumes: a task waiting for a model provider calls it again. */
export const resumeTaskSignal = defineSignal('resumeTask');

/**
 * A person's yes or no to what the run waits for (`--approve`), as signals so
 * the Temporal UI can send them: `{ "taskId": "T3" }`, `{ "comment": "use snake_case" }`.
 * A signal cannot be refused: one that does not match what waits becomes a note in the status.
 */
export const approveSignal = defineSignal<[ApprovalRequest]>('approve');
export const rejectSignal = defineSignal<[ApprovalRequest]>('reject');
/** The same as updates, for `tandem approve` / `tandem reject`: a wrong task id is refused with the reason. */
export const approveUpdate = defineUpdate<RunStatus, [ApprovalRequest]>('approveGate');
export const rejectUpdate = defineUpdate<RunStatus, [ApprovalRequest]>('rejectGate');
/** Sent by a task workflow to its run: its commit waits for approval. */
export const taskApprovalWaitingSignal = defineSignal<[TaskApprovalWaiting]>('taskApprovalWaiting');
/** Forwarded by the run to the task workflow that waits: the person's decision. */
export const taskApprovalSignal = defineSignal<[TaskApprovalDecision]>('taskApproval');
