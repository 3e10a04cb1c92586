import type { OutputConfig, ThinkingConfigParam } from '@anthropic-ai/sdk/resources/messages';
import type { ReasoningEffort } from './types.js';

/** Thinking budget per effort. `minimal` is the API's floor of 1024. */
const BUDGET: Record<ReasoningEffort, number> = { minimal: 1024, low: 4096, medium: 10_000, high: 24_000 };
/** Room for the visible answer on top of the thinking budget. */
const ANSWER_ROOM = 4096;

export interface AnthropicThinking {
  thinking?: ThinkingConfigParam;
  output_config?: OutputConfig;
  max_tokens: number;
}

/**
 * Extended thinking for an effort. Claude 3.7 and the 4.x family up to 4.5 take a
 * token budget (which must stay below max_tokens, so max_tokens grows to fit);
 * later models deprecate budgets in favour of adaptive thinking plus an effort
 * level. Older models (3.5, 3) get no thinking at all.
 */
export function anthropicThinking(modelId: string, effort: ReasoningEffort | undefined, maxTokens: number): AnthropicThinking {
  if (!effort || !supportsThinking(modelId)) return { max_tokens: maxTokens };
  if (prefersAdaptive(modelId)) {
    return {
      thinking: { type: 'adaptive' },
      output_config: { effort: effort === 'minimal' ? 'low' : effort },
      max_tokens: maxTokens,
    };
  }
  const budget = BUDGET[effort];
  return {
    thinking: { type: 'enabled', budget_tokens: budget },
    max_tokens: Math.max(maxTokens, budget + ANSWER_ROOM),
  };
}

export function supportsThinking(modelId: string): boolean {
  return /claude-3-7|claude-(opus|sonnet|haiku)-[4-9]|claude-[a-z]+-[5-9]|mythos|fable/.test(modelId);
}

function prefersAdaptive(modelId: string): boolean {
  return /claude-(opus|sonnet|haiku)-4-[6-9]|claude-[a-z]+-([5-9])(?!\d)|mythos|fable/.test(modelId) && !/claude-3/.test(modelId);
}

/**
 * Whether `tool_choice: { type: 'tool' }` is allowed. Claude Opus 5.5, Sonnet 5.5
 * and Fable 5.1 answer a forced tool with an error (their migration guides list it
 * as a breaking change), and so, we assume, will later models; Sonnet 5, Opus 5
 * and older accept it.
 */
export function acceptsForcedToolChoice(modelId: string): boolean {
  return !/claude-[a-z]+-(5-[1-9]|[6-9])(?!\d)/.test(modelId);
}
