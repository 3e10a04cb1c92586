import { EXIT, TandemError } from '../errors/tandem-error.js';
import type { Usage } from './types.js';

/** Why a model call failed. Stable: workflows and the CLI branch on it. */
export type ModelErrorKind =
  | 'rate_limit'
  | 'server'
  | 'timeout'
  | 'connection'
  | 'conflict'
  | 'malformed_response'
  | 'auth'
  | 'not_found'
  | 'context_length'
  | 'bad_request'
  | 'invalid_output'
  | 'aborted';

export interface ModelCallErrorOptions {
  kind: ModelErrorKind;
  /** True when the same call may succeed later; Temporal owns the retry. */
  retryable: boolean;
  /** Provider name as configured (`openai`, `ollama`, a named endpoint). */
  provider: string;
  /** Model id sent to the API. */
  model: string;
  status?: number;
  /** Low-level cause of a transport failure, e.g. `ECONNREFUSED`, `ENOTFOUND`. */
  detail?: string;
  /** The server's Retry-After, to become Temporal's next retry delay. */
  retryAfterMs?: number;
  hint?: string;
  /** Tokens spent before failing (e.g. two invalid structured replies), so budgets stay honest. */
  usage?: Usage;
  costUsd?: number;
}

/**
 * A failed model call, classified. The message is already redacted: it never holds
 * an API key or a stack, so the CLI and Temporal failures can show it as is.
 */
export class ModelCallError extends TandemError {
  readonly kind: ModelErrorKind;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  readonly detail: string | undefined;
  readonly provider: string;
  readonly model: string;
  readonly usage: Usage | undefined;
  readonly costUsd: number | undefined;

  constructor(message: string, options: ModelCallErrorOptions) {
    super(message, {
      code: `MODEL_${options.kind.toUpperCase() as Uppercase<ModelErrorKind>}`,
      hint: options.hint,
      // Retryable failures are the infrastructure's; the rest are the user's to fix.
      exitCode: options.retryable ? EXIT.infrastructure : EXIT.usage,
      context: { provider: options.provider, model: options.model, status: options.status },
    });
    this.name = 'ModelCallError';
    this.kind = options.kind;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
    this.detail = options.detail;
    this.provider = options.provider;
    this.model = options.model;
    this.usage = options.usage;
    this.costUsd = options.costUsd;
  }
}

export function isModelCallError(error: unknown): error is ModelCallError {
  return error instanceof ModelCallError;
}

/**
 * Reads `retry-after-ms` (OpenAI and Anthropic send it) or `retry-after` in seconds or
 * as an HTTP date. Returns undefined when absent or unparseable.
 */
export function parseRetryAfter(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number.parseFloat(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
