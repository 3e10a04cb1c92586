/**
 * Streamed model calls against the fakes' real SSE wire format: the answer is
 * assembled from the events, a long but live stream outlives the request
 * timeout, and a stalled or cut stream is a retryable failure, never an answer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { StreamProgress } from '../../models/contract.js';
import { createModelClient } from '../../models/provider.js';
import { rejection, setup, type Harness, type ProviderCase } from './harness.js';

const STREAMING: ProviderCase[] = ['anthropic', 'openai'];
const ask = { messages: [{ role: 'user' as const, content: 'Say hello.' }] };
const tools = [{ name: 'run', description: 'Run a command', parameters: { type: 'object', properties: { cmd: { type: 'string' } } } }];

describe.each(STREAMING)('%s: streaming', (provider) => {
  let h: Harness;
  afterEach(async () => {
    h.fake.assertClean();
    await h.fake.close();
  });

  it('streams the call and assembles text, tool calls and usage from the events', async () => {
    h = await setup(provider, [
      { text: 'Let me look around first.', toolCalls: [{ id: 'call_1', name: 'run', arguments: { cmd: 'ls -la' } }], usage: { inputTokens: 120, outputTokens: 30 } },
    ]);
    const progress: StreamProgress[] = [];
    const result = await h.client.generate({ ...ask, tools, onProgress: (p) => progress.push(p) });
    expect(h.fake.requests[0]!.body.stream).toBe(true);
    expect(result.text).toBe('Let me look around first.');
    expect(result.toolCalls).toEqual([{ id: 'call_1', name: 'run', rawArguments: JSON.stringify({ cmd: 'ls -la' }) }]);
    expect(result.stopReason).toBe('tool_calls');
    expect(result.usage).toMatchObject({ inputTokens: 120, outputTokens: 30 });
    expect(progress.at(-1)!.outputChars).toBe('Let me look around first.'.length + JSON.stringify({ cmd: 'ls -la' }).length);
    expect(progress.map((p) => p.events)).toEqual(progress.map((_, i) => i + 1));
  });

  it('lets a long but live stream run past the request timeout', async () => {
    h = await setup(provider, [{ text: 'a long, careful answer', stream: { gapMs: 150 } }]);
    const client = createModelClient(h.model, { ...h.env, TANDEM_MODEL_TIMEOUT_SECONDS: '0.3', TANDEM_MODEL_STALL_SECONDS: '1' });
    const started = Date.now();
    const result = await client.generate(ask);
    expect(Date.now() - started).toBeGreaterThan(600);
    expect(result.text).toBe('a long, careful answer');
  });

  it('abandons a stalled stream as a retryable timeout, and the retry gets the answer', async () => {
    h = await setup(provider, [{ text: 'half an answer that never ends', stream: { stallAfterEvents: 3 } }, { text: 'the whole answer' }]);
    const client = createModelClient(h.model, { ...h.env, TANDEM_MODEL_STALL_SECONDS: '0.4' });
    const started = Date.now();
    const error = await rejection(client.generate(ask));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
    expect(error.message).toMatch(/stalled: no event for 400 ms/);
    expect((await client.generate(ask)).text).toBe('the whole answer');
    expect(h.fake.requests).toHaveLength(2);
  });

  it('counts the API\'s idle events (keepalive, ping) as signs of life while a model thinks in silence', async () => {
    // 5 idle events 300 ms apart: 1.5 s with no content, against a stall limit of 1 s. Each gap
    // leaves 700 ms to spare, which a loaded CI machine needs (with 120 ms against 300 it once stalled).
    h = await setup(provider, [{ text: 'thought long', stream: { gapMs: 300, idleSignals: 5 } }]);
    const client = createModelClient(h.model, { ...h.env, TANDEM_MODEL_STALL_SECONDS: '1' });
    expect((await client.generate(ask)).text).toBe('thought long');
  });

  it('waits for a slow response to start as long as the request timeout, not the stall limit', async () => {
    h = await setup(provider, [{ text: 'late but whole', delayMs: 700 }]);
    const client = createModelClient(h.model, { ...h.env, TANDEM_MODEL_TIMEOUT_SECONDS: '3', TANDEM_MODEL_STALL_SECONDS: '0.3' });
    expect((await client.generate(ask)).text).toBe('late but whole');
  });

  it('never takes a stream cut before its end as an answer', async () => {
    h = await setup(provider, [{ text: 'the first half and the second half', stream: { cutAfterEvents: 4 } }]);
    const error = await rejection(h.client.generate(ask));
    expect(error).toMatchObject({ kind: 'connection', retryable: true });
    expect(error.message).toContain('ended before it was complete');
  });

  it('a cancelled stream is aborted, not retried', async () => {
    h = await setup(provider, [{ text: 'slow words', stream: { gapMs: 200 } }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 250);
    const error = await rejection(h.client.generate({ ...ask, signal: controller.signal }));
    expect(error).toMatchObject({ kind: 'aborted', retryable: false });
  });
});
