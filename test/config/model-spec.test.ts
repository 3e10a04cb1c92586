import { describe, expect, it } from 'vitest';
import { parseModelSpec, resolveModel, type ModelContext } from '../../config/model-spec.js';
import { tandemConfigSchema } from '../../config/schema.js';
import { thrown } from '../support/thrown.js';

/** A context built through the schema, as loadConfig would build it. */
function context(yaml: Record<string, unknown> = {}, env: Record<string, string> = {}): ModelContext {
  const config = tandemConfigSchema.parse(yaml);
  return { aliases: config.aliases, providers: config.providers, prices: config.prices, env };
}

describe('parseModelSpec', () => {
  it('splits at the first colon so model ids may contain colons', () => {
    expect(parseModelSpec('ollama:qwen2.5-coder:32b')).toEqual({ provider: 'ollama', model: 'qwen2.5-coder:32b' });
    expect(parseModelSpec('anthropic:claude-sonnet-5-5')).toEqual({ provider: 'anthropic', model: 'claude-sonnet-5-5' });
  });

  it('lower-cases the provider, keeps the model id, and treats a bare name as an alias', () => {
    expect(parseModelSpec(' OpenAI:GPT-5 ')).toEqual({ provider: 'openai', model: 'GPT-5' });
    expect(parseModelSpec('coder')).toBeUndefined();
  });

  it.each(['openai:', ':gpt-5', 'openai:gpt 5'])('rejects %j', (spec) => {
    expect(thrown(() => parseModelSpec(spec)).code).toBe('MODEL_SPEC_INVALID');
  });
});

