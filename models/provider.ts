/**
 * The one entry point for calling a model: picks the provider's vendor call,
 * adds structured-output validation and prices the result.
 */
import type { GenerateRequest, ModelClient } from './contract.js';
import type { GenerateResult, ResolvedModel } from './types.js';
import { costOf, priceFor } from './cost.js';
import { DEFAULT_TIMEOUT_MS } from './endpoint.js';
import { DEFAULT_STALL_MS } from './watch-stream.js';
import { providerFor } from './providers/registry.js';
import { generateWithOutput } from './structured-output.js';
import { modelStallSecondsSetting, modelTimeoutSecondsSetting } from '../settings/environment.js';

/**
 * A client for one resolved model. The API key is read from `env[model.apiKeyEnv]`
 * (else the provider's key variable) on every call and never appears in results or
 * errors. A request without its own timeout gets `TANDEM_MODEL_TIMEOUT_SECONDS`
 * from `env` when set, and one without its own stall limit `TANDEM_MODEL_STALL_SECONDS`.
 */
export function createModelClient(model: ResolvedModel, env: NodeJS.ProcessEnv = process.env): ModelClient {
  const call = providerFor(model).createCall(model, env);
  const price = priceFor(model);
  const timeoutMs = modelTimeoutMs(env);
  const stallMs = modelStallMs(env);
  return {
    model,
    async generate<T>(request: GenerateRequest<T>): Promise<GenerateResult<T>> {
      const { result, output } = await generateWithOutput(call, model, {
        ...request,
        timeoutMs: request.timeoutMs ?? timeoutMs,
        stallMs: request.stallMs ?? stallMs,
      });
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

/** How long a streamed answer may go without an event: `TANDEM_MODEL_STALL_SECONDS` or DEFAULT_STALL_MS. */
export function modelStallMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = modelStallSecondsSetting(env);
  return seconds === undefined ? DEFAULT_STALL_MS : Math.round(seconds * 1000);
}
