import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Message } from './types.js';

/**
 * Tandem messages as Chat Completions messages. Tool results become `tool` messages
 * keyed by `tool_call_id`; reasoning blocks are Anthropic's and are dropped.
 */
export function toOpenAIMessages(messages: Message[]): ChatCompletionMessageParam[] {
  return messages.map((message): ChatCompletionMessageParam => {
    switch (message.role) {
      case 'system':
      case 'user':
        return { role: message.role, content: message.content };
      case 'assistant':
        if (!message.toolCalls?.length) return { role: 'assistant', content: message.content };
        return {
          role: 'assistant',
          // OpenAI wants null rather than '' beside tool calls.
          content: message.content || null,
          tool_calls: message.toolCalls.map((call) => ({
            id: call.id,
            type: 'function' as const,
            function: { name: call.name, arguments: call.rawArguments },
          })),
        };
      case 'tool':
        // Chat Completions has no error flag on tool results, so say it in the content.
        return {
          role: 'tool',
          tool_call_id: message.toolCallId,
          content: message.isError ? `Error: ${message.content}` : message.content,
        };
    }
  });
}
