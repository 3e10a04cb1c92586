import { describe, expect, it } from 'vitest';
import { resolveModel, type ModelContext } from '../../config/model-spec.js';
import { tandemConfigSchema } from '../../config/schema.js';

function context(yaml: Record<string, unknown>): ModelContext {
  const config = tandemConfigSchema.parse(yaml);
  return { aliases: config.aliases, providers: config.providers, prices: config.prices, env: {} };
}

describe('contextWindow in tandem.yaml', () => {
  it('is taken from the model reference, then its alias, then the named endpoint', () => {
    const ctx = context({
      aliases: { small: { model: 'ollama:qwen3:4b', contextWindow: 16384 } },
      providers: { llama: { baseUrl: 'http://localhost:8080/v1', contextWindow: 8192 } },
    });
    expect(resolveModel('small', ctx).contextWindow).toBe(16384);
    expect(resolveModel({ model: 'small', contextWindow: 32768 }, ctx).contextWindow).toBe(32768);
    expect(resolveModel('llama:smollm2', ctx).contextWindow).toBe(8192);
    expect(resolveModel({ model: 'llama:smollm2', contextWindow: 4096 }, ctx).contextWindow).toBe(4096);
    expect(resolveModel('ollama:llama3', ctx)).not.toHaveProperty('contextWindow');
  });

  it('must be a positive whole number of tokens', () => {
    expect(tandemConfigSchema.safeParse({ aliases: { a: { model: 'ollama:x', contextWindow: 0 } } }).success).toBe(false);
    expect(tandemConfigSchema.safeParse({ providers: { p: { baseUrl: 'http://h/v1', contextWindow: 8.5 } } }).success).toBe(false);
  });
});
