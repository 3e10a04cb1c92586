import Anthropic from '@anthropic-ai/sdk';
import type { Message as AnthropicMessage, MessageCreateParamsNonStreaming, MessageStreamEvent, Tool } from '@anthropic-ai/sdk/resources/messages';
import type { Message, ReasoningBlock, ResolvedModel, ToolCall, Usage } from './types.js';
import type { EnvVars, GenerateRequest, VendorCall, VendorResult } from './contract.js';
import { applyCacheBreakpoints } from './anthropic-cache.js';
import { acceptsForcedToolChoice, anthropicThinking } from './anthropic-thinking.js';
import { estimateUsage } from './estimate-usage.js';
import { anthropicUsage } from './wire-usage.js';
import { classifyModelError, type ErrorContext } from './classify-error.js';
import { callErrorContext, DEFAULT_TIMEOUT_MS, resolveEndpoint, type EndpointRules } from './endpoint.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';
import { sdkErrorFacts } from './sdk-error-facts.js';
import { outputJsonSchema } from './output-json-schema.js';
import { toAnthropicMessages } from './to-anthropic-messages.js';
import { DEFAULT_STALL_MS, progressCounter, StreamLife, StreamStalled, watchStream } from './watch-stream.js';

/** max_tokens is required by the API; every current Claude model can emit this many. */
const DEFAULT_MAX_TOKENS = 8192;

/**
 * Anthropic Messages, always streamed, with prompt caching. Streaming is what lets a
 * long, high-effort answer run past the request timeout (which then bounds only the
 * wait for the response to start) while a silent stream is abandoned after
 * `stallMs`. Only a stream that reached `message_stop` is an answer. The SDK never
 * retries: Temporal does.
 */
export function anthropicMessagesCall(model: ResolvedModel, env: EnvVars, provider: EndpointRules): VendorCall {
  return async (request) => {
    const endpoint = resolveEndpoint(model, env, provider);
    const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const ctx = callErrorContext(model, endpoint, 'https://api.anthropic.com', timeoutMs, provider.knownModels);
    // Passing apiKey keeps the SDK from reading ANTHROPIC_AUTH_TOKEN or on-disk profiles.
    const life = new StreamLife();
    const client = new Anthropic({ apiKey: endpoint.apiKey ?? null, baseURL: endpoint.baseUrl ?? null, maxRetries: 0, fetch: life.fetch });
    let response: AnthropicMessage;
    try {
      response = await streamMessage(client, life, toAnthropicRequest(model, request), request, timeoutMs);
    } catch (error) {
      if (error instanceof StreamStalled) throw classifyModelError({ transport: 'stalled', stalledMs: error.stalledMs }, ctx);
      if (error instanceof StreamCut) throw classifyModelError({ transport: request.signal?.aborted ? 'aborted' : 'cut', detail: error.message }, ctx);
      const code = error instanceof Anthropic.APIError ? (error.errorCode ?? error.type ?? undefined) : undefined;
      throw classifyModelError({ ...sdkErrorFacts(error, Anthropic), ...(code ? { vendorCode: code } : {}) }, ctx);
    }
    return fromAnthropicMessage(response, model, request, ctx);
  };
}

/** The stream ended (or was cancelled) before `message_stop`: what arrived is not an answer. */
class StreamCut extends Error {}

async function streamMessage(
  client: Anthropic,
  life: StreamLife,
  body: MessageCreateParamsNonStreaming,
  request: GenerateRequest<unknown>,
  timeoutMs: number,
): Promise<AnthropicMessage> {
  const stream = client.messages.stream(body, { signal: request.signal, timeout: timeoutMs });
  // Errors are taken from the iteration below; without a listener the SDK would also raise them unhandled.
  stream.on('error', () => undefined);
  const progress = progressCounter(request.onProgress);
  let stopped = false;
  for await (const event of watchStream(stream, { stallMs: request.stallMs ?? DEFAULT_STALL_MS, abort: () => stream.abort(), life })) {
    progress(eventChars(event));
    if (event.type === 'message_stop') stopped = true;
  }
  // The SDK hands back its snapshot even when the body ended early (or the call was cancelled).
  if (!stopped) throw new StreamCut('no message_stop');
  return stream.finalMessage();
}

