/**
 * The `each` gate (`--approve each`): a task whose tests passed and whose
 * reviewers approved waits for a person before its commit. The task tells its
 * run what waits (the run shows it and takes `tandem approve` / `tandem
 * reject`), then waits durably, for hours or days, on a condition with no
 * timer, for the decision the run forwards. A restarted worker replays to the
 * same wait.
 */
import { condition, getExternalWorkflowHandle, patched, setCurrentDetails, setHandler, workflowInfo } from '@temporalio/workflow';
import { taskApprovalSignal, taskApprovalWaitingSignal } from './definitions.js';
import { approvalCommands, type TaskApprovalDecision } from '../contracts/approval.js';
import type { TaskProgressTracker } from './task-progress.js';

/** Runs recorded before the gate existed commit right after the reviews; the marker keeps their replay unchanged. */
export const TASK_APPROVAL_PATCH = 'task-approval-gate';

/** The feedback of a rejection sent without a comment (a bare signal from the UI). */
const NO_COMMENT = 'no reason was given';

export class TaskApprovalGate {
  /** Rejections so far: each grants one more attempt, so a person's "no" never ends the task. */
  rejections = 0;
  private decision: TaskApprovalDecision | undefined;

  constructor(
    private readonly taskId: string,
    readonly enabled: boolean,
    private readonly progress: TaskProgressTracker,
  ) {
    setHandler(taskApprovalSignal, (decision) => {
      this.decision = decision;
    });
  }

  /** Waits for a person when the gate is on: undefined means commit, a string is the rejection's comment. */
  async rejection(attempt: number): Promise<string | undefined> {
    const parent = workflowInfo().parent;
    if (!this.enabled || !parent || !patched(TASK_APPROVAL_PATCH)) return undefined;
    this.progress.show('waiting for approval');
    setCurrentDetails(`**${this.progress.label()}** · waiting for approval: tests passed, reviewers approved\n\n\`${approvalCommands({ gate: 'each', taskId: this.taskId })}\``);
    await getExternalWorkflowHandle(parent.workflowId).signal(taskApprovalWaitingSignal, { taskId: this.taskId, attempt });
    await condition(() => this.decision?.attempt === attempt);
    const decision = this.decision!;
    if (decision.approved) return undefined;
    this.rejections++;
    return decision.comment?.trim() || NO_COMMENT;
  }
}
