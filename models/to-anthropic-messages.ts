import type { ContentBlockParam, MessageParam, TextBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { Message, ReasoningBlock, ToolCall } from './types.js';

export interface AnthropicConversation {
  system: TextBlockParam[];
  messages: MessageParam[];
}

/**
 * Tandem messages as an Anthropic conversation: system messages lifted out, tool
 * results sent as `tool_result` blocks in a user turn, and consecutive same-role
 * messages merged because the API wants user and assistant to alternate.
 */
export function toAnthropicMessages(messages: Message[]): AnthropicConversation {
  const system: TextBlockParam[] = [];
  const out: Array<{ role: 'user' | 'assistant'; content: ContentBlockParam[] }> = [];
  const append = (role: 'user' | 'assistant', blocks: ContentBlockParam[]): void => {
    const last = out.at(-1);
    if (last?.role === role) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        system.push({ type: 'text', text: message.content });
        break;
      case 'user':
        // The API rejects empty text blocks.
        append('user', [{ type: 'text', text: message.content.trim() ? message.content : '(empty)' }]);
        break;
      case 'assistant':
        append('assistant', assistantBlocks(message.content, message.toolCalls ?? [], message.reasoning ?? []));
        break;
      case 'tool':
        append('user', [
          {
            type: 'tool_result',
            tool_use_id: safeToolId(message.toolCallId),
            content: message.content,
            ...(message.isError ? { is_error: true } : {}),
          },
        ]);
        break;
    }
  }
  // tool_result blocks must open the user turn that answers the tool calls.
  for (const turn of out) {
    if (turn.role === 'user') turn.content.sort((a, b) => rank(a) - rank(b));
  }
  return { system, messages: out };
}

function assistantBlocks(text: string, calls: ToolCall[], reasoning: ReasoningBlock[]): ContentBlockParam[] {
  // Another vendor's reasoning (an OpenAI item) means nothing here.
  const blocks: ContentBlockParam[] = reasoning.flatMap((r) => (r.type === 'openai_reasoning' ? [] : [{ ...r }]));
  // The API rejects empty text blocks.
  if (text.trim()) blocks.push({ type: 'text', text });
  for (const call of calls) {
    blocks.push({ type: 'tool_use', id: safeToolId(call.id), name: call.name, input: toolInput(call.rawArguments) });
  }
  if (blocks.length === 0) blocks.push({ type: 'text', text: '(no reply)' });
  return blocks;
}

/** tool_use input must be an object; arguments from another vendor may not even be JSON. */
function toolInput(raw: string): Record<string, unknown> {
  if (!raw.trim()) return {};
  try {
    const value: unknown = JSON.parse(raw);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through: keep the model's text so nothing is lost
  }
  return { raw };
}

/** Anthropic ids must match ^[a-zA-Z0-9_-]+$; OpenAI-compatible servers are less strict. */
export function safeToolId(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, '_') || 'tool_call';
}

function rank(block: ContentBlockParam): number {
  return block.type === 'tool_result' ? 0 : 1;
}
