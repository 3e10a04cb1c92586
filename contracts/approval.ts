/**
 * Human gates: where a run waits for a person's yes (`--approve plan|each|final`),
 * what the run says while it waits, and what `tandem approve` / `tandem reject`
 * (or the `approve` / `reject` signals from the Temporal UI) carry. Pure and
 * zod-free, so workflow code, the CLI and the config schema share it.
 */

/**
 * `plan`: before the first task. `each`: after a task's tests passed and its
 * reviewers approved, before its commit. `final`: after the last task, before
 * the run completes.
 */
export const APPROVAL_GATES = ['plan', 'each', 'final'] as const;
export type ApprovalGate = (typeof APPROVAL_GATES)[number];

/** What a waiting run waits for; part of its status while it waits. */
export interface ApprovalWait {
  gate: ApprovalGate;
  /** The task whose commit waits (gate `each`). */
  taskId?: string;
  /** The attempt that passed its tests and reviews (gate `each`). */
  attempt?: number;
  /** Epoch ms, from the workflow's clock. */
  since: number;
}

/**
 * The one argument of the `approve` and `reject` signals and updates. `taskId`
 * absent: whatever waits. `comment` on a rejection is the feedback the next
 * attempt's implementer reads.
 */
export interface ApprovalRequest {
  taskId?: string;
  comment?: string;
}

/** Sent by the run to the task workflow that waits. */
export interface TaskApprovalDecision {
  attempt: number;
  approved: boolean;
  comment?: string;
}

/** Sent by a task workflow to its run when its commit waits for a person. */
export interface TaskApprovalWaiting {
  taskId: string;
  attempt: number;
}

/** `T3`, `the plan` or `the end of the run`: what waits, in words. */
export function approvalSubject(wait: Pick<ApprovalWait, 'gate' | 'taskId'>): string {
  if (wait.gate === 'each') return wait.taskId ?? 'a task';
  return wait.gate === 'plan' ? 'the plan (before the first task)' : 'the end of the run (all tasks done)';
}

/** The commands that act on a wait, e.g. `tandem approve T3 / tandem reject T3 --comment "…"`. */
export function approvalCommands(wait: Pick<ApprovalWait, 'gate' | 'taskId'>, planArg?: string): string {
  const target = [wait.gate === 'each' ? wait.taskId : undefined, planArg && planArg !== 'TODO.md' ? planArg : undefined].filter(Boolean).join(' ');
  const suffix = target ? ` ${target}` : '';
  return `tandem approve${suffix} / tandem reject${suffix} --comment "…"`;
}

/** One line for status views: `waiting for approval: T3 — tandem approve T3 / tandem reject T3 --comment "…"`. */
export function approvalLine(wait: Pick<ApprovalWait, 'gate' | 'taskId'>, planArg?: string): string {
  return `waiting for approval: ${approvalSubject(wait)} — ${approvalCommands(wait, planArg)}`;
}

/**
 * Why `approve` / `reject` cannot act on `wanted`, or undefined when it can.
 * `wanted` may be a task id, or the gate's name (`plan`, `final`).
 */
export function approvalMismatch(wait: ApprovalWait | undefined, wanted: string | undefined, currentTask?: string): string | undefined {
  if (!wait) return `nothing waits for approval${currentTask ? ` (the run is working on ${currentTask})` : ''}`;
  if (wanted === undefined || wanted === wait.taskId || wanted === wait.gate) return undefined;
  return `${wanted} does not wait for approval; waiting: ${approvalSubject(wait)} (${approvalCommands(wait)})`;
}
