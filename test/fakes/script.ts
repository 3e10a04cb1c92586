import type { StopReason, Usage } from '../../models/types.js';

/**
 * Vendor-neutral replies for the fake model servers, so one script runs unchanged
 * against the OpenAI and Anthropic fakes.
 */
export interface FakeToolCall {
  name: string;
  /** An object is sent as JSON; a string is sent verbatim (OpenAI only: may be invalid JSON). */
  arguments: unknown;
  id?: string;
}

export interface FakeError {
  status: number;
  message?: string;
  /** Vendor error type; defaults to the vendor's type for the status. */
  type?: string;
  /** OpenAI `error.code`, e.g. `context_length_exceeded`. */
  code?: string;
  headers?: Record<string, string>;
}

export interface FakeReply {
  text?: string;
  toolCalls?: FakeToolCall[];
  /** Reasoning summaries: OpenAI Responses reasoning items (with encrypted content), one per entry. */
  reasoning?: string[];
  /** Structured output: message content for OpenAI, the forced tool's input for Anthropic. */
  json?: unknown;
  /** Defaults: input ≈ request bytes / 4, output ≈ reply bytes / 4, nothing cached. */
  usage?: Partial<Usage> & { cacheWriteInputTokens?: number };
  /** Send no `usage` object at all, as some OpenAI-compatible servers and gateways do. */
  noUsage?: boolean;
  /** Defaults to `tool_calls` when there are tool calls, else `end`. */
  stopReason?: StopReason;
  /** OpenAI Chat fake: reasoning text sent as `message.reasoning_content` (llama.cpp, vLLM) or `message.reasoning` (Ollama). */
  chatReasoning?: { field: 'reasoning_content' | 'reasoning'; text: string };
  /** Model id to report; defaults to the requested model. */
  model?: string;
  delayMs?: number;
  error?: FakeError;
  /** Sent verbatim as a 200 `application/json` body, to simulate a malformed response. */
  rawBody?: string;
  /** The content type sent with `rawBody` (a web server's `text/html`, say). */
  rawContentType?: string;
  /** Never answer; the client must time out or abort. */
  hang?: boolean;
  /** Drop the connection without answering (a connection reset). */
  reset?: boolean;
  /** How a streamed reply (a request with `stream: true`) is delivered; all of it at once by default. */
  stream?: FakeStreamPacing;
}

export interface FakeStreamPacing {
  /** Pause between events, e.g. to make a long but live answer. */
  gapMs?: number;
  /** Send this many events, then go silent with the socket open (a stalled stream). */
  stallAfterEvents?: number;
  /** Send this many events, then end the body (a connection cut mid-answer). */
  cutAfterEvents?: number;
  /** This many idle events before the output (`keepalive` for OpenAI Responses, `ping` for Anthropic), as the APIs send while a model thinks in silence. */
  idleSignals?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/messages`. */
  path: string;
  headers: Record<string, string>;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: any;
  rawBody: string;
}

export type ScriptFn = (request: RecordedRequest, index: number) => FakeReply | undefined | Promise<FakeReply | undefined>;
/** A queue of replies, or a function from the request (and its 0-based index) to a reply. */
export type Script = FakeReply[] | ScriptFn;

/** Replies pushed or queued are used first, then the function; `undefined` means exhausted. */
export class ScriptQueue {
  private readonly queue: FakeReply[];
  private readonly fn: ScriptFn | undefined;

  constructor(script: Script = []) {
    this.queue = Array.isArray(script) ? [...script] : [];
    this.fn = Array.isArray(script) ? undefined : script;
  }

  push(...replies: FakeReply[]): void {
    this.queue.push(...replies);
  }

  get remaining(): number {
    return this.queue.length;
  }

  async next(request: RecordedRequest, index: number): Promise<FakeReply | undefined> {
    if (this.queue.length > 0) return this.queue.shift();
    return this.fn ? await this.fn(request, index) : undefined;
  }
}

/** Rough token count (bytes / 4) so usage numbers scale with real requests. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(Buffer.byteLength(text, 'utf8') / 4));
}

export function argumentsText(call: FakeToolCall): string {
  return typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {});
}

export function replyStopReason(reply: FakeReply): StopReason {
  return reply.stopReason ?? (reply.toolCalls?.length ? 'tool_calls' : 'end');
}

/** Usage for a reply: explicit numbers win, the rest estimated from the bytes exchanged. */
export function replyUsage(reply: FakeReply, request: RecordedRequest): Usage & { cacheWriteInputTokens: number } {
  const out = [reply.text ?? '', ...(reply.toolCalls ?? []).map(argumentsText), reply.json === undefined ? '' : JSON.stringify(reply.json)].join('');
  return {
    inputTokens: reply.usage?.inputTokens ?? estimateTokens(request.rawBody),
    outputTokens: reply.usage?.outputTokens ?? estimateTokens(out),
    cachedInputTokens: reply.usage?.cachedInputTokens ?? 0,
    cacheWriteInputTokens: reply.usage?.cacheWriteInputTokens ?? 0,
  };
}
