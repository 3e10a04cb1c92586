/**
 * Which endpoint and key a model call would use, as non-secret facts: the
 * provider, the base URL, the key's variable and a short fingerprint of the
 * key. A run records them at its start; a worker compares its own before any
 * call, so a run's model calls never go out with another process's key or
 * to another process's server.
 */
import { createHash } from 'node:crypto';
import type { EnvVars } from './contract.js';
import { providerFor } from './providers/registry.js';
import type { EndpointIdentity, ResolvedModel } from './types.js';

/** First 8 hex digits of the key's SHA-256. Never the key, and not enough of the hash to guess it. */
export function keyFingerprint(key: string): string {
  return createHash('sha256').update(key.trim()).digest('hex').slice(0, 8);
}

/**
 * The identity of the endpoint `model` calls from an environment `env`, read the
 * way the vendor call reads it (models/endpoint.ts). Never throws: a missing key
 * or a malformed URL variable shows as such, and the call itself reports it.
 */
export function endpointIdentity(model: ResolvedModel, env: EnvVars): EndpointIdentity {
  const provider = providerFor(model);
  const keyEnv = model.apiKeyEnv ?? provider.apiKeyEnv;
  const key = keyEnv ? env[keyEnv]?.trim() : undefined;
  const fromEnv = model.baseUrl === undefined && provider.baseUrlEnv !== undefined;
  const baseUrl = model.baseUrl ?? baseUrlFromEnv(provider, env);
  return {
    provider: model.providerName,
    ...(baseUrl ? { baseUrl } : {}),
    ...(fromEnv ? { baseUrlEnv: provider.baseUrlEnv } : {}),
    ...(keyEnv ? { keyEnv } : {}),
    ...(key ? { keyFingerprint: keyFingerprint(key) } : {}),
  };
}

function baseUrlFromEnv(provider: ReturnType<typeof providerFor>, env: EnvVars): string | undefined {
  try {
    return provider.baseUrlFromEnv?.(env);
  } catch {
    // Malformed: the call names the variable and the fix; identity compares the raw value.
    return provider.baseUrlEnv ? env[provider.baseUrlEnv] : undefined;
  }
}

/**
 * How this worker's endpoint differs from the one the run recorded, as one
 * sentence naming the variable, or undefined when they agree. Only the facts
 * that decide where a call goes and with which key are compared.
 */
export function endpointMismatch(recorded: EndpointIdentity, here: EndpointIdentity): string | undefined {
  const problems: string[] = [];
  if (recorded.keyFingerprint !== here.keyFingerprint) {
    const variable = recorded.keyEnv ?? here.keyEnv ?? 'the key variable';
    problems.push(
      here.keyFingerprint === undefined
        ? `this worker has no ${variable}, the run was started with one of fingerprint ${recorded.keyFingerprint}`
        : recorded.keyFingerprint === undefined
          ? `this worker's ${variable} has fingerprint ${here.keyFingerprint}, the run was started without one`
          : `this worker's ${variable} has fingerprint ${here.keyFingerprint}, the run was started with ${recorded.keyFingerprint}`,
    );
  }
  if ((recorded.baseUrl ?? '') !== (here.baseUrl ?? '')) {
    const variable = recorded.baseUrlEnv ?? here.baseUrlEnv;
    const shown = (url: string | undefined) => url ?? `${recorded.provider}'s public API`;
    problems.push(`this worker's ${variable ? `${variable} points to` : 'base URL is'} ${shown(here.baseUrl)}, the run was started with ${shown(recorded.baseUrl)}`);
  }
  return problems.length > 0 ? problems.join('; ') : undefined;
}
