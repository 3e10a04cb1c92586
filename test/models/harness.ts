import type { FakeServer } from '../fakes/http-fake.js';
import { startFakeAnthropic } from '../fakes/anthropic-server.js';
import { startFakeOpenAI } from '../fakes/openai-server.js';
import type { Script } from '../fakes/script.js';
import type { ModelClient } from '../../models/contract.js';
import { createModelClient } from '../../models/provider.js';
import type { ResolvedModel } from '../../models/types.js';

export type ProviderCase = 'openai' | 'ollama' | 'anthropic';
export const PROVIDERS: ProviderCase[] = ['openai', 'ollama', 'anthropic'];

/** Dummy keys: long enough to be redacted, and asserted never to appear in errors. */
export const KEYS = { openai: 'sk-test-openai-0123456789abcdef', anthropic: 'sk-ant-test-0123456789abcdef' };

export interface Harness {
  fake: FakeServer;
  client: ModelClient;
  model: ResolvedModel;
  env: NodeJS.ProcessEnv;
}

/**
 * A fake server for the provider and a real client pointed at it through the same
 * variables users set (OPENAI_BASE_URL, ANTHROPIC_BASE_URL, OLLAMA_HOST).
 */
export async function setup(provider: ProviderCase, script?: Script, overrides: Partial<ResolvedModel> = {}): Promise<Harness> {
  const fake = provider === 'anthropic' ? await startFakeAnthropic({ script }) : await startFakeOpenAI({ script });
  const { model, env } = wiring(provider, fake.url);
  const resolved = { ...model, ...overrides };
  return { fake, model: resolved, env, client: createModelClient(resolved, env) };
}

function wiring(provider: ProviderCase, url: string): { model: ResolvedModel; env: NodeJS.ProcessEnv } {
  switch (provider) {
    case 'openai':
      return {
        model: { spec: 'openai:gpt-5', providerName: 'openai', kind: 'openai', model: 'gpt-5', apiKeyEnv: 'OPENAI_API_KEY' },
        env: { OPENAI_API_KEY: KEYS.openai, OPENAI_BASE_URL: url },
      };
    case 'ollama':
      // host:port, the form ollama users write; the client must add http:// and /v1.
      return {
        model: { spec: 'ollama:qwen2.5-coder:32b', providerName: 'ollama', kind: 'openai-compatible', model: 'qwen2.5-coder:32b' },
        env: { OLLAMA_HOST: new URL(url).host },
      };
    case 'anthropic':
      return {
        model: {
          spec: 'anthropic:claude-haiku-4-5',
          providerName: 'anthropic',
          kind: 'anthropic',
          model: 'claude-haiku-4-5',
          apiKeyEnv: 'ANTHROPIC_API_KEY',
        },
        env: { ANTHROPIC_API_KEY: KEYS.anthropic, ANTHROPIC_BASE_URL: url },
      };
  }
}

/** Awaits a rejection and returns the error, failing the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
