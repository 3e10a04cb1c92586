import type { ModelPrice, ProviderKind, ResolvedModel, Usage } from './types.js';

/**
 * List prices in USD per million tokens for common models, keyed by spec. Config
 * layers tandem.yaml prices over these. Checked against the vendors' pricing pages
 * in late 2025; update here when they change.
 */
export const DEFAULT_PRICES: Record<string, ModelPrice> = {
  'openai:gpt-5': { inputPerMTok: 1.25, cachedInputPerMTok: 0.125, outputPerMTok: 10 },
  'openai:gpt-5.1': { inputPerMTok: 1.25, cachedInputPerMTok: 0.125, outputPerMTok: 10 },
  'openai:gpt-5-mini': { inputPerMTok: 0.25, cachedInputPerMTok: 0.025, outputPerMTok: 2 },
  'openai:gpt-5-nano': { inputPerMTok: 0.05, cachedInputPerMTok: 0.005, outputPerMTok: 0.4 },
  'openai:gpt-5-codex': { inputPerMTok: 1.25, cachedInputPerMTok: 0.125, outputPerMTok: 10 },
  'openai:gpt-4.1': { inputPerMTok: 2, cachedInputPerMTok: 0.5, outputPerMTok: 8 },
  'openai:gpt-4.1-mini': { inputPerMTok: 0.4, cachedInputPerMTok: 0.1, outputPerMTok: 1.6 },
  'openai:gpt-4.1-nano': { inputPerMTok: 0.1, cachedInputPerMTok: 0.025, outputPerMTok: 0.4 },
  'openai:gpt-4o': { inputPerMTok: 2.5, cachedInputPerMTok: 1.25, outputPerMTok: 10 },
  'openai:gpt-4o-mini': { inputPerMTok: 0.15, cachedInputPerMTok: 0.075, outputPerMTok: 0.6 },
  'openai:o3': { inputPerMTok: 2, cachedInputPerMTok: 0.5, outputPerMTok: 8 },
  'openai:o3-mini': { inputPerMTok: 1.1, cachedInputPerMTok: 0.55, outputPerMTok: 4.4 },
  'openai:o4-mini': { inputPerMTok: 1.1, cachedInputPerMTok: 0.275, outputPerMTok: 4.4 },
  // Anthropic bills cache reads at 10% of input; cache writes (+25%) are not modelled yet.
  'anthropic:claude-opus-4-5': { inputPerMTok: 5, cachedInputPerMTok: 0.5, outputPerMTok: 25 },
  'anthropic:claude-opus-4-1': { inputPerMTok: 15, cachedInputPerMTok: 1.5, outputPerMTok: 75 },
  'anthropic:claude-opus-4': { inputPerMTok: 15, cachedInputPerMTok: 1.5, outputPerMTok: 75 },
  'anthropic:claude-sonnet-4-5': { inputPerMTok: 3, cachedInputPerMTok: 0.3, outputPerMTok: 15 },
  'anthropic:claude-sonnet-4': { inputPerMTok: 3, cachedInputPerMTok: 0.3, outputPerMTok: 15 },
  'anthropic:claude-3-7-sonnet': { inputPerMTok: 3, cachedInputPerMTok: 0.3, outputPerMTok: 15 },
  'anthropic:claude-haiku-4-5': { inputPerMTok: 1, cachedInputPerMTok: 0.1, outputPerMTok: 5 },
  'anthropic:claude-3-5-haiku': { inputPerMTok: 0.8, cachedInputPerMTok: 0.08, outputPerMTok: 4 },
};

const FREE: ModelPrice = { inputPerMTok: 0, outputPerMTok: 0 };

/**
 * The price for a model: its configured price, else the default for its spec or the
 * longest default that prefixes it (so dated snapshots like `claude-sonnet-4-5-20250929`
 * match). Local OpenAI-compatible servers are free. Undefined means unknown.
 */
export function priceFor(
  model: Pick<ResolvedModel, 'price' | 'kind' | 'model'>,
  prices: Record<string, ModelPrice> = DEFAULT_PRICES,
): ModelPrice | undefined {
  if (model.price) return model.price;
  if (model.kind === 'openai-compatible' || model.kind === 'scripted') return FREE;
  const spec = `${vendorOf(model.kind)}:${model.model}`;
  const exact = prices[spec];
  if (exact) return exact;
  // Longest prefix wins, and only at a `-` boundary: `gpt-5-mini-2025…` is gpt-5-mini, not gpt-5.
  const prefix = Object.keys(prices)
    .filter((key) => spec.startsWith(`${key}-`))
    .sort((a, b) => b.length - a.length)[0];
  return prefix === undefined ? undefined : prices[prefix];
}

function vendorOf(kind: ProviderKind): string {
  return kind === 'anthropic' ? 'anthropic' : 'openai';
}

/**
 * Cost of one call in USD. Cached input is billed at `cachedInputPerMTok` when the
 * price has one, else at the input price. An unknown price costs 0.
 */
export function costOf(usage: Usage, price?: ModelPrice): number {
  if (!price) return 0;
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const fresh = usage.inputTokens - cached;
  const dollars =
    fresh * price.inputPerMTok +
    cached * (price.cachedInputPerMTok ?? price.inputPerMTok) +
    usage.outputTokens * price.outputPerMTok;
  return dollars / 1_000_000;
}

/** Adds usages, e.g. a structured-output call and its one retry. */
export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
  };
}
