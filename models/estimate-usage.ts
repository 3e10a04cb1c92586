/**
 * Usage for a response that came without any: a server that omits `usage`
 * would otherwise count as 0 tokens and silently switch off token and USD
 * budgets. The estimate is the common rule of thumb of 4 characters per token,
 * over everything sent (messages, tool definitions, output schema) and
 * everything received (text, tool-call arguments, structured output). It is
 * marked `estimated`, and `status` and the report show such totals with `~`.
 */
import type { GenerateRequest } from './contract.js';
import type { ToolCall, Usage } from './types.js';

/** Characters per token: close for English prose and code with BPE tokenizers; rounded up. */
export const CHARS_PER_TOKEN = 4;

export interface ResponseSize {
  text: string;
  toolCalls: readonly ToolCall[];
  /** A structured answer returned as a value (Anthropic's output tool). */
  structured?: { value: unknown };
}

export function estimateUsage(request: Pick<GenerateRequest<unknown>, 'messages' | 'tools' | 'output'>, response: ResponseSize): Usage {
  const sent = JSON.stringify(request.messages).length + JSON.stringify(request.tools ?? []).length + (request.output ? request.output.name.length + 200 : 0);
  const received =
    response.text.length +
    response.toolCalls.reduce((sum, call) => sum + call.name.length + call.rawArguments.length, 0) +
    (response.structured === undefined ? 0 : JSON.stringify(response.structured.value ?? null).length);
  return {
    inputTokens: Math.ceil(sent / CHARS_PER_TOKEN),
    outputTokens: Math.ceil(received / CHARS_PER_TOKEN),
    cachedInputTokens: 0,
    estimated: true,
  };
}
