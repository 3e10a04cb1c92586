import type { ModelPrice, ResolvedModel, Usage } from './types.js';
import { builtinPrices, providerFor } from './providers/registry.js';

/**
 * List prices in USD per million tokens, keyed by spec, gathered from the provider
 * descriptors (update a vendor's prices in its module). Config layers tandem.yaml
 * prices over these.
 */
export const DEFAULT_PRICES: Record<string, ModelPrice> = builtinPrices();

const FREE: ModelPrice = { inputPerMTok: 0, outputPerMTok: 0 };

/**
 * The price for a model: its configured price, else the default for its spec or the
 * longest default that prefixes it (so dated snapshots like `claude-sonnet-4-5-20250929`
 * match). Local and in-process providers are free. Undefined means unknown.
 */
export function priceFor(
  model: Pick<ResolvedModel, 'price' | 'kind' | 'model'> & { providerName?: string },
  prices: Record<string, ModelPrice> = DEFAULT_PRICES,
): ModelPrice | undefined {
  if (model.price) return model.price;
  const provider = providerFor(model);
  // Named endpoints have no list prices of their own: what they cost is configured.
  if (provider.free || !('name' in provider)) return FREE;
  const spec = `${provider.name}:${model.model}`;
  const exact = prices[spec];
  if (exact) return exact;
  // Longest prefix wins, and only at a `-` boundary: `gpt-5-mini-2025…` is gpt-5-mini, not gpt-5.
  const prefix = Object.keys(prices)
    .filter((key) => spec.startsWith(`${key}-`))
    .sort((a, b) => b.length - a.length)[0];
  return prefix === undefined ? undefined : prices[prefix];
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
