import { afterEach, describe, expect, it } from 'vitest';
import { CHARS_PER_TOKEN, estimateUsage } from '../../models/estimate-usage.js';
import { PROVIDERS, setup, type Harness } from './harness.js';

describe('estimateUsage', () => {
  it('counts what was sent and received at 4 characters a token, and says it is an estimate', () => {
    const messages = [{ role: 'user' as const, content: 'x'.repeat(4000) }];
    const usage = estimateUsage({ messages }, { text: 'y'.repeat(400), toolCalls: [{ id: 'c', name: 'edit', rawArguments: 'z'.repeat(396) }] });
    expect(usage.estimated).toBe(true);
    expect(usage.cachedInputTokens).toBe(0);
    // The messages' JSON adds a little to the 4000 characters of content.
    expect(usage.inputTokens).toBeGreaterThanOrEqual(4000 / CHARS_PER_TOKEN);
    expect(usage.inputTokens).toBeLessThan(4100 / CHARS_PER_TOKEN);
    expect(usage.outputTokens).toBe(Math.ceil((400 + 4 + 396) / CHARS_PER_TOKEN));
  });

  it('counts tool definitions and a structured answer', () => {
    const messages = [{ role: 'user' as const, content: 'hi' }];
    const bare = estimateUsage({ messages }, { text: '', toolCalls: [] });
    const tools = [{ name: 'run', description: 'd'.repeat(800), parameters: {} }];
    expect(estimateUsage({ messages, tools }, { text: '', toolCalls: [] }).inputTokens).toBeGreaterThan(bare.inputTokens + 190);
    expect(estimateUsage({ messages }, { text: '', toolCalls: [], structured: { value: { plan: 'p'.repeat(400) } } }).outputTokens).toBeGreaterThan(100);
  });
});

describe.each(PROVIDERS)('%s: a response without usage', (provider) => {
  let h: Harness;
  afterEach(async () => {
    h.fake.assertClean();
    await h.fake.close();
  });

  it('is estimated from the sizes, marked estimated and priced, so budgets still see it', async () => {
    h = await setup(provider, [{ text: 'a'.repeat(800), noUsage: true }, { text: 'a'.repeat(800) }]);
    const request = { messages: [{ role: 'user' as const, content: 'b'.repeat(8000) }] };
    const estimated = await h.client.generate(request);
    expect(estimated.usage.estimated).toBe(true);
    expect(estimated.usage.inputTokens).toBeGreaterThanOrEqual(2000);
    expect(estimated.usage.outputTokens).toBe(200);
    if (provider !== 'ollama') expect(estimated.costUsd).toBeGreaterThan(0);
    const reported = await h.client.generate(request);
    expect(reported.usage).not.toHaveProperty('estimated');
  });
});
