import type { z } from 'zod';
import type { GenerateResult, Message, ReasoningEffort, ResolvedModel, ToolSpec } from './types.js';
import { anthropicMessagesCall } from './anthropic-messages.js';
import { costOf, priceFor } from './cost.js';
import { DEFAULT_TIMEOUT_MS } from './endpoint.js';
export { DEFAULT_TIMEOUT_MS } from './endpoint.js';
import { openAIChatCall } from './openai-chat.js';
import { scriptedCall } from './scripted.js';
import { generateWithOutput } from './structured-output.js';
import { modelTimeoutSecondsSetting } from '../settings/environment.js';

/** A schema the reply must satisfy; sent as the vendor's native structured output. */
export interface OutputSpec<T> {
  /** Identifier-like name (`plan`, `review_verdict`), shown to the model and in errors. */
  name: string;
  description?: string;
  /** Must describe a JSON object. */
  schema: z.ZodType<T>;
}

export interface GenerateRequest<T = unknown> {
  messages: Message[];
  tools?: ToolSpec[];
  output?: OutputSpec<T>;
  /** Overrides the model's configured maxOutputTokens. */
  maxOutputTokens?: number;
  /** Overrides the model's configured reasoningEffort. */
  reasoningEffort?: ReasoningEffort;
  signal?: AbortSignal;
  /** Per HTTP request; default TANDEM_MODEL_TIMEOUT_SECONDS, else DEFAULT_TIMEOUT_MS. */
  timeoutMs?: number;
}

export interface ModelClient {
  readonly model: ResolvedModel;
  /**
   * One model turn. Resolves with text and/or tool calls, usage and cost; with
   * `output`, also the validated value (after at most one corrective retry).
   * Rejects only with ModelCallError, whose `retryable` says whether to try again.
   */
  generate<T>(request: GenerateRequest<T>): Promise<GenerateResult<T>>;
}

/** What one vendor round trip returns, before structured-output handling and cost. */
export interface VendorResult extends Omit<GenerateResult<never>, 'costUsd' | 'output'> {
  /** Output the vendor returned as a value (Anthropic's forced tool input), not as text. */
  structured?: { value: unknown };
}

/** One round trip to a vendor. Implemented once per vendor file. */
export type VendorCall = (request: GenerateRequest<unknown>) => Promise<VendorResult>;

/**
 * A client for one resolved model. The API key is read from `env[model.apiKeyEnv]`
 * on every call and never appears in results or errors. A request without its own
 * timeout gets `TANDEM_MODEL_TIMEOUT_SECONDS` from `env` when set.
 */
export function createModelClient(model: ResolvedModel, env: NodeJS.ProcessEnv = process.env): ModelClient {
  const call =
    model.kind === 'anthropic' ? anthropicMessagesCall(model, env) : model.kind === 'scripted' ? scriptedCall(model, env) : openAIChatCall(model, env);
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
