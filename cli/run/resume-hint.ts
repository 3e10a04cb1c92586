/** The command that continues a paused run, with the flag that raises the budget it ran out of. */
import type { RunStatus } from '../../contracts/run.js';
import { addBudgetFlag } from '../../workflows/budget.js';

export function resumeHint(status: Pick<RunStatus, 'pausedReason' | 'pauseKind'>): string {
  // The refused call is tried again on a timer: a proper worker is the fix, not a resume.
  if (status.pauseKind === 'worker') return "a worker started with the run's keys and base URLs (the run tries again by itself; `tandem resume` tries at once)";
  const flag = status.pausedReason && (status.pauseKind === undefined || status.pauseKind === 'budget') ? addBudgetFlag(status.pausedReason) : undefined;
  return `tandem resume${flag ? ` ${flag}` : ''}`;
}
