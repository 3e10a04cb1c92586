/**
 * Budgets for one task: its own, and what is left of the run's. Reaching the
 * run's budget pauses durably until the user adds more; reaching the task's
 * budget ends the attempt, and pauses before another one may start.
 */
import { condition, getExternalWorkflowHandle, setHandler, workflowInfo } from '@temporalio/workflow';
import { budgetExhaustedSignal, extendBudgetSignal } from './definitions.js';
import { budgetReached, extendBudget } from './budget.js';
import type { Budget, Spend } from '../contracts/run.js';
import type { TaskProgressTracker } from './task-progress.js';

export class TaskBudget {
  private taskLimit: Budget;
  private runLimit: Budget;

  constructor(
    private readonly taskId: string,
    taskBudget: Budget,
    runBudget: Budget,
    private readonly runSpendAtStart: Spend,
    private readonly progress: TaskProgressTracker,
  ) {
    this.taskLimit = { ...taskBudget };
    this.runLimit = { ...runBudget };
    setHandler(extendBudgetSignal, ({ usd, tokens }) => {
      this.taskLimit = extendBudget(this.taskLimit, usd, tokens);
      this.runLimit = extendBudget(this.runLimit, usd, tokens);
    });
  }

  /** Why the task's own budget is exhausted, if it is. */
  taskExhausted(): string | undefined {
    return budgetReached('task', this.taskLimit, this.progress.spend);
  }

  /** What is left of the tighter of the task's and the run's budgets; an unset limit leaves that part absent. */
  remaining(): Budget {
    const spend = this.progress.spend;
    const left = (limit: number | undefined, used: number): number | undefined => (limit === undefined ? undefined : Math.max(0, limit - used));
    const min = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
    const tokens = spend.inputTokens + spend.outputTokens;
    const runTokens = this.runSpendAtStart.inputTokens + this.runSpendAtStart.outputTokens + tokens;
    const usd = min(left(this.taskLimit.usd, spend.costUsd), left(this.runLimit.usd, this.runSpendAtStart.costUsd + spend.costUsd));
    const tokensLeft = min(left(this.taskLimit.tokens, tokens), left(this.runLimit.tokens, runTokens));
    return { ...(usd !== undefined ? { usd } : {}), ...(tokensLeft !== undefined ? { tokens: tokensLeft } : {}) };
  }

  private runExhausted(): string | undefined {
    const spend = this.progress.spend;
    const total: Spend = {
      inputTokens: this.runSpendAtStart.inputTokens + spend.inputTokens,
      outputTokens: this.runSpendAtStart.outputTokens + spend.outputTokens,
      cachedInputTokens: 0,
      costUsd: this.runSpendAtStart.costUsd + spend.costUsd,
    };
    return budgetReached('run', this.runLimit, total);
  }

  /**
   * Called before every model call. Waits, durably, while the run budget is
   * exhausted; returns a reason when the task budget is, so the attempt ends.
   */
  async beforeModelCall(): Promise<string | undefined> {
    await this.waitWhile(() => this.runExhausted());
    return this.taskExhausted();
  }

  /** Called before a new attempt: a task out of budget waits for more rather than failing outright. */
  async beforeAttempt(): Promise<void> {
    await this.waitWhile(() => this.runExhausted() ?? this.taskExhausted());
  }

  private async waitWhile(reasonNow: () => string | undefined): Promise<void> {
    let reason = reasonNow();
    while (reason) {
      this.progress.pause(reason);
      await notifyRun(this.taskId, reason);
      await condition(() => reasonNow() !== reason);
      reason = reasonNow();
    }
    this.progress.unpause();
  }
}

async function notifyRun(taskId: string, reason: string): Promise<void> {
  const parent = workflowInfo().parent;
  if (parent) await getExternalWorkflowHandle(parent.workflowId).signal(budgetExhaustedSignal, { taskId, reason });
}
