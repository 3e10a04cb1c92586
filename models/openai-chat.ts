import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ResolvedModel, ToolCall, Usage } from './types.js';
import type { EnvVars, GenerateRequest, VendorCall, VendorResult } from './contract.js';
import { estimateUsage } from './estimate-usage.js';
import { contextWarning } from './context-window.js';
import { classifyModelError, type ErrorContext } from './classify-error.js';
import { callErrorContext, DEFAULT_TIMEOUT_MS, resolveEndpoint, type EndpointRules } from './endpoint.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { sdkErrorFacts } from './sdk-error-facts.js';
import { outputJsonSchema } from './output-json-schema.js';
import { toOpenAIMessages } from './to-openai-messages.js';
import { degradeResponseFormat, responseFormatMode, type ResponseFormatMode } from './response-format-fallback.js';

/**
 * OpenAI Chat Completions, non-streaming, for `openai` and every OpenAI-compatible
 * server (ollama, vLLM, sglang, LM Studio). The SDK never retries: Temporal does.
 */
export function openAIChatCall(model: ResolvedModel, env: EnvVars, provider: EndpointRules): VendorCall {
  return async (request) => {
    const endpoint = resolveEndpoint(model, env, provider);
    const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const ctx = callErrorContext(model, endpoint, 'https://api.openai.com/v1', timeoutMs, provider.knownModels);
    // Local servers ignore the key, but the SDK refuses to run without one.
    const client = new OpenAI({ apiKey: endpoint.apiKey ?? 'not-needed', baseURL: endpoint.baseUrl ?? null, maxRetries: 0 });
    let mode = responseFormatMode(ctx.baseUrl, model.model);
    for (;;) {
      let completion: ChatCompletion;
      try {
        completion = await client.chat.completions.create(toOpenAIRequest(model, request, mode), {
          signal: request.signal,
          timeout: timeoutMs,
        });
      } catch (error) {
        const weaker = request.output && error instanceof OpenAI.APIError
          ? degradeResponseFormat(ctx.baseUrl, model.model, mode, { status: error.status, message: error.message })
          : undefined;
        if (!weaker) throw classifyModelError({ ...sdkErrorFacts(error, OpenAI), ...vendorCode(error) }, ctx);
        mode = weaker;
        continue;
      }
      // Outside the try: a 200 that is not a completion is classified once, not wrapped again.
      return fromOpenAICompletion(completion, model, request, ctx);
    }
  };
}

function toOpenAIRequest(model: ResolvedModel, request: GenerateRequest<unknown>, mode: ResponseFormatMode): ChatCompletionCreateParamsNonStreaming {
  const local = model.kind === 'openai-compatible';
  const effort = request.reasoningEffort ?? model.reasoningEffort;
  const maxTokens = request.maxOutputTokens ?? model.maxOutputTokens;
  const messages = toOpenAIMessages(request.messages);
  const body: ChatCompletionCreateParamsNonStreaming = { model: model.model, messages };
  if (request.tools?.length) {
    body.tools = request.tools.map((t) => ({
      type: 'function' as const,
      function: { name: t.name, description: t.description, parameters: t.parameters },
    }));
  }
  if (request.output) {
    const schema = outputJsonSchema(request.output);
    // strict: false because strict mode cannot express optional fields.
    if (mode === 'json_schema') {
      body.response_format = {
        type: 'json_schema',
        json_schema: { name: request.output.name, description: request.output.description, schema, strict: false },
      };
    } else if (mode === 'json_object') body.response_format = { type: 'json_object' };
    // Local servers may ignore response_format, and json_object needs the word JSON in the
    // prompt; spelling the schema out still gets JSON.
    if (local || mode !== 'json_schema') addToSystemPrompt(messages, schemaInstruction(schema));
  }
  // OpenAI rejects reasoning_effort on non-reasoning models; local servers opted in via config.
  if (effort && (local || isOpenAIReasoningModel(model.model))) body.reasoning_effort = effort;
  // Ollama's default context is small (2-4k) and it cuts longer prompts silently.
  if (model.providerName === 'ollama' && model.contextWindow) {
    (body as unknown as { options: { num_ctx: number } }).options = { num_ctx: model.contextWindow };
  }
  // OpenAI deprecated max_tokens; compatible servers reliably know only max_tokens.
  if (maxTokens) {
    if (local) body.max_tokens = maxTokens;
    else body.max_completion_tokens = maxTokens;
  }
  return body;
}

