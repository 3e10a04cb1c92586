import OpenAI from 'openai';
import type { Response, ResponseCreateParamsStreaming, ResponseStreamEvent } from 'openai/resources/responses/responses';
import type { ReasoningBlock, ResolvedModel, ToolCall, Usage } from './types.js';
import type { EnvVars, GenerateRequest, VendorCall, VendorResult } from './contract.js';
import { estimateUsage } from './estimate-usage.js';
import { responsesUsage } from './wire-usage.js';
import { classifyModelError, type ErrorContext } from './classify-error.js';
import { callErrorContext, DEFAULT_TIMEOUT_MS, resolveEndpoint, type EndpointRules } from './endpoint.js';
import { mapResponsesStatus } from './map-responses-status.js';
import { isOpenAIReasoningModel } from './openai-chat.js';
import { outputJsonSchema } from './output-json-schema.js';
import { sdkErrorFacts } from './sdk-error-facts.js';
import { fitsStrictMode } from './strict-json-schema.js';
import { toResponsesInput } from './to-responses-input.js';
import { DEFAULT_STALL_MS, progressCounter, StreamLife, StreamStalled, watchStream } from './watch-stream.js';

/**
 * OpenAI's Responses API, always streamed (as anthropic-messages.ts is, for the same
 * reasons: a long answer outlives the request timeout, a silent one is abandoned).
 *
 * Every request carries the whole conversation with `store: false`, never
 * `previous_response_id`. A Temporal retry rebuilds its request from the journal, so
 * the same step sends the same bytes however often it runs; a chain through a stored
 * response would depend on state that a retry cannot see, that may have expired, and
 * that a zero-data-retention account never keeps. Reasoning is carried across turns
 * as the encrypted reasoning items the API returns (`include:
 * reasoning.encrypted_content`), and prompt caching still discounts the repeated
 * prefix (cached_tokens). The SDK never retries: Temporal does.
 */
export function openAIResponsesCall(model: ResolvedModel, env: EnvVars, provider: EndpointRules): VendorCall {
  return async (request) => {
    const endpoint = resolveEndpoint(model, env, provider);
    const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const ctx = callErrorContext(model, endpoint, 'https://api.openai.com/v1', timeoutMs, provider.knownModels);
    const life = new StreamLife();
    const client = new OpenAI({ apiKey: endpoint.apiKey ?? 'not-needed', baseURL: endpoint.baseUrl ?? null, maxRetries: 0, fetch: life.fetch });
    let response: Response;
    try {
      response = await streamResponse(client, life, toResponsesRequest(model, request), request, timeoutMs);
    } catch (error) {
      if (error instanceof StreamStalled) throw classifyModelError({ transport: 'stalled', stalledMs: error.stalledMs }, ctx);
      if (error instanceof ResponseUnfinished) throw classifyModelError(error.facts(request.signal?.aborted === true), ctx);
      throw classifyModelError({ ...sdkErrorFacts(error, OpenAI), ...vendorCode(error) }, ctx);
    }
    return fromResponse(response, model, request, ctx);
  };
}

function toResponsesRequest(model: ResolvedModel, request: GenerateRequest<unknown>): ResponseCreateParamsStreaming {
  const reasoning = isOpenAIReasoningModel(model.model);
  const effort = request.reasoningEffort ?? model.reasoningEffort;
  const maxTokens = request.maxOutputTokens ?? model.maxOutputTokens;
  const body: ResponseCreateParamsStreaming = { model: model.model, input: toResponsesInput(request.messages), store: false, stream: true };
  if (reasoning) body.include = ['reasoning.encrypted_content'];
  if (reasoning && effort) body.reasoning = { effort };
  if (maxTokens) body.max_output_tokens = maxTokens;
  if (request.tools?.length) {
    body.tools = request.tools.map((t) => ({ type: 'function' as const, name: t.name, description: t.description, parameters: t.parameters, strict: false }));
  }
  if (request.output) {
    const schema = outputJsonSchema(request.output);
    const { name, description } = request.output;
    body.text = { format: { type: 'json_schema', name, schema, strict: fitsStrictMode(schema), ...(description ? { description } : {}) } };
  }
  return body;
}