describe('resolveModel', () => {
  it('resolves the built-in vendors with their key variables and SDK-default base URLs', () => {
    const openai = resolveModel('openai:gpt-5', context());
    expect(openai).toMatchObject({ spec: 'openai:gpt-5', providerName: 'openai', kind: 'openai', model: 'gpt-5', apiKeyEnv: 'OPENAI_API_KEY' });
    expect(openai).not.toHaveProperty('baseUrl');
    expect(resolveModel('anthropic:claude-sonnet-5-5', context())).toMatchObject({ kind: 'anthropic', apiKeyEnv: 'ANTHROPIC_API_KEY' });
  });

  it('resolves ollama as keyless OpenAI-compatible at OLLAMA_HOST', () => {
    const model = resolveModel('ollama:qwen2.5-coder:32b', context({}, { OLLAMA_HOST: 'gpu-box:11434' }));
    expect(model).toEqual({
      spec: 'ollama:qwen2.5-coder:32b', providerName: 'ollama', kind: 'openai-compatible', model: 'qwen2.5-coder:32b', baseUrl: 'http://gpu-box:11434/v1',
    });
    expect(resolveModel('ollama:llama3', context()).baseUrl).toBe('http://localhost:11434/v1');
  });

  it('resolves named endpoints, with and without a key variable', () => {
    const ctx = context({ providers: { vllm: { baseUrl: 'http://gpu:8000/v1', apiKeyEnv: 'VLLM_API_KEY' }, lmstudio: { baseUrl: 'http://localhost:1234/v1' } } });
    expect(resolveModel('vllm:Qwen/Qwen3-32B', ctx)).toMatchObject({ kind: 'openai-compatible', baseUrl: 'http://gpu:8000/v1', apiKeyEnv: 'VLLM_API_KEY', model: 'Qwen/Qwen3-32B' });
    expect(resolveModel('lmstudio:qwen', ctx).apiKeyEnv).toBeUndefined();
  });

  it('takes the OpenAI wire API from the model, its alias or its endpoint, the model first', () => {
    const ctx = context({
      providers: { gateway: { baseUrl: 'http://gw:8080/v1', api: 'responses' } },
      aliases: { classic: { model: 'openai:gpt-5.4', api: 'chat' } },
    });
    expect(resolveModel('openai:gpt-5.4', ctx).api).toBeUndefined();
    expect(resolveModel('classic', ctx).api).toBe('chat');
    expect(resolveModel('gateway:gpt-5.4', ctx).api).toBe('responses');
    expect(resolveModel({ model: 'gateway:gpt-5.4', api: 'chat' }, ctx).api).toBe('chat');
    expect(() => context({ providers: { gateway: { baseUrl: 'http://gw:8080/v1', api: 'completions' } } })).toThrow(/api/);
  });

  it('names the unknown provider and lists the known ones', () => {
    const error = thrown(() => resolveModel('vlm:qwen', context({ providers: { vllm: { baseUrl: 'http://gpu:8000/v1' } } }), '--implementer'));
    expect(error.code).toBe('MODEL_PROVIDER_UNKNOWN');
    expect(error.message).toMatch(/^--implementer: unknown model provider "vlm"/);
    expect(error.message).toContain('openai, anthropic, ollama, scripted, vllm');
  });

  it('follows alias chains; settings next to the reference win over the alias', () => {
    const ctx = context({ aliases: { coder: { model: 'local', maxTokens: 8192, effort: 'low' }, local: 'ollama:qwen2.5-coder:32b' } });
    expect(resolveModel('coder', ctx)).toMatchObject({ spec: 'ollama:qwen2.5-coder:32b', maxOutputTokens: 8192, reasoningEffort: 'low' });
    expect(resolveModel({ model: 'coder', effort: 'high' }, ctx)).toMatchObject({ reasoningEffort: 'high', maxOutputTokens: 8192 });
  });

  it('rejects alias cycles and unknown names', () => {
    const ctx = context({ aliases: { a: 'b', b: 'a' } });
    expect(thrown(() => resolveModel('a', ctx)).message).toContain('a → b → a');
    const unknown = thrown(() => resolveModel('gpt-5', ctx, 'models.planner'));
    expect(unknown.code).toBe('MODEL_ALIAS_UNKNOWN');
    expect(unknown.message).toContain('models.planner: "gpt-5" is neither provider:model nor a known alias');
  });

  it('takes the default price and lets prices: override it', () => {
    expect(resolveModel('openai:gpt-5', context()).price).toEqual({ inputPerMTok: 1.25, outputPerMTok: 10, cachedInputPerMTok: 0.125 });
    const ctx = context({ prices: { 'OpenAI:gpt-5': { input: 2, output: 20 }, 'ollama:qwen3': { input: 0.1, output: 0.2 } } });
    expect(resolveModel('openai:gpt-5', ctx).price).toEqual({ inputPerMTok: 2, outputPerMTok: 20 });
    expect(resolveModel('ollama:qwen3', ctx).price).toEqual({ inputPerMTok: 0.1, outputPerMTok: 0.2 });
    expect(resolveModel('ollama:other', ctx).price).toBeUndefined();
  });
});

describe('prices from tandem.yaml', () => {
  const hosted = { providers: { together: { baseUrl: 'https://api.together.xyz/v1', apiKeyEnv: 'TOGETHER_API_KEY' } } };

  it('prices every model of a provider with provider:*, and an exact key wins', () => {
    const ctx = context({
      ...hosted,
      prices: { 'together:*': { input: 0.9, output: 0.9 }, 'together:big': { input: 3, output: 9, cachedInput: 1, cacheWrite: 4 } },
    });
    expect(resolveModel('together:small', ctx).price).toEqual({ inputPerMTok: 0.9, outputPerMTok: 0.9 });
    expect(resolveModel('together:big', ctx).price).toEqual({ inputPerMTok: 3, outputPerMTok: 9, cachedInputPerMTok: 1, cacheWritePerMTok: 4 });
  });

  it('leaves a hosted endpoint without a configured price unpriced, so the unknown-price warning fires', () => {
    expect(resolveModel('together:small', context(hosted)).price).toBeUndefined();
  });
});
