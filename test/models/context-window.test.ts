import { afterEach, describe, expect, it } from 'vitest';
import { contextWarning } from '../../models/context-window.js';
import { setup, type Harness } from './harness.js';

describe('contextWarning', () => {
  it('warns from 90% of the window, naming the model and the setting', () => {
    expect(contextWarning('ollama:qwen3', 7372, 8192)).toBeUndefined();
    const warning = contextWarning('ollama:qwen3', 7373, 8192);
    expect(warning).toContain('ollama:qwen3');
    expect(warning).toContain('90% of its 8192-token context window');
    expect(warning).toContain('contextWindow');
    expect(contextWarning('ollama:qwen3', 9000, 8192)).toContain('110%');
  });

  it('says nothing when no window is known', () => {
    expect(contextWarning('ollama:qwen3', 1_000_000, undefined)).toBeUndefined();
  });
});

describe('ollama context window', () => {
  let h: Harness;
  afterEach(async () => {
    h.fake.assertClean();
    await h.fake.close();
  });
  const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

  it('sends options.num_ctx from contextWindow', async () => {
    h = await setup('ollama', [{ text: 'ok' }], { contextWindow: 16384 });
    await h.client.generate(ask);
    expect(h.fake.requests[0]!.body.options).toEqual({ num_ctx: 16384 });
  });

  it('sends no options without a contextWindow, nor to other servers', async () => {
    h = await setup('ollama', [{ text: 'ok' }]);
    await h.client.generate(ask);
    expect(h.fake.requests[0]!.body.options).toBeUndefined();
    await h.fake.close();
    h = await setup('openai', [{ text: 'ok' }], { contextWindow: 16384 });
    await h.client.generate(ask);
    expect(h.fake.requests[0]!.body.options).toBeUndefined();
  });

  it('warns on the result when the prompt fills 90% of the window', async () => {
    h = await setup('ollama', [{ text: 'ok', usage: { inputTokens: 3900 } }, { text: 'ok', usage: { inputTokens: 100 } }], { contextWindow: 4096 });
    expect((await h.client.generate(ask)).warnings).toEqual([expect.stringContaining('95% of its 4096-token context window')]);
    expect(await h.client.generate(ask)).not.toHaveProperty('warnings');
  });
});
