import { describe, expect, it } from 'vitest';
import type { MessageParam, TextBlockParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import { AnthropicPromptCache } from '../../bench/anthropic-prefix-cache.js';
import { applyCacheBreakpoints } from '../../models/anthropic-cache.js';
import { toAnthropicMessages } from '../../models/to-anthropic-messages.js';
import type { Message } from '../../models/types.js';

/** A request as Tandem builds it for a conversation: fresh arrays, breakpoints applied. */
function requestOf(conversation: Message[]) {
  const { system, messages } = toAnthropicMessages(conversation);
  const tools: Tool[] = [
    { name: 'read_file', description: 'Read a file.', input_schema: { type: 'object' } },
    { name: 'finish', description: 'End the task.', input_schema: { type: 'object' } },
  ];
  applyCacheBreakpoints({ tools, system: system as TextBlockParam[], messages: messages as MessageParam[] });
  return { model: 'claude-fake', tools, system, messages };
}

const start: Message[] = [
  { role: 'system', content: 'You implement one task. '.repeat(40) },
  { role: 'user', content: 'Task T1: write the notes.' },
];

/** One step: the model calls `calls` tools at once, and each result comes back. */
function step(conversation: Message[], n: number, calls = 1): Message[] {
  const toolCalls = Array.from({ length: calls }, (_, i) => ({ id: `call_${n}_${i}`, name: 'read_file', rawArguments: JSON.stringify({ path: `notes/${n}-${i}.md` }) }));
  return [
    ...conversation,
    { role: 'assistant', content: '', toolCalls },
    ...toolCalls.map((call): Message => ({ role: 'tool', toolCallId: call.id, name: call.name, content: `contents of notes/${n}-${call.id}.md\n`.repeat(5) })),
  ];
}

const total = (u: { input_tokens: number; cache_read_input_tokens: number; cache_creation_input_tokens: number }) => u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens;

describe('the bench prompt cache (Anthropic breakpoints)', () => {
  it('writes the first request up to its last breakpoint and reads it back on the next step', () => {
    const cache = new AnthropicPromptCache();
    const first = cache.serve(requestOf(start));
    expect(first.cache_read_input_tokens).toBe(0);
    expect(first.cache_creation_input_tokens).toBeGreaterThan(0);
    // Tandem's breakpoint sits on the last message: nothing is left after it.
    expect(first.input_tokens).toBeLessThanOrEqual(1);

    const second = cache.serve(requestOf(step(start, 1)));
    expect(second.cache_read_input_tokens).toBe(total(first) - first.input_tokens);
    expect(second.cache_creation_input_tokens).toBeGreaterThan(0);
  });

  it('reads through a breakpoint that moved on: its place is not part of the cached content', () => {
    const cache = new AnthropicPromptCache();
    let conversation = start;
    let previous = cache.serve(requestOf(conversation));
    for (let n = 1; n <= 6; n++) {
      conversation = step(conversation, n);
      const usage = cache.serve(requestOf(conversation));
      expect(usage.cache_read_input_tokens).toBeGreaterThanOrEqual(total(previous) - 1);
      previous = usage;
    }
  });

  it('still reads the previous turn after a step with 25 parallel calls, past the 20-block lookback', () => {
    const cache = new AnthropicPromptCache();
    const before = step(start, 1);
    const first = cache.serve(requestOf(before));
    const after = cache.serve(requestOf(step(before, 2, 25)));
    // Breakpoint 4 (the previous user turn) is what the read starts from; the lookback from the last block alone would miss it.
    expect(after.cache_read_input_tokens).toBeGreaterThanOrEqual(total(first) - 1);
  });

  it('caches nothing for a request without breakpoints', () => {
    const cache = new AnthropicPromptCache();
    const body = { model: 'claude-fake', system: 'You implement one task.', messages: [{ role: 'user', content: 'Task T1' }] };
    cache.serve(body);
    expect(cache.serve(body)).toMatchObject({ cache_read_input_tokens: 0, cache_creation_input_tokens: 0 });
  });

  it('serves a later task the tools and system an earlier task wrote', () => {
    const cache = new AnthropicPromptCache();
    cache.serve(requestOf(step(start, 1)));
    const t2 = cache.serve(requestOf([start[0]!, { role: 'user', content: 'Task T2: another one.' }]));
    expect(t2.cache_read_input_tokens).toBeGreaterThan(200);
    expect(t2.cache_creation_input_tokens).toBeGreaterThan(0);
  });
});
