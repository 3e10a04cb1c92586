import { startFakeServer, type FakeServer, type FakeVendor } from './http-fake.js';
import { checkAnthropicRequest } from './check-anthropic-request.js';
import { anthropicStreamEvents } from './anthropic-stream.js';
import { argumentsText, replyStopReason, replyUsage, type FakeError, type FakeReply, type RecordedRequest, type Script } from './script.js';
import type { StopReason } from '../../models/types.js';

export interface FakeAnthropicOptions {
  script?: Script;
}

/**
 * A Messages API server on 127.0.0.1 (`POST /v1/messages`), answering as JSON or,
 * for `stream: true`, as server-sent events. `url` is the bare
 * origin, as ANTHROPIC_BASE_URL expects: the SDK appends `/v1/messages` itself.
 */
export function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeServer> {
  const vendor: FakeVendor = {
    name: 'Anthropic',
    generatePath: '/v1/messages',
    urlSuffix: '',
    requestIdHeader: 'request-id',
    renderReply,
    renderStream: (reply, request, index) => anthropicStreamEvents(renderReply(reply, request, index), reply.stream?.idleSignals ?? 0),
    renderError,
    checkRequest: checkAnthropicRequest,
  };
  return startFakeServer(vendor, options.script);
}

const STOP: Record<StopReason, string> = {
  end: 'end_turn',
  tool_calls: 'tool_use',
  max_tokens: 'max_tokens',
  refusal: 'refusal',
  other: 'pause_turn',
};

function renderReply(reply: FakeReply, request: RecordedRequest, index: number): unknown {
  const usage = replyUsage(reply, request);
  const content: unknown[] = [];
  if (reply.text) content.push({ type: 'text', text: reply.text, citations: null });
  for (const [i, call] of (reply.toolCalls ?? []).entries()) {
    content.push({ type: 'tool_use', id: call.id ?? `toolu_fake_${index}_${i}`, name: call.name, input: toolInput(call.arguments) });
  }
  if (reply.json !== undefined) {
    // Structured output arrives as the input of the tool the client forced (or offered last).
    const name = request.body?.tool_choice?.name ?? request.body?.tools?.at(-1)?.name ?? 'output';
    content.push({ type: 'tool_use', id: `toolu_fake_${index}_out`, name, input: reply.json });
  }
  const stop = reply.json !== undefined && !reply.stopReason ? 'tool_calls' : replyStopReason(reply);
  const cached = usage.cachedInputTokens;
  const written = usage.cacheWriteInputTokens;
  return {
    id: `msg_fake_${index}`,
    type: 'message',
    role: 'assistant',
    model: reply.model ?? request.body?.model ?? 'claude-fake',
    content,
    stop_reason: STOP[stop],
    stop_sequence: null,
    // Anthropic's input_tokens counts only uncached input; reads and writes are separate.
    ...(reply.noUsage
      ? {}
      : {
          usage: {
            input_tokens: Math.max(0, usage.inputTokens - cached - written),
            output_tokens: usage.outputTokens,
            cache_creation_input_tokens: written,
            cache_read_input_tokens: cached,
            service_tier: 'standard',
          },
        }),
  };
}

/** tool_use input is always an object on the wire; a string is parsed or wrapped. */
function toolInput(args: unknown): unknown {
  if (typeof args !== 'string') return args ?? {};
  try {
    return JSON.parse(args);
  } catch {
    return { raw: args };
  }
}

const ERROR_TYPE: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

/** Anthropic's error envelope: `{ type: 'error', error: { type, message } }`. */
function renderError(error: FakeError): unknown {
  return {
    type: 'error',
    error: { type: error.type ?? ERROR_TYPE[error.status] ?? 'api_error', message: error.message ?? `fake error ${error.status}` },
    request_id: 'req_fake',
  };
}
