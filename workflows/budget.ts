/** Budget arithmetic shared by the plan, run and task workflows. Pure. */
import { spendTokens, type Budget, type Spend } from '../contracts/run.js';

/** Why `spend` has reached `limit`, e.g. `run budget reached: $2.0100 of $2`, or undefined while within it. */
export function budgetReached(scope: 'plan' | 'run' | 'task', limit: Budget, spend: Spend): string | undefined {
  if (limit.usd !== undefined && spend.costUsd >= limit.usd) {
    return `${scope} budget reached: $${spend.costUsd.toFixed(4)} of $${limit.usd}`;
  }
  if (limit.tokens !== undefined && spendTokens(spend) >= limit.tokens) {
    return `${scope} budget reached: ${spendTokens(spend)} of ${limit.tokens} tokens`;
  }
  return undefined;
}

/** Raises the limits that are set; an unset limit stays unlimited. */
export function extendBudget(limit: Budget, usd?: number, tokens?: number): Budget {
  return {
    usd: limit.usd === undefined || usd === undefined ? limit.usd : limit.usd + usd,
    tokens: limit.tokens === undefined || tokens === undefined ? limit.tokens : limit.tokens + tokens,
  };
}

/** Which limit a `budgetReached` reason is about, so a hint can name the flag that raises it. */
export function budgetUnitOf(reason: string): 'usd' | 'tokens' | undefined {
  if (/budget reached: \d+ of \d+ tokens\b/.test(reason)) return 'tokens';
  if (/budget reached: \$/.test(reason)) return 'usd';
  return undefined;
}

/** The `tandem resume` flag that raises the budget a pause reason names, e.g. `--add-tokens <n>`; undefined for other pauses. */
export function addBudgetFlag(reason: string): string | undefined {
  const unit = budgetUnitOf(reason);
  return unit === 'tokens' ? '--add-tokens <n>' : unit === 'usd' ? '--add-budget <usd>' : undefined;
}