/** The stream ended, failed or was cancelled without a final response: nothing in it is an answer. */
class ResponseUnfinished extends Error {
  constructor(private readonly failed: Response['error'] | undefined) {
    super(failed ? failed.message : 'no response.completed');
  }
  facts(aborted: boolean) {
    if (aborted) return { transport: 'aborted' as const };
    // A response.failed is the server's own failure (the HTTP status was already 200).
    if (this.failed) return { status: 500, vendorMessage: this.failed.message, vendorCode: this.failed.code };
    return { transport: 'cut' as const, detail: this.message };
  }
}

async function streamResponse(
  client: OpenAI,
  life: StreamLife,
  body: ResponseCreateParamsStreaming,
  request: GenerateRequest<unknown>,
  timeoutMs: number,
): Promise<Response> {
  const stream = client.responses.stream(body, { signal: request.signal, timeout: timeoutMs });
  // Errors are taken from the iteration below; without a listener the SDK would also raise them unhandled.
  stream.on('error', () => undefined);
  const progress = progressCounter(request.onProgress);
  let final: Response | undefined;
  let failed: Response['error'] | undefined;
  for await (const event of watchStream(stream, { stallMs: request.stallMs ?? DEFAULT_STALL_MS, abort: () => stream.abort(), life })) {
    progress(eventChars(event));
    // The terminal events carry the whole response; only they make an answer.
    if (event.type === 'response.completed' || event.type === 'response.incomplete') final = event.response;
    if (event.type === 'response.failed') failed = event.response.error ?? { code: 'server_error', message: 'response.failed' };
  }
  if (!final) throw new ResponseUnfinished(failed);
  return final;
}

/** Characters of output an event carries, for progress only. */
function eventChars(event: ResponseStreamEvent): number {
  if (event.type === 'response.output_text.delta' || event.type === 'response.function_call_arguments.delta') return event.delta.length;
  if (event.type === 'response.reasoning_summary_text.delta') return event.delta.length;
  return 0;
}

function fromResponse(response: Response, model: ResolvedModel, request: GenerateRequest<unknown>, ctx: ErrorContext): VendorResult {
  if (typeof response !== 'object' || !Array.isArray(response.output)) {
    throw classifyModelError({ transport: 'malformed', detail: 'no output array' }, ctx);
  }
  const text: string[] = [];
  const toolCalls: ToolCall[] = [];
  const reasoning: ReasoningBlock[] = [];
  let refused = false;
  for (const item of response.output) {
    if (item.type === 'message') {
      for (const part of item.content) {
        if (part.type === 'output_text') text.push(part.text);
        else if (part.type === 'refusal') (refused = true), text.push(part.refusal);
      }
    } else if (item.type === 'function_call') {
      toolCalls.push({ id: item.call_id, name: item.name, rawArguments: item.arguments ?? '' });
    } else if (item.type === 'reasoning' && item.encrypted_content) {
      // Without its encrypted content (store: false) an item cannot be sent back, so it is not kept.
      reasoning.push({ type: 'openai_reasoning', id: item.id, encryptedContent: item.encrypted_content, summary: item.summary.map((s) => s.text) });
    }
  }
  const answer = text.join('');
  const stop = mapResponsesStatus(response.status ?? undefined, response.incomplete_details?.reason ?? undefined, toolCalls.length > 0);
  return {
    text: answer,
    toolCalls,
    stopReason: refused ? 'refusal' : stop,
    modelId: response.model || model.model,
    usage: response.usage ? responsesUsage(response.usage) : estimateUsage(request, { text: answer, toolCalls }),
    ...(reasoning.length ? { reasoning } : {}),
  };
}


function vendorCode(error: unknown): { vendorCode?: string } {
  if (!(error instanceof OpenAI.APIError)) return {};
  const code = error.code ?? error.type;
  return code ? { vendorCode: code } : {};
}
