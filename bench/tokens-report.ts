/** The bench's table of tokens per task: the 10-step loop as the first task of a run and as a later one, at each vendor's fake. */
import Table from 'cli-table3';
import type { CacheFigures } from './cache-prefix.js';
import type { TaskTokens } from './tokens.js';

export function tokensTable(cache: CacheFigures): InstanceType<typeof Table> {
  const columns: [string, TaskTokens][] = [
    ['OpenAI: first task of a run', cache.cold],
    ['OpenAI: a later task', cache.warm],
    ['Anthropic: first task', cache.anthropic.cold],
    ['Anthropic: a later task', cache.anthropic.warm],
  ];
  const table = new Table({ head: [`tokens per task, ${cache.steps}-step loop`, ...columns.map(([name]) => name)], style: { head: [], border: [] } });
  const row = (label: string, cell: (tokens: TaskTokens) => string) => table.push([label, ...columns.map(([, tokens]) => cell(tokens))]);
  row('implementer calls', (t) => String(t.requests));
  row('input tokens: cached + uncached', (t) => `${t.cachedInputTokens} + ${t.uncachedInputTokens} = ${t.inputTokens}`);
  row('  of uncached, written to the cache', (t) => String(t.cacheWriteInputTokens));
  row('cached share of input', (t) => `${(t.cachedShare * 100).toFixed(1)}%`);
  row('output tokens', (t) => String(t.outputTokens));
  row('review: input / output tokens (estimated)', (t) => `${t.review.inputTokens} / ${t.review.outputTokens}`);
  return table;
}
