import { afterEach, describe, expect, it } from 'vitest';
import type { Message, ToolSpec } from '../../models/types.js';
import { PROVIDERS, setup, type Harness } from './harness.js';

const tools: ToolSpec[] = [
  { name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
  { name: 'write_file', description: 'Write a file', parameters: { type: 'object', properties: { path: { type: 'string' }, text: { type: 'string' } } } },
];

describe.each(PROVIDERS)('%s: a multi-step tool-calling conversation', (provider) => {
  let h: Harness;
  afterEach(async () => {
    h.fake.assertClean();
    await h.fake.close();
  });

  it('runs tool calls → tool results → final text with valid wire messages', async () => {
    h = await setup(provider, [
      { toolCalls: [{ name: 'read_file', arguments: { path: 'a.ts' } }, { name: 'read_file', arguments: { path: 'b.ts' } }] },
      { text: 'Writing the fix.', toolCalls: [{ name: 'write_file', arguments: { path: 'a.ts', text: 'x' } }] },
      { text: 'Done: fixed a.ts.' },
    ]);
    const messages: Message[] = [
      { role: 'system', content: 'You are the implementer.' },
      { role: 'user', content: 'Fix the bug in a.ts.' },
    ];

    const first = await h.client.generate({ messages, tools });
    expect(first.stopReason).toBe('tool_calls');
    expect(first.toolCalls.map((c) => [c.name, JSON.parse(c.rawArguments)])).toEqual([
      ['read_file', { path: 'a.ts' }],
      ['read_file', { path: 'b.ts' }],
    ]);
    messages.push({ role: 'assistant', content: first.text, toolCalls: first.toolCalls });
    messages.push({ role: 'tool', toolCallId: first.toolCalls[0]!.id, name: 'read_file', content: 'const a = 1;' });
    messages.push({ role: 'tool', toolCallId: first.toolCalls[1]!.id, name: 'read_file', content: 'ENOENT', isError: true });

    const second = await h.client.generate({ messages, tools });
    expect(second.text).toBe('Writing the fix.');
    expect(second.toolCalls).toHaveLength(1);
    messages.push({ role: 'assistant', content: second.text, toolCalls: second.toolCalls });
    messages.push({ role: 'tool', toolCallId: second.toolCalls[0]!.id, name: 'write_file', content: 'ok' });

    const third = await h.client.generate({ messages, tools });
    expect(third).toMatchObject({ text: 'Done: fixed a.ts.', toolCalls: [], stopReason: 'end' });
    expect(h.fake.requests).toHaveLength(3);

    const wire = h.fake.requests[1]!.body;
    if (provider === 'anthropic') {
      expect(wire.system).toEqual([{ type: 'text', text: 'You are the implementer.', cache_control: { type: 'ephemeral' } }]);
      expect(wire.tools.map((t: any) => t.name)).toEqual(['read_file', 'write_file']);
      expect(wire.messages.map((m: any) => m.role)).toEqual(['user', 'assistant', 'user']);
      expect(wire.messages[1].content.map((b: any) => b.type)).toEqual(['tool_use', 'tool_use']);
      // Both results merged into one user turn.
      expect(wire.messages[2].content).toEqual([
        { type: 'tool_result', tool_use_id: first.toolCalls[0]!.id, content: 'const a = 1;' },
        { type: 'tool_result', tool_use_id: first.toolCalls[1]!.id, content: 'ENOENT', is_error: true, cache_control: { type: 'ephemeral' } },
      ]);
    } else if (provider === 'openai') {
      // Responses: the whole conversation as input items, tool calls and results keyed by call_id.
      expect(wire.tools[0]).toEqual({ type: 'function', name: 'read_file', description: 'Read a file', parameters: tools[0]!.parameters, strict: false });
      expect(wire.input.map((i: any) => i.type ?? i.role)).toEqual(['system', 'user', 'function_call', 'function_call', 'function_call_output', 'function_call_output']);
      expect(wire.input[2]).toEqual({ type: 'function_call', call_id: first.toolCalls[0]!.id, name: 'read_file', arguments: first.toolCalls[0]!.rawArguments });
      expect(wire.input[4]).toEqual({ type: 'function_call_output', call_id: first.toolCalls[0]!.id, output: 'const a = 1;' });
      expect(wire.input[5].output).toBe('Error: ENOENT');
    } else {
      expect(wire.tools[0]).toEqual({ type: 'function', function: { name: 'read_file', description: 'Read a file', parameters: tools[0]!.parameters } });
      expect(wire.messages.map((m: any) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'tool']);
      expect(wire.messages[2]).toEqual({
        role: 'assistant',
        content: null,
        tool_calls: first.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.rawArguments } })),
      });
      expect(wire.messages[3]).toEqual({ role: 'tool', tool_call_id: first.toolCalls[0]!.id, content: 'const a = 1;' });
      expect(wire.messages[4].content).toBe('Error: ENOENT');
    }
  });
});
