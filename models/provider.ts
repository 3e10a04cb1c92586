/**
 * The one entry point for calling a model: picks the provider's vendor call,
 * adds structured-output validation and prices the result.
 */
import type { GenerateRequest, ModelClient } from './contract.js';
import type { GenerateResult, ResolvedModel } from './types.js';
import { costOf, priceFor } from './cost.js';
import { DEFAULT_TIMEOUT_MS } from './endpoint.js';
import { providerFor } from './providers/registry.js';
import { generateWithOutput } from './structured-output.js';
import { modelTimeoutSecondsSetting } from '../settings/environment.js';

/**
 * A client for one resolved model. The API key is read from `env[model.apiKeyEnv]`
 * (else the provider's key variable) on every call and never appears in results or
 * errors. A request without its own timeout gets `TANDEM_MODEL_TIMEOUT_SECONDS`
 * from `env` when set.
 */
export function createModelClient(model: ResolvedModel, env: NodeJS.ProcessEnv = process.env): ModelClient {
  const call = providerFor(model).createCall(model, env);
  const price = priceFor(model);
  const timeoutMs = modelTimeoutMs(env);
  return {
    model,
    async generate<T>(request: GenerateRequest<T>): Promise<GenerateResult<T>> {
      const { result, output } = await generateWithOutput(call, model, { ...request, timeoutMs: request.timeoutMs ?? timeoutMs });
      const { structured: _structured, ...plain } = result;
      return { ...plain, costUsd: costOf(plain.usage, price), ...(output === undefined ? {} : { output }) };
    },
  };
}

/**
 * The per-request timeout: `TANDEM_MODEL_TIMEOUT_SECONDS` (a positive number) or
 * DEFAULT_TIMEOUT_MS. Tests set it to seconds so a hanging server is retried soon.
 */
export function modelTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = modelTimeoutSecondsSetting(env);
  return seconds === undefined ? DEFAULT_TIMEOUT_MS : Math.round(seconds * 1000);
}
