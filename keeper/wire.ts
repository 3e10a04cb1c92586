/**
 * Requests and failures as data and back. The worker resolves the timeouts
 * from its own environment before sending, so the keeper (started by whichever
 * worker came first) applies the caller's, and a failure is rebuilt as the
 * same ModelCallError the in-process call would have thrown, which callModel
 * maps to the same Temporal failure.
 */
import type { GenerateRequest } from '../models/contract.js';
import { ModelCallError } from '../models/errors.js';
import { modelStallMs, modelTimeoutMs } from '../models/provider.js';
import type { WireError, WireRequest } from './protocol.js';

export function toWireRequest(request: GenerateRequest<unknown>, env: NodeJS.ProcessEnv = process.env): WireRequest {
  return {
    messages: request.messages,
    ...(request.tools ? { tools: request.tools } : {}),
    ...(request.output ? { output: { name: request.output.name, ...(request.output.description ? { description: request.output.description } : {}) } } : {}),
    ...(request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {}),
    ...(request.reasoningEffort !== undefined ? { reasoningEffort: request.reasoningEffort } : {}),
    timeoutMs: request.timeoutMs ?? modelTimeoutMs(env),
    stallMs: request.stallMs ?? modelStallMs(env),
  };
}

export function toWireError(error: unknown): WireError {
  if (!(error instanceof ModelCallError)) return { unexpected: error instanceof Error ? error.message : String(error) };
  return {
    kind: error.kind,
    message: error.message,
    retryable: error.retryable,
    provider: error.provider,
    model: error.model,
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.detail !== undefined ? { detail: error.detail } : {}),
    ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
    ...(error.hint !== undefined ? { hint: error.hint } : {}),
    ...(error.usage !== undefined ? { usage: error.usage } : {}),
    ...(error.costUsd !== undefined ? { costUsd: error.costUsd } : {}),
  };
}

/** The ModelCallError a wire failure describes; undefined for an unexpected one. */
export function fromWireError(error: WireError): ModelCallError | undefined {
  if ('unexpected' in error) return undefined;
  const { message, ...options } = error;
  return new ModelCallError(message, options);
}
