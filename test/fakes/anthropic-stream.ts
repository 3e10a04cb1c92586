import type { SseEvent } from './http-fake.js';

/**
 * A complete Messages API reply as the SSE events the API streams it in:
 * message_start (with input usage), any pings, per block content_block_start, deltas
 * (text in two pieces, tool input as partial JSON) and content_block_stop, then
 * message_delta (stop reason, output usage) and message_stop. Without usage
 * (a gateway that strips it), both usage objects are empty.
 */
export function anthropicStreamEvents(message: any, pings = 0): SseEvent[] {
  const { content, stop_reason, stop_sequence, usage, ...rest } = message;
  const events: SseEvent[] = [
    { event: 'message_start', data: { type: 'message_start', message: { ...rest, content: [], stop_reason: null, stop_sequence: null, usage: usage ? { ...usage, output_tokens: 1 } : {} } } },
  ];
  for (let i = 0; i < pings; i++) events.push({ event: 'ping', data: { type: 'ping' } });
  for (const [index, block] of (content as any[]).entries()) {
    const push = (delta: unknown): void => void events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta } });
    if (block.type === 'text') {
      events.push(blockStart(index, { type: 'text', text: '', citations: null }));
      for (const piece of halves(block.text)) push({ type: 'text_delta', text: piece });
    } else if (block.type === 'tool_use') {
      events.push(blockStart(index, { type: 'tool_use', id: block.id, name: block.name, input: {} }));
      for (const piece of halves(JSON.stringify(block.input))) push({ type: 'input_json_delta', partial_json: piece });
    } else if (block.type === 'thinking') {
      events.push(blockStart(index, { type: 'thinking', thinking: '', signature: '' }));
      push({ type: 'thinking_delta', thinking: block.thinking });
      push({ type: 'signature_delta', signature: block.signature });
    } else {
      events.push(blockStart(index, block));
    }
    events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index } });
  }
  events.push({ event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason, stop_sequence }, usage: usage ?? {} } });
  events.push({ event: 'message_stop', data: { type: 'message_stop' } });
  return events;
}

function blockStart(index: number, block: unknown): SseEvent {
  return { event: 'content_block_start', data: { type: 'content_block_start', index, content_block: block } };
}

/** Text in two deltas, so a client that keeps only the last delta fails. */
function halves(text: string): string[] {
  const middle = Math.ceil(text.length / 2);
  return [text.slice(0, middle), text.slice(middle)].filter((piece) => piece.length > 0);
}
