/**
 * Usage as the vendors' wire formats carry it, in Tandem's shape: all input counted
 * in inputTokens, with cache reads and writes as subsets so each is priced at its own
 * rate. Read defensively: the same readers take an agent's own event lines and the
 * replies Tandem's gateway passes through, neither of which Tandem controls.
 */
import type { Usage } from './types.js';

/** Anthropic Messages: input_tokens excludes cache reads and writes. */
export function anthropicUsage(raw: unknown): Usage {
  const usage = record(raw);
  const cacheRead = count(usage.cache_read_input_tokens);
  const cacheWrite = count(usage.cache_creation_input_tokens);
  return {
    inputTokens: count(usage.input_tokens) + cacheRead + cacheWrite,
    outputTokens: count(usage.output_tokens),
    cachedInputTokens: cacheRead,
    ...(cacheWrite > 0 ? { cacheWriteInputTokens: cacheWrite } : {}),
  };
}

/** OpenAI Responses: input_tokens counts all input; cache reads and (GPT-5.6) cache writes are subsets. */
export function responsesUsage(raw: unknown): Usage {
  const usage = record(raw);
  const details = record(usage.input_tokens_details);
  const written = count(details.cache_write_tokens);
  return {
    inputTokens: count(usage.input_tokens),
    outputTokens: count(usage.output_tokens),
    cachedInputTokens: count(details.cached_tokens),
    ...(written > 0 ? { cacheWriteInputTokens: written } : {}),
  };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** A token count: a finite, non-negative number, else 0. */
function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}