/** Characters of output an event carries, for progress only. */
function eventChars(event: MessageStreamEvent): number {
  if (event.type !== 'content_block_delta') return 0;
  const delta = event.delta;
  if (delta.type === 'text_delta') return delta.text.length;
  if (delta.type === 'input_json_delta') return delta.partial_json.length;
  if (delta.type === 'thinking_delta') return delta.thinking.length;
  return 0;
}

function toAnthropicRequest(model: ResolvedModel, request: GenerateRequest<unknown>): MessageCreateParamsNonStreaming {
  const { system, messages } = toAnthropicMessages(request.messages);
  const tools: Tool[] = (request.tools ?? []).map((t) => ({
    name: t.name,
    description: t.description,
    input_schema: { type: 'object', ...t.parameters },
  }));
  const effort = canThink(request.messages) ? (request.reasoningEffort ?? model.reasoningEffort) : undefined;
  const thinking = anthropicThinking(model.model, effort, request.maxOutputTokens ?? model.maxOutputTokens ?? DEFAULT_MAX_TOKENS);
  const body: MessageCreateParamsNonStreaming = { model: model.model, messages, max_tokens: thinking.max_tokens };
  if (thinking.thinking) body.thinking = thinking.thinking;
  if (thinking.output_config) body.output_config = thinking.output_config;
  if (request.output) {
    // Structured output is a tool whose input is the answer.
    const { name, description } = request.output;
    tools.push({ name, description: description ?? `Submit the ${name}.`, input_schema: { type: 'object', ...outputJsonSchema(request.output) } });
    if (thinking.thinking || !acceptsForcedToolChoice(model.model)) {
      // Thinking (always on from the 5.1/5.5 models) forbids forcing a tool, so ask instead; a text answer is still extracted.
      system.push({ type: 'text', text: `When you are done, call the ${name} tool with your answer.` });
      body.tool_choice = { type: 'auto' };
    } else {
      body.tool_choice = { type: 'tool', name };
    }
  }
  if (tools.length) body.tools = tools;
  applyCacheBreakpoints({ tools, system, messages });
  if (system.length) body.system = system;
  return body;
}

/**
 * With thinking on, the API requires the assistant turn being continued with tool
 * results to start with its thinking blocks. When that turn has none (it came from
 * another model, or the caller dropped them), think on the next turn instead of failing.
 */
function canThink(messages: Message[]): boolean {
  const lastAssistant = messages.findLast((m) => m.role === 'assistant');
  if (lastAssistant?.role !== 'assistant' || !lastAssistant.toolCalls?.length) return true;
  return (lastAssistant.reasoning ?? []).some((block) => block.type !== 'openai_reasoning');
}

function fromAnthropicMessage(
  response: AnthropicMessage,
  model: ResolvedModel,
  request: GenerateRequest<unknown>,
  ctx: ErrorContext,
): VendorResult {
  const outputTool = request.output?.name;
  if (typeof response !== 'object' || !Array.isArray(response.content)) {
    throw classifyModelError({ transport: 'malformed', detail: 'no content array' }, ctx);
  }
  const text: string[] = [];
  const toolCalls: ToolCall[] = [];
  const reasoning: ReasoningBlock[] = [];
  let structured: { value: unknown } | undefined;
  for (const block of response.content) {
    if (block.type === 'text') text.push(block.text);
    else if (block.type === 'tool_use' && block.name === outputTool) structured = { value: block.input };
    else if (block.type === 'tool_use') toolCalls.push({ id: block.id, name: block.name, rawArguments: JSON.stringify(block.input ?? {}) });
    else if (block.type === 'thinking') reasoning.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
    else if (block.type === 'redacted_thinking') reasoning.push({ type: 'redacted_thinking', data: block.data });
  }
  const stop = mapAnthropicStopReason(response.stop_reason);
  const answer = text.join('');
  return {
    text: answer,
    toolCalls,
    // Calling the output tool is how a structured answer ends, not a tool call to run.
    stopReason: structured && toolCalls.length === 0 && stop === 'tool_calls' ? 'end' : stop,
    modelId: response.model || model.model,
    // A gateway may strip usage from the stream; an estimate keeps budgets working.
    usage: typeof response.usage?.input_tokens === 'number' ? anthropicUsage(response.usage) : estimateUsage(request, { text: answer, toolCalls, ...(structured ? { structured } : {}) }),
    ...(reasoning.length ? { reasoning } : {}),
    ...(structured ? { structured } : {}),
  };
}

