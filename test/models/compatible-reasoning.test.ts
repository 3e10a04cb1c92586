import { afterEach, describe, expect, it } from 'vitest';
import { setup, type Harness } from './harness.js';

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

describe('reasoning from OpenAI-compatible servers', () => {
  let h: Harness;
  afterEach(async () => {
    h.fake.assertClean();
    await h.fake.close();
  });

  it.each(['reasoning_content', 'reasoning'] as const)('keeps message.%s as reasoningText, beside the reply', async (field) => {
    h = await setup('ollama', [{ text: 'done', chatReasoning: { field, text: 'Think first.' } }]);
    const result = await h.client.generate(ask);
    expect(result).toMatchObject({ text: 'done', reasoningText: 'Think first.' });
  });

  it('never sends it back to the server on the next turn', async () => {
    h = await setup('ollama', [{ text: 'done', chatReasoning: { field: 'reasoning_content', text: 'Think first.' } }, { text: 'again' }]);
    const first = await h.client.generate(ask);
    await h.client.generate({ messages: [...ask.messages, { role: 'assistant', content: first.text }, { role: 'user', content: 'go on' }] });
    expect(h.fake.requests[1]!.rawBody).not.toContain('Think first.');
  });

  it('leaves reasoningText out when the server sent none', async () => {
    h = await setup('ollama', [{ text: 'done' }]);
    expect(await h.client.generate(ask)).not.toHaveProperty('reasoningText');
  });
});