/** o-series, gpt-5 family (not the chat variants) and gpt-oss take reasoning_effort. */
export function isOpenAIReasoningModel(id: string): boolean {
  return /^(o\d|gpt-5|gpt-oss)/.test(id) && !/chat/.test(id);
}

/** Some local chat templates reject a system message that is not first, so extend or add the first one. */
function addToSystemPrompt(messages: ChatCompletionMessageParam[], text: string): void {
  const first = messages[0];
  if (first?.role === 'system' && typeof first.content === 'string') first.content = `${first.content}\n\n${text}`;
  else messages.unshift({ role: 'system', content: text });
}

function schemaInstruction(schema: Record<string, unknown>): string {
  return `Reply with only a JSON object that matches this JSON Schema:\n${JSON.stringify(schema)}`;
}

function fromOpenAICompletion(completion: ChatCompletion, model: ResolvedModel, request: GenerateRequest<unknown>, ctx: ErrorContext): VendorResult {
  // The SDK hands back a plain string when the body is not JSON, so check the shape.
  const message = (completion as Partial<ChatCompletion>).choices?.[0]?.message;
  if (typeof completion !== 'object' || !message) {
    throw classifyModelError({ transport: 'malformed', detail: describeNonCompletion(completion) }, ctx);
  }
  const toolCalls: ToolCall[] = (message.tool_calls ?? []).flatMap((call, i) =>
    call.type === 'function'
      ? [{ id: call.id || `call_${i}`, name: call.function.name, rawArguments: call.function.arguments ?? '' }]
      : [],
  );
  const finish = completion.choices[0]?.finish_reason;
  const text = message.content ?? message.refusal ?? '';
  const reasoningText = compatibleReasoning(message);
  // Some compatible servers send no usage; an estimate keeps budgets working.
  const usage = completion.usage ? openAIUsage(completion.usage) : estimateUsage(request, { text, toolCalls });
  // A server that cut the prompt reports about the window, so take the larger of reported and estimated.
  const promptTokens = Math.max(usage.inputTokens, estimateUsage(request, { text: '', toolCalls: [] }).inputTokens);
  const warning = contextWarning(model.spec, promptTokens, model.contextWindow);
  return {
    text,
    ...(reasoningText ? { reasoningText } : {}),
    toolCalls,
    stopReason: message.refusal ? 'refusal' : mapOpenAIFinishReason(finish, toolCalls.length > 0),
    modelId: completion.model || model.model,
    usage,
    ...(warning ? { warnings: [warning] } : {}),
  };
}

/** prompt_tokens counts all input; cache reads and (GPT-5.6) cache writes are subsets, each priced at its own rate. */
function openAIUsage(usage: NonNullable<ChatCompletion['usage']>): Usage {
  const written = usage.prompt_tokens_details?.cache_write_tokens ?? 0;
  return {
    inputTokens: usage.prompt_tokens ?? 0,
    outputTokens: usage.completion_tokens ?? 0,
    cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
    ...(written > 0 ? { cacheWriteInputTokens: written } : {}),
  };
}

/**
 * Reasoning that compatible servers add to the message outside the OpenAI types:
 * `reasoning_content` (llama.cpp, vLLM, DeepSeek) or `reasoning` (Ollama, OpenRouter).
 */
function compatibleReasoning(message: object): string | undefined {
  const extra = message as { reasoning_content?: unknown; reasoning?: unknown };
  const text = typeof extra.reasoning_content === 'string' ? extra.reasoning_content : extra.reasoning;
  return typeof text === 'string' && text.trim() ? text : undefined;
}

function vendorCode(error: unknown): { vendorCode?: string } {
  if (!(error instanceof OpenAI.APIError)) return {};
  const code = error.code ?? error.type;
  return code ? { vendorCode: code } : {};
}

/** What came back instead of a completion, e.g. from a base URL that is a web page, not the API. */
function describeNonCompletion(body: unknown): string {
  if (typeof body === 'string') return /<(!doctype|html|head|body)\b/i.test(body) ? 'an HTML page' : 'a body that is not JSON';
  return 'JSON without choices[0].message';
}
