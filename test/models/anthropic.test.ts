import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Message } from '../../models/types.js';
import { setup, type Harness } from './harness.js';

const tools = [{ name: 'run', description: 'Run a command', parameters: { type: 'object', properties: { cmd: { type: 'string' } } } }];
const breakpoints = (body: any): string[] => [
  ...body.tools.flatMap((t: any) => (t.cache_control ? [`tool:${t.name}`] : [])),
  ...body.system.flatMap((b: any) => (b.cache_control ? ['system'] : [])),
  ...body.messages.flatMap((m: any, i: number) => m.content.flatMap((b: any, j: number) => (b.cache_control ? [`m${i}.${j}:${b.type}`] : []))),
];

describe('anthropic specifics', () => {
  let h: Harness;
  afterEach(async () => {
    h.fake.assertClean();
    await h.fake.close();
  });

  it('puts cache_control on tools, system, the last block and the previous turn (≤ 4)', async () => {
    h = await setup('anthropic', [{ text: 'ok' }]);
    const messages: Message[] = [
      { role: 'system', content: 'stable instructions' },
      { role: 'user', content: 'task' },
      { role: 'assistant', content: '', toolCalls: [{ id: 't1', name: 'run', rawArguments: '{"cmd":"ls"}' }] },
      { role: 'tool', toolCallId: 't1', name: 'run', content: 'a.ts' },
      { role: 'assistant', content: '', toolCalls: [{ id: 't2', name: 'run', rawArguments: '{"cmd":"cat a.ts"}' }] },
      { role: 'tool', toolCallId: 't2', name: 'run', content: 'code' },
    ];
    await h.client.generate({ messages, tools });
    const body = h.fake.requests[0]!.body;
    // Messages: user, assistant, user(result t1), assistant, user(result t2).
    expect(breakpoints(body)).toEqual(['tool:run', 'system', 'm2.0:tool_result', 'm4.0:tool_result']);
  });

  it('reports cache reads and writes, counts all input, and prices writes at 1.25x', async () => {
    h = await setup('anthropic', [{ text: 'ok', usage: { inputTokens: 10_000, cachedInputTokens: 8_000, cacheWriteInputTokens: 1_500, outputTokens: 200 } }]);
    const result = await h.client.generate({ messages: [{ role: 'user', content: 'hi' }] });
    expect(h.fake.requests.length).toBe(1);
    expect(result.usage).toEqual({ inputTokens: 10_000, cachedInputTokens: 8_000, cacheWriteInputTokens: 1_500, outputTokens: 200 });
    // claude-haiku-4-5: $1 in, $0.10 cache read, $1.25 cache write, $5 out per MTok.
    expect(result.costUsd).toBeCloseTo((500 * 1 + 8_000 * 0.1 + 1_500 * 1.25 + 200 * 5) / 1e6, 10);
  });

  it('does not force the output tool on models that refuse it (5.5 and later), and still takes the answer', async () => {
    h = await setup('anthropic', [{ json: { ok: true } }], { model: 'claude-sonnet-5-5', spec: 'anthropic:claude-sonnet-5-5' });
    const result = await h.client.generate({ messages: [{ role: 'user', content: 'hi' }], output: { name: 'verdict', schema: z.object({ ok: z.boolean() }) } });
    const body = h.fake.requests[0]!.body;
    expect(body.tool_choice).toEqual({ type: 'auto' });
    expect(JSON.stringify(body.system)).toContain('call the verdict tool');
    expect(result.output).toEqual({ ok: true });
  });

  it('maps reasoning effort to a thinking budget below max_tokens and returns thinking blocks', async () => {
    h = await setup('anthropic', [{ toolCalls: [{ name: 'run', arguments: { cmd: 'ls' } }] }, { text: 'done' }], { reasoningEffort: 'medium', maxOutputTokens: 2000 });
    const first = await h.client.generate({ messages: [{ role: 'user', content: 'go' }], tools });
    const body = h.fake.requests[0]!.body;
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 10_000 });
    expect(body.max_tokens).toBeGreaterThan(10_000);
    expect(body.temperature).toBeUndefined();

    // Continuing a tool turn without its thinking blocks: think next turn instead of a 400.
    await h.client.generate({
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: '', toolCalls: first.toolCalls },
        { role: 'tool', toolCallId: first.toolCalls[0]!.id, name: 'run', content: 'a.ts' },
      ],
      tools,
    });
    expect(h.fake.requests[1]!.body.thinking).toBeUndefined();
  });

  it('sends thinking blocks back first when continuing a tool turn', async () => {
    h = await setup('anthropic', [{ text: 'done' }], { reasoningEffort: 'low' });
    const reasoning = [{ type: 'thinking' as const, thinking: 'plan', signature: 'sig' }];
    await h.client.generate({
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'toolu_1', name: 'run', rawArguments: '{}' }], reasoning },
        { role: 'tool', toolCallId: 'toolu_1', name: 'run', content: 'ok' },
      ],
      tools,
    });
    const body = h.fake.requests[0]!.body;
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
    expect(body.messages[1].content[0]).toEqual({ type: 'thinking', thinking: 'plan', signature: 'sig' });
  });

  it('with thinking on, asks for the output tool instead of forcing it', async () => {
    h = await setup('anthropic', [{ json: { ok: true } }], { reasoningEffort: 'high' });
    const result = await h.client.generate({ messages: [{ role: 'user', content: 'judge' }], output: { name: 'verdict', schema: z.object({ ok: z.boolean() }) } });
    expect(result.output).toEqual({ ok: true });
    const body = h.fake.requests[0]!.body;
    expect(body.tool_choice).toEqual({ type: 'auto' });
    expect(JSON.stringify(body.system)).toContain('call the verdict tool');
  });

  it('sends the key and version headers the API requires', async () => {
    h = await setup('anthropic', [{ text: 'ok' }]);
    await h.client.generate({ messages: [{ role: 'user', content: 'hi' }] });
    const headers = h.fake.requests[0]!.headers;
    expect(headers['x-api-key'] ?? headers.authorization).toContain('sk-ant-test');
    expect(headers['anthropic-version']).toBeDefined();
  });
});

