/**
 * Config knows providers only through the registry in models/providers: every
 * built-in name it accepts, the key and base-URL variables it records, and the
 * names it refuses for named endpoints all come from the descriptors.
 */
import { describe, expect, it } from 'vitest';
import { knownProviders, resolveModel, type ModelContext } from '../../config/model-spec.js';
import { tandemConfigSchema } from '../../config/schema.js';
import { BUILTIN_PROVIDERS, BUILTIN_PROVIDER_NAMES, NAMED_ENDPOINT } from '../../models/providers/registry.js';
import { thrown } from '../support/thrown.js';

function context(yaml: Record<string, unknown> = {}): ModelContext {
  const config = tandemConfigSchema.parse(yaml);
  return { aliases: config.aliases, providers: config.providers, prices: config.prices, env: {} };
}

describe('built-in providers come from the registry', () => {
  it('config knows exactly the registry names, then the named endpoints', () => {
    expect(knownProviders(context())).toEqual(BUILTIN_PROVIDER_NAMES);
    const ctx = context({ providers: { vllm: { baseUrl: 'http://gpu:8000/v1' } } });
    expect(knownProviders(ctx)).toEqual([...BUILTIN_PROVIDER_NAMES, 'vllm']);
  });

  it.each(BUILTIN_PROVIDERS.map((provider) => [provider.name, provider] as const))('resolves %s:m with the descriptor\'s kind and key variable', (name, provider) => {
    // The scripted model resolves only where a caller opts in (demo, bench, tests).
    const model = resolveModel(`${name}:m`, { ...context(), allowScripted: true });
    expect(model).toMatchObject({ spec: `${name}:m`, providerName: name, kind: provider.kind });
    expect(model.apiKeyEnv).toBe(provider.apiKeyEnv);
    // A base URL is pinned only by providers that read theirs at load time.
    expect(model.baseUrl !== undefined).toBe(provider.pinsBaseUrl === true);
  });

  it.each(BUILTIN_PROVIDER_NAMES)('refuses a named endpoint called %s', (name) => {
    const parsed = tandemConfigSchema.safeParse({ providers: { [name]: { baseUrl: 'http://x:1/v1' } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(new RegExp(`^"${name}" is a built-in provider`));
  });

  it('names every base-URL variable of the registry in that refusal', () => {
    const parsed = tandemConfigSchema.safeParse({ providers: { openai: { baseUrl: 'http://x:1/v1' } } });
    for (const provider of BUILTIN_PROVIDERS.filter((p) => p.baseUrlEnv !== undefined)) {
      expect(parsed.error?.issues[0]?.message).toContain(provider.baseUrlEnv);
    }
  });

  it('any other name is unknown until tandem.yaml declares it, and then speaks the named-endpoint protocol', () => {
    const error = thrown(() => resolveModel('mistral:large', context()));
    expect(error.code).toBe('MODEL_PROVIDER_UNKNOWN');
    expect(error.message).toContain(`known providers: ${BUILTIN_PROVIDER_NAMES.join(', ')}`);
    const declared = resolveModel('mistral:large', context({ providers: { mistral: { baseUrl: 'http://x:1/v1', apiKeyEnv: 'MISTRAL_KEY' } } }));
    expect(declared).toMatchObject({ kind: NAMED_ENDPOINT.kind, baseUrl: 'http://x:1/v1', apiKeyEnv: 'MISTRAL_KEY' });
  });
});
