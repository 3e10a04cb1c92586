/**
 * The provider registry is the one place that knows providers: the client, the
 * endpoint rules and the price table all dispatch through it.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICES, priceFor } from '../../models/cost.js';
import { BUILTIN_PROVIDERS, NAMED_ENDPOINT, providerFor } from '../../models/providers/registry.js';
import { ollama } from '../../models/providers/ollama.js';
import { createModelClient } from '../../models/provider.js';
import type { ResolvedModel } from '../../models/types.js';

describe('providerFor', () => {
  it('finds the built-in a model names, and named endpoints by their kind', () => {
    for (const provider of BUILTIN_PROVIDERS) expect(providerFor({ kind: provider.kind, providerName: provider.name })).toBe(provider);
    expect(providerFor({ kind: 'openai-compatible', providerName: 'vllm' })).toBe(NAMED_ENDPOINT);
    expect(providerFor({ kind: 'openai-compatible', providerName: 'ollama' })).toBe(ollama);
  });
});

describe('built-in prices', () => {
  it('are every descriptor\'s price list, keyed by provider:model', () => {
    const expected = BUILTIN_PROVIDERS.flatMap((provider) => Object.keys(provider.prices).map((id) => `${provider.name}:${id}`));
    expect(Object.keys(DEFAULT_PRICES).sort()).toEqual(expected.sort());
    for (const provider of BUILTIN_PROVIDERS.filter((p) => !p.free)) {
      for (const [id, price] of Object.entries(provider.prices)) expect(priceFor({ kind: provider.kind, providerName: provider.name, model: id })).toBe(price);
    }
  });
});

describe('endpoint rules', () => {
  it('a named endpoint without a base URL fails before any request, naming the setting', async () => {
    const model: ResolvedModel = { spec: 'vllm:m', providerName: 'vllm', kind: 'openai-compatible', model: 'm' };
    const error = await createModelClient(model, {}).generate({ messages: [{ role: 'user', content: 'hi' }] }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ kind: 'bad_request', retryable: false, hint: 'Set baseUrl for vllm in tandem.yaml.' });
  });

  it('a malformed base-URL variable fails as a bad request naming it', async () => {
    const model: ResolvedModel = { spec: 'ollama:m', providerName: 'ollama', kind: 'openai-compatible', model: 'm' };
    const error = await createModelClient(model, { OLLAMA_HOST: 'ftp://box' }).generate({ messages: [{ role: 'user', content: 'hi' }] }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ kind: 'bad_request', retryable: false });
    expect((error as Error).message).toContain('OLLAMA_HOST');
  });
});
