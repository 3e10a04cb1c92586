/**
 * The OpenAI Responses API through the real SDK against the fake's wire format:
 * the request a step sends (whole conversation, nothing stored), reasoning
 * items carried across a tool turn, strict structured output where the schema
 * allows it, stop reasons, and the `api` switch between Responses and Chat.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Message } from '../../models/types.js';
import { createModelClient } from '../../models/provider.js';
import { KEYS, setup, type Harness } from './harness.js';

const tools = [{ name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } }];
const ask: Message[] = [
  { role: 'system', content: 'You are the implementer.' },
  { role: 'user', content: 'Fix a.ts.' },
];

describe('openai: Responses API', () => {
  let h: Harness;
  afterEach(async () => {
    h.fake.assertClean();
    await h.fake.close();
  });

  it('sends the whole conversation with nothing stored, encrypted reasoning asked for, effort and limit', async () => {
    h = await setup('openai', [{ text: 'ok' }], { reasoningEffort: 'low', maxOutputTokens: 4000 });
    await h.client.generate({ messages: ask, reasoningEffort: 'high' });
    const { path, body, headers } = h.fake.requests[0]!;
    expect(path).toBe('/v1/responses');
    expect(body).toMatchObject({
      model: 'gpt-5',
      store: false,
      stream: true,
      include: ['reasoning.encrypted_content'],
      reasoning: { effort: 'high' },
      max_output_tokens: 4000,
      input: [
        { role: 'system', content: 'You are the implementer.' },
        { role: 'user', content: 'Fix a.ts.' },
      ],
    });
    expect(body.previous_response_id).toBeUndefined();
    expect(headers.authorization).toBe(`Bearer ${KEYS.openai}`);
  });

  it('leaves reasoning settings off non-reasoning models', async () => {
    h = await setup('openai', [{ text: 'ok' }], { model: 'gpt-4.1', spec: 'openai:gpt-4.1', reasoningEffort: 'high' });
    await h.client.generate({ messages: ask });
    expect(h.fake.requests[0]!.body.reasoning).toBeUndefined();
    expect(h.fake.requests[0]!.body.include).toBeUndefined();
  });

  it('carries reasoning items across a tool turn, encrypted, before the calls they led to', async () => {
    h = await setup('openai', [
      { reasoning: ['Read a.ts first.'], toolCalls: [{ id: 'call_a', name: 'read_file', arguments: { path: 'a.ts' } }] },
      { text: 'Fixed.' },
    ]);
    const first = await h.client.generate({ messages: ask, tools });
    expect(first.reasoning).toEqual([{ type: 'openai_reasoning', id: 'rs_fake_0_0', encryptedContent: 'enc:0:0:Read a.ts first.', summary: ['Read a.ts first.'] }]);
    const messages: Message[] = [
      ...ask,
      { role: 'assistant', content: first.text, toolCalls: first.toolCalls, reasoning: first.reasoning! },
      { role: 'tool', toolCallId: 'call_a', name: 'read_file', content: 'const a = 1;' },
    ];
    expect((await h.client.generate({ messages, tools })).text).toBe('Fixed.');
    expect(h.fake.requests[1]!.body.input.slice(2)).toEqual([
      { type: 'reasoning', id: 'rs_fake_0_0', encrypted_content: 'enc:0:0:Read a.ts first.', summary: [{ type: 'summary_text', text: 'Read a.ts first.' }] },
      { type: 'function_call', call_id: 'call_a', name: 'read_file', arguments: '{"path":"a.ts"}' },
      { type: 'function_call_output', call_id: 'call_a', output: 'const a = 1;' },
    ]);
  });

  it('sends the same request when a step is retried, so a retry depends on nothing stored', async () => {
    h = await setup('openai', [{ text: 'one' }, { text: 'two' }]);
    await h.client.generate({ messages: ask, tools });
    await h.client.generate({ messages: ask, tools });
    expect(h.fake.requests[1]!.rawBody).toBe(h.fake.requests[0]!.rawBody);
  });

  it('asks for strict structured output when every field is required, and validates it', async () => {
    h = await setup('openai', [{ json: { approve: true, reasons: [] } }]);
    const schema = z.strictObject({ approve: z.boolean(), reasons: z.array(z.string()) });
    const result = await h.client.generate({ messages: ask, output: { name: 'review_verdict', schema } });
    expect(result.output).toEqual({ approve: true, reasons: [] });
    expect(h.fake.requests[0]!.body.text.format).toMatchObject({ type: 'json_schema', name: 'review_verdict', strict: true });
  });

  it('maps an incomplete response to max_tokens and counts cached input', async () => {
    h = await setup('openai', [{ text: 'cut', stopReason: 'max_tokens', usage: { inputTokens: 1000, cachedInputTokens: 600, outputTokens: 50 } }]);
    const result = await h.client.generate({ messages: ask });
    expect(result.stopReason).toBe('max_tokens');
    expect(result.usage).toEqual({ inputTokens: 1000, cachedInputTokens: 600, outputTokens: 50 });
  });

  it('speaks Chat Completions for a model configured with api: chat', async () => {
    h = await setup('openai', [{ text: 'ok' }], { api: 'chat' });
    expect((await h.client.generate({ messages: ask })).text).toBe('ok');
    expect(h.fake.requests[0]!.path).toBe('/v1/chat/completions');
  });

  it('speaks Responses to an OpenAI-compatible server configured with api: responses', async () => {
    h = await setup('openai', [{ text: 'ok' }]);
    const endpoint = createModelClient(
      { spec: 'gateway:gpt-5', providerName: 'gateway', kind: 'openai-compatible', model: 'gpt-5', baseUrl: h.fake.url, apiKeyEnv: 'OPENAI_API_KEY', api: 'responses' },
      h.env,
    );
    expect((await endpoint.generate({ messages: ask })).text).toBe('ok');
    expect(h.fake.requests[0]!.path).toBe('/v1/responses');
  });
});
