import type { StopReason } from './types.js';

/**
 * Chat Completions `finish_reason` as a StopReason. Some OpenAI-compatible servers
 * (ollama, older vLLM) say `stop` even when they return tool calls, so tool calls
 * win over `stop`; a truncated reply stays `max_tokens`.
 */
export function mapOpenAIFinishReason(reason: string | null | undefined, hasToolCalls: boolean): StopReason {
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'content_filter':
      return 'refusal';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case 'stop':
      return hasToolCalls ? 'tool_calls' : 'end';
    default:
      return hasToolCalls ? 'tool_calls' : 'other';
  }
}
