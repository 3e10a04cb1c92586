import { afterEach, describe, expect, it } from 'vitest';
import { createModelClient } from '../../models/provider.js';
import { DEFAULT_OLLAMA_BASE_URL, resolveOllamaBaseUrl } from '../../models/providers/ollama.js';
import { KEYS, setup, type Harness } from './harness.js';

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

describe('openai and openai-compatible specifics', () => {
  let h: Harness;
  afterEach(async () => {
    h.fake.assertClean();
    await h.fake.close();
  });

  it('sends reasoning_effort and max_completion_tokens to reasoning models, with the bearer key', async () => {
    h = await setup('openai', [{ text: 'ok' }], { reasoningEffort: 'low', maxOutputTokens: 4000, api: 'chat' });
    await h.client.generate({ ...ask, reasoningEffort: 'high' });
    const { body, headers } = h.fake.requests[0]!;
    expect(body).toMatchObject({ model: 'gpt-5', reasoning_effort: 'high', max_completion_tokens: 4000 });
    expect(body.max_tokens).toBeUndefined();
    expect(body.temperature).toBeUndefined();
    expect(headers.authorization).toBe(`Bearer ${KEYS.openai}`);
  });

  it('leaves reasoning_effort off non-reasoning models', async () => {
    h = await setup('openai', [{ text: 'ok' }], { model: 'gpt-4.1', spec: 'openai:gpt-4.1', reasoningEffort: 'high', api: 'chat' });
    await h.client.generate(ask);
    expect(h.fake.requests[0]!.body.reasoning_effort).toBeUndefined();
  });

  it('reports cached prompt tokens and the real model id, and prices them', async () => {
    h = await setup('openai', [{ text: 'ok', model: 'gpt-5-2025-08-07', usage: { inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 100_000 } }]);
    const result = await h.client.generate(ask);
    expect(result.modelId).toBe('gpt-5-2025-08-07');
    expect(result.usage).toEqual({ inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 100_000 });
    // gpt-5: $1.25 in, $0.125 cached, $10 out per MTok.
    expect(result.costUsd).toBeCloseTo(0.6 * 1.25 + 0.4 * 0.125 + 0.1 * 10, 10);
  });

  it('prices GPT-5.6 cache writes at their own rate', async () => {
    const usage = { inputTokens: 1_000_000, cachedInputTokens: 200_000, cacheWriteInputTokens: 300_000, outputTokens: 0 };
    h = await setup('openai', [{ text: 'ok', usage }], { model: 'gpt-5.6-sol', spec: 'openai:gpt-5.6-sol' });
    const result = await h.client.generate(ask);
    expect(result.usage).toEqual(usage);
    // gpt-5.6-sol: $5 in, $0.50 cached, $6.25 cache write per MTok.
    expect(result.costUsd).toBeCloseTo(0.5 * 5 + 0.2 * 0.5 + 0.3 * 6.25, 10);
  });

  it('ollama gets max_tokens, the schema spelled out, and costs nothing', async () => {
    h = await setup('ollama', [{ json: { ok: true } }], { maxOutputTokens: 512 });
    const { z } = await import('zod');
    const result = await h.client.generate({ ...ask, output: { name: 'answer', schema: z.object({ ok: z.boolean() }) } });
    const body = h.fake.requests[0]!.body;
    expect(body.max_tokens).toBe(512);
    expect(body.max_completion_tokens).toBeUndefined();
    // First, because some local chat templates reject a system message anywhere else.
    expect(body.messages[0]).toMatchObject({ role: 'system' });
    expect(body.messages[0].content).toContain('JSON Schema');
    expect(result.costUsd).toBe(0);
  });

  it('a named openai-compatible endpoint uses its baseUrl and optional key variable', async () => {
    h = await setup('ollama', [{ text: 'from vllm' }]);
    const client = createModelClient(
      { spec: 'vllm:qwen3', providerName: 'vllm', kind: 'openai-compatible', model: 'qwen3', baseUrl: h.fake.url, apiKeyEnv: 'VLLM_KEY' },
      { VLLM_KEY: 'vllm-secret-123456' },
    );
    expect((await client.generate(ask)).text).toBe('from vllm');
    expect(h.fake.requests[0]!.headers.authorization).toBe('Bearer vllm-secret-123456');
  });

  it('treats tool calls with finish_reason "stop" (ollama quirk) as tool calls', async () => {
    h = await setup('ollama', [{ toolCalls: [{ name: 'run', arguments: {} }], stopReason: 'end' }]);
    const result = await h.client.generate(ask);
    expect(result.stopReason).toBe('tool_calls');
  });
});

describe('resolveOllamaBaseUrl', () => {
  it.each([
    [undefined, DEFAULT_OLLAMA_BASE_URL],
    ['', DEFAULT_OLLAMA_BASE_URL],
    ['127.0.0.1:11500', 'http://127.0.0.1:11500/v1'],
    ['gpu-box', 'http://gpu-box:11434/v1'],
    [':9000', 'http://localhost:9000/v1'],
    ['http://gpu-box:11434/', 'http://gpu-box:11434/v1'],
    ['https://ollama.example.com/v1', 'https://ollama.example.com/v1'],
  ])('OLLAMA_HOST=%s → %s', (host, expected) => {
    expect(resolveOllamaBaseUrl(host === undefined ? {} : { OLLAMA_HOST: host })).toBe(expected);
  });

  it('an invalid OLLAMA_HOST fails the call as a non-retryable ModelCallError', async () => {
    const client = createModelClient({ spec: 'ollama:m', providerName: 'ollama', kind: 'openai-compatible', model: 'm' }, { OLLAMA_HOST: 'ftp://x' });
    await expect(client.generate(ask)).rejects.toMatchObject({ name: 'ModelCallError', kind: 'bad_request', retryable: false });
  });
});
