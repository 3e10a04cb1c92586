/**
 * The run's human gates (`--approve plan|each|final`): what it waits for, the
 * `approve` / `reject` signals (Temporal UI) and updates (`tandem approve`,
 * which refuses a wrong task id with the reason), and the reminders. The `plan`
 * and `final` gates wait here; the `each` gate waits in the task workflow
 * (task-approval.ts), which tells the run, and gets the decision forwarded.
 * Every wait is a condition, and every reminder a timer: durable for days.
 */
import { condition, getExternalWorkflowHandle, patched, setCurrentDetails, setHandler } from '@temporalio/workflow';
import { approveSignal, approveUpdate, rejectSignal, rejectUpdate, taskApprovalSignal, taskApprovalWaitingSignal } from './definitions.js';
import { approvalCommands, approvalMismatch, approvalSubject, type ApprovalGate, type ApprovalRequest, type ApprovalWait } from '../contracts/approval.js';
import type { RunSettings, RunStatus } from '../contracts/run.js';
import type { RunNotifier } from './run-notifier.js';
import type { RunState } from './run-state.js';

/** Runs recorded before the gates existed never wait; the marker keeps their replay unchanged. */
export const RUN_APPROVALS_PATCH = 'run-approvals';

export interface RunApprovalHooks {
  /** The workflow id of the running task that waits at the each gate, to forward a decision to. */
  childIdOf(taskId: string): string | undefined;
  /** Called when what the status shows changed (the run waits, or no longer does). */
  onStatusChange(): void;
  status(): RunStatus;
  taskTitle(taskId: string): string;
}

interface Decision {
  wait: number;
  approved: boolean;
  comment?: string;
}

export class RunApprovals {
  /** Numbers each wait, so a reminder or decision for an earlier one does nothing. */
  private waits = 0;
  private current: number | undefined;
  private decision: Decision | undefined;

  constructor(
    private readonly state: RunState,
    private readonly settings: Pick<RunSettings, 'approve' | 'approveRemindSeconds'>,
    private readonly notifier: RunNotifier,
    private readonly hooks: RunApprovalHooks,
  ) {
    setHandler(approveUpdate, (request) => this.decide(true, request), { validator: (request) => this.assertActionable(request, false) });
    setHandler(rejectUpdate, (request) => this.decide(false, request), { validator: (request) => this.assertActionable(request, true) });
    setHandler(approveSignal, (request) => this.fromSignal(true, request));
    setHandler(rejectSignal, (request) => this.fromSignal(false, request));
    setHandler(taskApprovalWaitingSignal, ({ taskId, attempt }) => {
      if (this.state.currentTaskId === taskId && patched(RUN_APPROVALS_PATCH)) this.begin({ gate: 'each', taskId, attempt });
    });
  }

  /**
   * Waits at the `plan` or `final` gate when the run was started with it.
   * A rejection ends the run as cancelled, with the comment among its notes.
   */
  async gate(gate: Exclude<ApprovalGate, 'each'>): Promise<void> {
    if (this.settings.approve?.includes(gate) !== true || !patched(RUN_APPROVALS_PATCH)) return;
    const wait = this.begin({ gate });
    await condition(() => this.decision?.wait === wait || this.state.cancelled);
    if (this.current === wait) this.end();
    const decision = this.decision?.wait === wait ? this.decision : undefined;
    if (decision && !decision.approved) {
      this.state.cancelled = true;
      this.state.notes.push(`${approvalSubject({ gate })} was rejected${decision.comment ? `: ${decision.comment}` : ''}`);
    }
  }

  /** The task ended (committed, failed, cancelled): whatever it waited for is moot. */
  taskEnded(taskId: string): void {
    if (this.state.approval?.taskId === taskId) this.end();
  }

  private begin(wait: Omit<ApprovalWait, 'since'>): number {
    const id = ++this.waits;
    this.current = id;
    this.state.approval = { ...wait, since: Date.now() };
    setCurrentDetails(`**waiting for approval**: ${approvalSubject(wait)}\n\n\`${approvalCommands(wait)}\`, or send the \`approve\` / \`reject\` signal with \`{ "comment": "…" }\`.`);
    this.hooks.onStatusChange();
    this.notify(wait);
    if (this.settings.approveRemindSeconds) void this.remind(id, wait, this.settings.approveRemindSeconds);
    return id;
  }

  private end(): void {
    const wait = this.state.approval;
    this.current = undefined;
    this.state.approval = undefined;
    if (wait?.taskId) setCurrentDetails(`running **${wait.taskId}**: ${this.hooks.taskTitle(wait.taskId)}`);
    this.hooks.onStatusChange();
  }

  /** Notifies again each time the timer fires while the same wait goes on. */
  private async remind(id: number, wait: Omit<ApprovalWait, 'since'>, seconds: number): Promise<void> {
    for (let reminder = 1; ; reminder++) {
      const answered = await condition(() => this.current !== id, seconds * 1000);
      if (answered) return;
      this.notify(wait, `reminder ${reminder}: still waiting`);
    }
  }

  private notify(wait: Omit<ApprovalWait, 'since'>, reason?: string): void {
    const task = wait.taskId ? { id: wait.taskId, title: this.hooks.taskTitle(wait.taskId), ...(wait.attempt ? { attempts: wait.attempt } : {}) } : undefined;
    const what = wait.gate === 'each' ? undefined : approvalSubject(wait);
    const text = [what, reason].filter(Boolean).join(' · ');
    this.notifier.send({ kind: 'waiting_for_approval', ...(task ? { task } : {}), ...(text ? { reason: text } : {}) });
  }

  /** The update's validator: throws the reason `tandem approve` / `tandem reject` prints. */
  private assertActionable(request: ApprovalRequest, reject: boolean): void {
    const problem = approvalMismatch(this.state.approval, request.taskId, this.state.currentTaskId);
    if (problem) throw new Error(problem);
    if (reject && this.state.approval?.gate === 'each' && !request.comment?.trim()) {
      throw new Error(`a rejection of ${this.state.approval.taskId} needs a comment: it is the feedback the next attempt gets`);
    }
  }

  /** A signal cannot be refused: one that matches nothing waiting becomes a note in the status. */
  private async fromSignal(approved: boolean, request: ApprovalRequest): Promise<void> {
    const problem = approvalMismatch(this.state.approval, request.taskId, this.state.currentTaskId);
    if (problem) {
      this.state.notes.push(`${approved ? 'approve' : 'reject'} signal ignored: ${problem}`);
      return;
    }
    await this.decide(approved, request);
  }

  private async decide(approved: boolean, request: ApprovalRequest): Promise<RunStatus> {
    const wait = this.state.approval!;
    const id = this.current!;
    const comment = request.comment?.trim() || undefined;
    this.end();
    const child = wait.taskId !== undefined ? this.hooks.childIdOf(wait.taskId) : undefined;
    if (wait.gate === 'each' && child) {
      await getExternalWorkflowHandle(child).signal(taskApprovalSignal, { attempt: wait.attempt ?? 1, approved, ...(comment ? { comment } : {}) });
    } else {
      this.decision = { wait: id, approved, ...(comment ? { comment } : {}) };
    }
    return this.hooks.status();
  }
}
