import { afterEach, describe, expect, it } from 'vitest';
import { ModelCallError } from '../../models/errors.js';
import { rejection, setup, type Harness } from './harness.js';

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

describe('a model name the vendor answers with 404', () => {
  let h: Harness;
  afterEach(async () => {
    h.fake.assertClean();
    await h.fake.close();
  });

  it.each([
    ['openai', 'gpt-5.6-sool', 'gpt-5.6-sol'],
    ['anthropic', 'claude-opus-4-1', 'claude-opus-4-8'],
  ] as const)('%s: names the model, the provider and the nearest current names', async (provider, model, nearest) => {
    h = await setup(provider, [{ error: { status: 404, message: `model: ${model}` } }], { model, spec: `${provider}:${model}` });
    const error = await rejection(h.client.generate(ask));
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ kind: 'not_found', retryable: false });
    expect(error.message).toContain(`"${model}"`);
    expect(error.message).toContain(`"${provider}"`);
    expect(error.hint).toContain(`${provider}:${model}`);
    expect(error.hint).toContain(`the nearest current ${provider} models are ${nearest}`);
  });

  it('ollama: suggests no vendor names for a local model (its list is the server\'s, not an SDK\'s)', async () => {
    h = await setup('ollama', [{ error: { status: 404, message: 'model "qwen3:8b" not found, try pulling it first' } }], { model: 'qwen3:8b', spec: 'ollama:qwen3:8b' });
    const error = await rejection(h.client.generate(ask));
    expect(error).toMatchObject({ kind: 'not_found', retryable: false });
    expect(error.hint).not.toContain('nearest');
  });
});
