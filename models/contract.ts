/**
 * The contract between callers, the client and the vendor files: what a model
 * call takes and what one vendor round trip returns. It imports only the
 * plain vocabulary in types.ts, never a module that uses it, so the dispatching
 * client, the provider descriptors and the vendor files can all import it
 * without forming a cycle.
 */
import type { z } from 'zod';
import type { GenerateResult, Message, ReasoningEffort, ResolvedModel, ToolSpec } from './types.js';

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
  /**
   * Per HTTP request; default TANDEM_MODEL_TIMEOUT_SECONDS, else DEFAULT_TIMEOUT_MS. For a
   * streamed call it bounds the wait for the response to start, not the whole answer.
   */
  timeoutMs?: number;
  /** A streamed call with no event for this long is abandoned (retryably); default TANDEM_MODEL_STALL_SECONDS. */
  stallMs?: number;
  /** Called as a streamed answer arrives, e.g. to heartbeat the activity; never with a partial answer to use. */
  onProgress?: (progress: StreamProgress) => void;
}

/** How far a streamed answer has got: enough to show it is alive, nothing to act on. */
export interface StreamProgress {
  /** Stream events received so far. */
  events: number;
  /** Characters of text, thinking and tool arguments received so far. */
  outputChars: number;
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

/** Environment variables as the model layer reads them (process.env, or a test's own object). */
export type EnvVars = Readonly<Record<string, string | undefined>>;
