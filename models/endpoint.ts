import type { ProviderKind, ResolvedModel } from './types.js';
import { ModelCallError } from './errors.js';

export const DEFAULT_OLLAMA_BASE_URL = 'http://localhost:11434/v1';

/**
 * Ollama's OpenAI-compatible base URL from `OLLAMA_HOST`, normalised the way the
 * ollama CLI reads it: `host`, `host:port`, `:port` or a full URL; `/v1` appended.
 */
export function resolveOllamaBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  let host = env.OLLAMA_HOST?.trim();
  if (!host) return DEFAULT_OLLAMA_BASE_URL;
  if (!/^https?:\/\//i.test(host)) {
    if (host.startsWith(':')) host = `127.0.0.1${host}`;
    // Without a scheme ollama defaults the port; with one it uses the scheme's port.
    if (!/:\d+$/.test(host)) host = `${host}:11434`;
    host = `http://${host}`;
  }
  host = host.replace(/\/+$/, '');
  return host.endsWith('/v1') ? host : `${host}/v1`;
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
    baseUrl = resolveOllamaBaseUrl(env);
  }
  return { baseUrl, apiKey, apiKeyEnv };
}
