import type { ModelPrice, ResolvedModel, Usage } from './types.js';
import { builtinPrices, providerFor } from './providers/registry.js';
import { isLoopbackUrl } from './loopback.js';

/**
 * List prices in USD per million tokens, keyed by spec, gathered from the provider
 * descriptors (update a vendor's prices in its module). Config layers tandem.yaml
 * prices over these.
 */
export const DEFAULT_PRICES: Record<string, ModelPrice> = builtinPrices();

const FREE: ModelPrice = { inputPerMTok: 0, outputPerMTok: 0 };

/** A dated snapshot of a base model: `-20250929` or `-2025-08-07`. Nothing else inherits a price. */
const SNAPSHOT_SUFFIX = /^-(\d{8}|\d{4}-\d{2}-\d{2})$/;

/**
 * The price for a model: its configured price, else the list price for its spec or,
 * for a dated snapshot (`claude-sonnet-5-5-20260101`, `gpt-5.4-mini-2026-03-17`),
 * the list price of its base. A newer or different model never inherits an older
 * one's price (`gpt-5.6-sol` is not `gpt-5`, `claude-opus-4-8` is not `claude-opus-4`):
 * it is unknown, and `tandem run` warns. Providers marked free are free; those free
 * only locally are free at a loopback base URL. Undefined means unknown.
 */
export function priceFor(
  model: Pick<ResolvedModel, 'price' | 'kind' | 'model'> & { providerName?: string; baseUrl?: string },
  prices: Record<string, ModelPrice> = DEFAULT_PRICES,
): ModelPrice | undefined {
  if (model.price) return model.price;
  const provider = providerFor(model);
  // A provider's own default base URL (Ollama's localhost) counts when the model names none.
  const baseUrl = model.baseUrl ?? provider.baseUrlFromEnv?.({});
  if (provider.free === true || (provider.free === 'loopback' && isLoopbackUrl(baseUrl))) return FREE;
  // A named endpoint has no list prices of its own: what it costs is configured.
  if (!('name' in provider)) return undefined;
  const spec = `${provider.name}:${model.model}`;
  const exact = prices[spec];
  if (exact) return exact;
  const base = Object.keys(prices).find((key) => spec.startsWith(key) && SNAPSHOT_SUFFIX.test(spec.slice(key.length)));
  return base === undefined ? undefined : prices[base];
}

/**
 * Cost of one call in USD. Cache reads are billed at `cachedInputPerMTok` and cache
 * writes at `cacheWritePerMTok` when the price has them, else at the input price.
 * An unknown price costs 0.
 */
export function costOf(usage: Usage, price?: ModelPrice): number {
  if (!price) return 0;
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const written = Math.min(usage.cacheWriteInputTokens ?? 0, usage.inputTokens - cached);
  const fresh = usage.inputTokens - cached - written;
  const dollars =
    fresh * price.inputPerMTok +
    cached * (price.cachedInputPerMTok ?? price.inputPerMTok) +
    written * (price.cacheWritePerMTok ?? price.inputPerMTok) +
    usage.outputTokens * price.outputPerMTok;
  return dollars / 1_000_000;
}

/** Adds usages, e.g. a structured-output call and its one retry. Estimated if either is. */
export function addUsage(a: Usage, b: Usage): Usage {
  const written = (a.cacheWriteInputTokens ?? 0) + (b.cacheWriteInputTokens ?? 0);
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    ...(written > 0 ? { cacheWriteInputTokens: written } : {}),
    ...(a.estimated || b.estimated ? { estimated: true } : {}),
  };
}
