/**
 * The model layer's narrow, vendor-neutral vocabulary. Everything here is plain
 * JSON so it can cross activity boundaries and be journaled to disk.
 */

export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high';

/** `scripted`: the built-in, in-process model of `tandem demo` and the benchmarks. */
export type ProviderKind = 'openai' | 'anthropic' | 'openai-compatible' | 'scripted';

export type Role = 'planner' | 'implementer' | 'reviewer';

/** Price in US dollars per million tokens. */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Cache reads (Anthropic cache hits, OpenAI cached input); the input price when absent. */
  cachedInputPerMTok?: number;
  /** Cache writes (Anthropic's 5-minute write, 1.25x input); the input price when absent. */
  cacheWritePerMTok?: number;
}

/** A model spec after config resolution: everything needed to build a client, but never a key value. */
export interface ResolvedModel {
  /** What the user wrote, normalised to `provider:model`, e.g. `anthropic:claude-sonnet-5-5`. Identity for cross-review. */
  spec: string;
  /** Provider name as configured: `openai`, `anthropic`, `ollama`, or a named endpoint. */
  providerName: string;
  kind: ProviderKind;
  /** The model id sent to the API. */
  model: string;
  /** Base URL override; undefined means the SDK default (which honours OPENAI_BASE_URL / ANTHROPIC_BASE_URL). */
  baseUrl?: string;
  /** Name of the environment variable holding the key. Never the key itself. */
  apiKeyEnv?: string;
  reasoningEffort?: ReasoningEffort;
  maxOutputTokens?: number;
  /** Tokens the model attends to (config `contextWindow`); when absent, asked of the server where it can say. */
  contextWindow?: number;
  price?: ModelPrice;
  /**
   * The OpenAI wire API: `responses` or `chat` (Chat Completions). Absent: the provider's
   * default, Responses for `openai` and Chat for OpenAI-compatible servers.
   */
  api?: OpenAIApi;
  /**
   * The role is played by an external agent's CLI (`agent:codex/gpt-5.4`) rather than
   * Tandem's own loop; the other fields describe the endpoint it is pointed at.
   */
  agent?: AgentName;
}

export type OpenAIApi = 'responses' | 'chat';

/** External coding agents Tandem can drive as a role (agents/): their CLIs run headless in the workspace. */
export const AGENT_NAMES = ['codex', 'claude-code'] as const;
export type AgentName = (typeof AGENT_NAMES)[number];

export interface ToolCall {
  id: string;
  name: string;
  /** The arguments exactly as the model sent them (may be invalid JSON). */
  rawArguments: string;
}

export type Message =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[]; reasoning?: ReasoningBlock[] }
  | { role: 'tool'; toolCallId: string; name: string; content: string; isError?: boolean };

/**
 * Vendor reasoning that must be sent back verbatim when a tool-use turn continues
 * (Anthropic extended thinking requires it; OpenAI Responses reasons better with it).
 * Opaque to callers: copy it from a GenerateResult onto the assistant message, never
 * edit it. Each vendor sends back only its own kind.
 */
export type ReasoningBlock =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  /** An OpenAI Responses reasoning item, encrypted because nothing is stored server-side (store: false). */
  | { type: 'openai_reasoning'; id: string; encryptedContent: string; summary: string[] };

export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema (object) for the arguments. */
  parameters: Record<string, unknown>;
}

export type StopReason = 'end' | 'tool_calls' | 'max_tokens' | 'refusal' | 'other';

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the vendor's prompt cache (a subset of inputTokens). */
  cachedInputTokens: number;
  /** Input tokens written to the vendor's prompt cache (a subset of inputTokens); absent when none. */
  cacheWriteInputTokens?: number;
  /**
   * True when the vendor sent no usage and the counts are estimated from the request
   * and response sizes (see estimate-usage.ts), so budgets still see the call.
   */
  estimated?: true;
}

export interface GenerateResult<T = unknown> {
  text: string;
  toolCalls: ToolCall[];
  stopReason: StopReason;
  /** The model id the vendor reports it actually used. */
  modelId: string;
  usage: Usage;
  costUsd: number;
  /** Validated structured output, when an output schema was requested. */
  output?: T;
  /** Reasoning to copy onto the assistant message when answering its tool calls. */
  reasoning?: ReasoningBlock[];
  /**
   * The model's reasoning as plain text, for the transcript only (never sent back):
   * `reasoning_content` or `reasoning` from OpenAI-compatible servers (llama.cpp,
   * vLLM, Ollama, DeepSeek). Absent when the vendor sent none.
   */
  reasoningText?: string;
  /** Things the user should know about this call (a prompt near the context window); logged by the activity. */
  warnings?: string[];
}

/**
 * The non-secret identity of the endpoint a role's calls go to, recorded when a
 * run starts so that a worker can tell whether its own environment would call
 * the same endpoint with the same key (models/endpoint-identity.ts).
 */
export interface EndpointIdentity {
  /** The provider name as configured, e.g. `openai` or a named endpoint. */
  provider: string;
  /** Where calls go; absent means the vendor's public API. */
  baseUrl?: string;
  /** The variable that set the base URL (e.g. OPENAI_BASE_URL); absent when tandem.yaml (or nothing) did. */
  baseUrlEnv?: string;
  /** The variable holding the key; absent for keyless providers. */
  keyEnv?: string;
  /** The first 8 hex digits of the key's SHA-256: enough to tell two keys apart, useless to call with. Absent when no key is set. */
  keyFingerprint?: string;
}

/** The failure type of an activity refused because this worker's endpoint or key is not the run's. */
export const WORKER_ENDPOINT_MISMATCH = 'WorkerEndpointMismatch';
