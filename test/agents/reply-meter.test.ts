/**
 * The gateway reads what each model reply billed, streamed or whole, however
 * the bytes are cut: the figures a session is charged at least.
 */
import { describe, expect, it } from 'vitest';
import { ReplyMeter, type MeteredWire } from '../../agents/reply-meter.js';

const SSE = 'text/event-stream; charset=utf-8';

function sse(events: object[], newline = '\n'): string {
  return events.map((event) => `event: ${String((event as { type: string }).type)}${newline}data: ${JSON.stringify(event)}${newline}${newline}`).join('');
}

/** Feeds `text` in pieces of `size` bytes (a multi-byte character may be split). */
function meter(wire: MeteredWire, contentType: string, text: string, size = Infinity) {
  const reply = new ReplyMeter(wire, contentType);
  const bytes = Buffer.from(text, 'utf8');
  const step = Number.isFinite(size) ? size : bytes.length || 1;
  for (let at = 0; at < bytes.length; at += step) reply.push(bytes.subarray(at, at + step));
  return reply.usage();
}

const anthropicStream = sse([
  { type: 'message_start', message: { id: 'msg_1', content: [], usage: { input_tokens: 100, cache_read_input_tokens: 50, cache_creation_input_tokens: 25, output_tokens: 1 } } },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'héllo — ✓' } },
  { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 42, input_tokens: null } },
  { type: 'message_stop' },
]);

describe('a reply meter', () => {
  it('reads an Anthropic stream: the input side from message_start, the output from the last message_delta', () => {
    expect(meter('anthropic-messages', SSE, anthropicStream)).toEqual({ inputTokens: 175, outputTokens: 42, cachedInputTokens: 50, cacheWriteInputTokens: 25 });
  });

  it('reads the same figures whatever the chunk size, one byte at a time included', () => {
    for (const size of [1, 2, 3, 7, 64, 1000]) {
      expect(meter('anthropic-messages', SSE, anthropicStream, size), `size ${size}`).toEqual({ inputTokens: 175, outputTokens: 42, cachedInputTokens: 50, cacheWriteInputTokens: 25 });
    }
  });

  it('counts the input of a stream cut before its message_delta: that call was billed', () => {
    const cut = anthropicStream.slice(0, anthropicStream.indexOf('message_delta'));
    expect(meter('anthropic-messages', SSE, cut)).toMatchObject({ inputTokens: 175, outputTokens: 1 });
  });

  it('reads a Responses stream from its last event, with CRLF line ends', () => {
    const stream = sse(
      [
        { type: 'response.created', response: { id: 'resp_1', status: 'in_progress', usage: null } },
        { type: 'response.output_text.delta', delta: 'hi' },
        { type: 'response.completed', response: { id: 'resp_1', status: 'completed', usage: { input_tokens: 200, input_tokens_details: { cached_tokens: 120 }, output_tokens: 30 } } },
      ],
      '\r\n',
    );
    for (const size of [1, 5, Infinity]) expect(meter('openai-responses', 'text/event-stream', stream, size)).toEqual({ inputTokens: 200, outputTokens: 30, cachedInputTokens: 120 });
  });

  it('reads whole JSON replies of both APIs', () => {
    expect(meter('anthropic-messages', 'application/json', JSON.stringify({ id: 'msg_1', usage: { input_tokens: 9, output_tokens: 4 } }), 3)).toEqual({ inputTokens: 9, outputTokens: 4, cachedInputTokens: 0 });
    expect(meter('openai-responses', 'application/json', JSON.stringify({ id: 'resp_1', usage: { input_tokens: 11, output_tokens: 2 } }))).toEqual({ inputTokens: 11, outputTokens: 2, cachedInputTokens: 0 });
  });

  it('finds nothing in replies without usage: errors, HTML, garbage, negative or non-numeric counts read as 0', () => {
    expect(meter('anthropic-messages', 'application/json', '{"type":"error","error":{"type":"overloaded_error"}}')).toBeUndefined();
    expect(meter('openai-responses', 'text/html', '<html>502</html>')).toBeUndefined();
    expect(meter('openai-responses', SSE, 'data: {not json\n\ndata: [DONE]\n\n')).toBeUndefined();
    expect(meter('anthropic-messages', 'application/json', '{"usage":{"input_tokens":-5,"output_tokens":"7"}}')).toEqual({ inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 });
  });

  it('skips one line too long to hold and still reads the events after it', () => {
    const long = `data: {"type":"content_block_delta","delta":{"text":"${'x'.repeat(5 * 1024 * 1024)}"}}\n\n`;
    const end = sse([{ type: 'response.completed', response: { usage: { input_tokens: 3, output_tokens: 1 } } }]);
    expect(meter('openai-responses', SSE, long + end, 64 * 1024)).toEqual({ inputTokens: 3, outputTokens: 1, cachedInputTokens: 0 });
  });
});
