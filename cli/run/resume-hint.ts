/** The command that continues a paused run, with the flag that raises the budget it ran out of. */
import type { RunStatus } from '../../contracts/run.js';
import { addBudgetFlag } from '../../workflows/budget.js';

export function resumeHint(status: Pick<RunStatus, 'pausedReason' | 'pauseKind'>): string {
  const flag = status.pausedReason && (status.pauseKind === undefined || status.pauseKind === 'budget') ? addBudgetFlag(status.pausedReason) : undefined;
  return `tandem resume${flag ? ` ${flag}` : ''}`;
}
