/** Small formatting helpers shared by the run views and `tandem status`. */
import type { RunStatus, Spend } from '../../contracts/run.js';

/** `12k tok · $0.0340`; `~` before both when some usage was estimated (a server sent none). */
export function formatSpendShort(spend: Spend): string {
  const tokens = spend.inputTokens + spend.outputTokens;
  const about = spend.estimated ? '~' : '';
  return `${about}${formatTokens(tokens)} tok · ${about}$${spend.costUsd.toFixed(spend.costUsd < 1 ? 4 : 2)}`;
}

export function formatTokens(tokens: number): string {
  if (tokens >= 1_000_000) return `${(tokens / 1_000_000).toFixed(1)}M`;
  if (tokens >= 10_000) return `${Math.round(tokens / 1000)}k`;
  return String(tokens);
}

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

export function formatFinalSummary(status: RunStatus): string {
  const count = (state: string) => status.tasks.filter((task) => task.state === state).length;
  const parts = [`${count('committed')} committed`];
  if (count('failed')) parts.push(`${count('failed')} failed`);
  if (count('skipped')) parts.push(`${count('skipped')} skipped`);
  const notRun = count('pending') + count('blocked');
  if (notRun) parts.push(`${notRun} not run`);
  return `Run ${status.state}: ${parts.join(', ')} · ${formatSpendShort(status.spend)}`;
}
