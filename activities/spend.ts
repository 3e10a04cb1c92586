/** Converts a model call's usage and cost into the workflow's Spend. */
import type { Usage } from '../models/types.js';
import type { Spend } from '../workflows/run-types.js';

export function spendOf(usage: Usage, costUsd: number): Spend {
  return {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cachedInputTokens: usage.cachedInputTokens,
    costUsd,
  };
}

/** Shortens text for workflow history; the full text stays in the journal. */
export function clip(text: string, max = 400): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [${text.length - max} more characters in the journal]`;
}
