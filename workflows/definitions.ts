/**
 * Names shared by the CLI (client side) and the workflows: signals, queries,
 * updates, and the small plain-data types they carry. Pure: no side effects.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { PauseKind, RunStatus, TaskProgress } from '../contracts/run.js';

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
