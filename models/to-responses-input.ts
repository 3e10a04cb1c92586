import type { ResponseInputItem } from 'openai/resources/responses/responses';
import type { Message } from './types.js';

/**
 * Tandem messages as Responses API input items, the whole conversation every
 * time (see openai-responses.ts for why). An assistant turn becomes its
 * reasoning items (encrypted, as the API returned them), its text, then one
 * `function_call` item per tool call; a tool result becomes a
 * `function_call_output` keyed by `call_id`. Anthropic thinking blocks mean
 * nothing to OpenAI and are dropped.
 */
export function toResponsesInput(messages: Message[]): ResponseInputItem[] {
  return messages.flatMap((message): ResponseInputItem[] => {
    switch (message.role) {
      case 'system':
      case 'user':
        return [{ role: message.role, content: message.content }];
      case 'assistant': {
        const items: ResponseInputItem[] = [];
        for (const block of message.reasoning ?? []) {
          if (block.type !== 'openai_reasoning') continue;
          items.push({
            type: 'reasoning',
            id: block.id,
            encrypted_content: block.encryptedContent,
            summary: block.summary.map((text) => ({ type: 'summary_text' as const, text })),
          });
        }
        if (message.content) items.push({ role: 'assistant', content: message.content });
        for (const call of message.toolCalls ?? []) {
          items.push({ type: 'function_call', call_id: call.id, name: call.name, arguments: call.rawArguments });
        }
        return items;
      }
      case 'tool':
        // Responses has no error flag on tool output either, so say it in the content.
        return [{ type: 'function_call_output', call_id: message.toolCallId, output: message.isError ? `Error: ${message.content}` : message.content }];
    }
  });
}
