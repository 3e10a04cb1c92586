import type { ResolvedModel } from './types.js';
import type { EnvVars } from './contract.js';
import type { ProviderDescriptor } from './providers/descriptor.js';
import { isTandemError } from '../errors/tandem-error.js';
import type { ErrorContext } from './classify-error.js';
import { ModelCallError } from './errors.js';

/** Per HTTP request. Reasoning models can think for minutes; Temporal's activity timeout is the real bound. */
export const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

/** What endpoint resolution needs from a provider descriptor: its key and base-URL variables. */
export type EndpointRules = Pick<ProviderDescriptor, 'apiKeyEnv' | 'baseUrlEnv' | 'baseUrlFromEnv' | 'knownModels'>;

export interface Endpoint {
  /** undefined means the vendor's public API. */
  baseUrl: string | undefined;
  apiKey: string | undefined;
  apiKeyEnv: string | undefined;
}

/**
 * Where to send a call and with which key, read from `env` at call time so a
 * rotated key is picked up and no key is held in long-lived objects. The model's
 * own apiKeyEnv and baseUrl win; the provider's variables fill in the rest.
 * Throws a non-retryable ModelCallError when a needed key or URL is missing.
 */
export function resolveEndpoint(model: ResolvedModel, env: EnvVars, provider: EndpointRules): Endpoint {
  const apiKeyEnv = model.apiKeyEnv ?? provider.apiKeyEnv;
  const apiKey = apiKeyEnv ? env[apiKeyEnv]?.trim() || undefined : undefined;
  const fail = (kind: 'auth' | 'bad_request', message: string, hint: string): ModelCallError =>
    new ModelCallError(message, { kind, retryable: false, provider: model.providerName, model: model.model, hint });
  if (apiKeyEnv && !apiKey) {
    throw fail('auth', `${apiKeyEnv} is not set; ${model.spec} needs it.`, `Export ${apiKeyEnv} with a key for ${model.providerName}.`);
  }
  if (model.baseUrl) return { baseUrl: model.baseUrl, apiKey, apiKeyEnv };
  if (!provider.baseUrlFromEnv) {
    throw fail('bad_request', `Provider ${model.providerName} has no base URL.`, `Set baseUrl for ${model.providerName} in tandem.yaml.`);
  }
  // Read the SDKs' own variables from `env` (not process.env) so callers and tests control them.
  try {
    return { baseUrl: provider.baseUrlFromEnv(env), apiKey, apiKeyEnv };
  } catch (error) {
    if (!isTandemError(error)) throw error;
    throw fail('bad_request', error.message, error.hint ?? `Fix ${provider.baseUrlEnv ?? 'the base URL'}.`);
  }
}

/** What error classification needs to know about a call: the model, where it went, which key, how long it may take. */
export function callErrorContext(model: ResolvedModel, endpoint: Endpoint, publicBaseUrl: string, timeoutMs: number, knownModels?: readonly string[]): ErrorContext {
  return { model, baseUrl: endpoint.baseUrl ?? publicBaseUrl, apiKeyEnv: endpoint.apiKeyEnv, apiKey: endpoint.apiKey, timeoutMs, ...(knownModels ? { knownModels } : {}) };
}
