import { startFakeServer, type FakeServer, type FakeVendor } from './http-fake.js';
import { checkOpenAIRequest } from './check-openai-request.js';
import { responsesEndpoint } from './openai-responses.js';
import { argumentsText, replyStopReason, replyUsage, type FakeError, type FakeReply, type RecordedRequest, type Script } from './script.js';
import type { StopReason } from '../../models/types.js';

export interface FakeOpenAIOptions {
  script?: Script;
  /** Ids listed by `GET /v1/models`. */
  models?: string[];
  /** Listen on this port rather than one the OS picks. */
  port?: number;
  /** Extra GET routes by path, e.g. llama.cpp's `/props`. */
  getRoutes?: Record<string, () => unknown>;
}

/**
 * An OpenAI server on 127.0.0.1: Chat Completions (`POST /v1/chat/completions`), Responses
 * (`POST /v1/responses`, JSON or SSE; see openai-responses.ts) and `GET /v1/models`, all
 * answering from one script.
 * `url` ends in `/v1`, ready for OPENAI_BASE_URL or an openai-compatible baseUrl.
 */
export function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeServer> {
  const vendor: FakeVendor = {
    name: 'OpenAI',
    generatePath: '/v1/chat/completions',
    urlSuffix: '/v1',
    requestIdHeader: 'x-request-id',
    renderReply,
    renderError,
    checkRequest: checkOpenAIRequest,
    otherGenerate: { '/v1/responses': responsesEndpoint },
    getRoutes: {
      ...options.getRoutes,
      '/v1/models': () => ({
        object: 'list',
        data: (options.models ?? ['gpt-fake']).map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })),
      }),
    },
  };
  return startFakeServer(vendor, options.script, options.port);
}

const FINISH: Record<StopReason, string> = {
  end: 'stop',
  tool_calls: 'tool_calls',
  max_tokens: 'length',
  refusal: 'content_filter',
  other: 'stop',
};

function renderReply(reply: FakeReply, request: RecordedRequest, index: number): unknown {
  const usage = replyUsage(reply, request);
  const content = reply.text ?? (reply.json === undefined ? null : JSON.stringify(reply.json));
  const toolCalls = reply.toolCalls?.map((call, i) => ({
    id: call.id ?? `call_${index}_${i}`,
    type: 'function',
    function: { name: call.name, arguments: argumentsText(call) },
  }));
  return {
    id: `chatcmpl-fake-${index}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: reply.model ?? request.body?.model ?? 'gpt-fake',
    system_fingerprint: null,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content,
          refusal: null,
          ...(reply.chatReasoning ? { [reply.chatReasoning.field]: reply.chatReasoning.text } : {}),
          ...(toolCalls?.length ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: FINISH[replyStopReason(reply)],
      },
    ],
    ...(reply.noUsage
      ? {}
      : {
          usage: {
            prompt_tokens: usage.inputTokens,
            completion_tokens: usage.outputTokens,
            total_tokens: usage.inputTokens + usage.outputTokens,
            prompt_tokens_details: {
              cached_tokens: usage.cachedInputTokens,
              audio_tokens: 0,
              ...(usage.cacheWriteInputTokens ? { cache_write_tokens: usage.cacheWriteInputTokens } : {}),
            },
            completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
          },
        }),
  };
}

const ERROR_TYPE: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'invalid_request_error',
  404: 'invalid_request_error',
  429: 'requests',
};

/** OpenAI's error envelope: `{ error: { message, type, param, code } }`. */
function renderError(error: FakeError): unknown {
  return {
    error: {
      message: error.message ?? `fake error ${error.status}`,
      type: error.type ?? ERROR_TYPE[error.status] ?? 'server_error',
      param: null,
      code: error.code ?? null,
    },
  };
}
