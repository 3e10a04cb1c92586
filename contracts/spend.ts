/** Converts a model call's usage and cost into the workflow's Spend. */
import type { Usage } from '../models/types.js';
import type { Spend } from './run.js';

export function spendOf(usage: Usage, costUsd: number): Spend {
  return {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cachedInputTokens: usage.cachedInputTokens,
    costUsd,
    ...(usage.estimated ? { estimated: true as const } : {}),
  };
}
