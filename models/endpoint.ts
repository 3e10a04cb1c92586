import type { ProviderKind, ResolvedModel } from './types.js';
import { ollamaBaseUrl } from './ollama-host.js';
import { isTandemError } from '../errors/tandem-error.js';
import type { ErrorContext } from './classify-error.js';
import { ModelCallError } from './errors.js';

/** Per HTTP request. Reasoning models can think for minutes; Temporal's activity timeout is the real bound. */
export const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

export { OLLAMA_DEFAULT_BASE_URL as DEFAULT_OLLAMA_BASE_URL } from './ollama-host.js';

/**
 * Ollama's OpenAI-compatible base URL from `OLLAMA_HOST` (`host`, `host:port`,
 * `:port` or a URL; `/v1` appended). Config resolves it the same way when it
 * builds a ResolvedModel; this is the fallback for a model built without a baseUrl.
 */
export function resolveOllamaBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return ollamaBaseUrl(env.OLLAMA_HOST);
}

/** The key variable each kind uses when config names none; local servers need none. */
export function defaultApiKeyEnv(kind: ProviderKind): string | undefined {
  if (kind === 'openai') return 'OPENAI_API_KEY';
  if (kind === 'anthropic') return 'ANTHROPIC_API_KEY';
  return undefined;
}

export interface Endpoint {
  /** undefined means the vendor's public API. */
  baseUrl: string | undefined;
  apiKey: string | undefined;
  apiKeyEnv: string | undefined;
}

/**
 * Where to send a call and with which key, read from `env` at call time so a
 * rotated key is picked up and no key is held in long-lived objects.
 * Throws a non-retryable ModelCallError when a needed key or URL is missing.
 */
export function resolveEndpoint(model: ResolvedModel, env: NodeJS.ProcessEnv): Endpoint {
  const apiKeyEnv = model.apiKeyEnv ?? defaultApiKeyEnv(model.kind);
  const apiKey = apiKeyEnv ? env[apiKeyEnv]?.trim() || undefined : undefined;
  const fail = (kind: 'auth' | 'bad_request', message: string, hint: string): ModelCallError =>
    new ModelCallError(message, { kind, retryable: false, provider: model.providerName, model: model.model, hint });
  if (apiKeyEnv && !apiKey) {
    throw fail('auth', `${apiKeyEnv} is not set; ${model.spec} needs it.`, `Export ${apiKeyEnv} with a key for ${model.providerName}.`);
  }
  let baseUrl = model.baseUrl;
  // Read the SDKs' own variables from `env` (not process.env) so callers and tests control them.
  if (!baseUrl && model.kind === 'openai') baseUrl = env.OPENAI_BASE_URL || undefined;
  if (!baseUrl && model.kind === 'anthropic') baseUrl = env.ANTHROPIC_BASE_URL || undefined;
  if (!baseUrl && model.kind === 'openai-compatible') {
    if (model.providerName !== 'ollama') {
      throw fail('bad_request', `Provider ${model.providerName} has no base URL.`, `Set baseUrl for ${model.providerName} in tandem.yaml.`);
    }
    try {
      baseUrl = resolveOllamaBaseUrl(env);
    } catch (error) {
      if (!isTandemError(error)) throw error;
      throw fail('bad_request', error.message, error.hint ?? 'Fix OLLAMA_HOST.');
    }
  }
  return { baseUrl, apiKey, apiKeyEnv };
}

/** What error classification needs to know about a call: the model, where it went, which key, how long it may take. */
export function callErrorContext(model: ResolvedModel, endpoint: Endpoint, publicBaseUrl: string, timeoutMs: number): ErrorContext {
  return { model, baseUrl: endpoint.baseUrl ?? publicBaseUrl, apiKeyEnv: endpoint.apiKeyEnv, apiKey: endpoint.apiKey, timeoutMs };
}
