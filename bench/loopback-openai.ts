/**
 * The bench's own instant model: an OpenAI Chat Completions server on 127.0.0.1
 * that answers each request at once from a function of the request, and records
 * every body. The implementer reaches it through the real SDK, so the prompt
 * figures are measured on the bytes a vendor would receive. It fails loudly
 * (a 5xx, and a problem for assertClean) when the function has no answer.
 * Usage reports cached input the way OpenAI does (`prompt_tokens_details.cached_tokens`),
 * computed by a prefix cache over every request the server has seen (prefix-cache.ts).
 */
import { createServer, type IncomingMessage } from 'node:http';
import { bytesToTokens, chatPromptBytes, PrefixCache } from './prefix-cache.js';
import { listenOnLoopback } from './loopback-listen.js';

export interface BenchToolCall {
  name: string;
  /** Sent as JSON. */
  arguments: unknown;
}

/** One assistant turn: tool calls, or a final text. */
export interface BenchReply {
  toolCalls?: BenchToolCall[];
  text?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: any;
  rawBody: string;
  /** What the server reported for a generate request it answered. */
  usage?: ReportedUsage;
}

/** One answered request's usage, as reported on the wire. */
export interface ReportedUsage {
  inputTokens: number;
  /** Of inputTokens, served from the prefix cache. */
  cachedInputTokens: number;
  /** Of inputTokens, written to the cache (Anthropic's cache_creation_input_tokens). */
  cacheWriteInputTokens?: number;
  outputTokens: number;
}

/** A loopback model server of either wire protocol. */
export interface LoopbackModel {
  /** Base URL ending in `/v1`, for a model's baseUrl. */
  url: string;
  requests: RecordedRequest[];
  /** Throws when a request went unanswered or hit an unknown route. */
  assertClean(): void;
  close(): Promise<void>;
}

const GENERATE_PATH = '/v1/chat/completions';

export type LoopbackOpenAI = LoopbackModel;

export async function startLoopbackOpenAI(answer: (request: RecordedRequest) => BenchReply | undefined): Promise<LoopbackOpenAI> {
  const requests: RecordedRequest[] = [];
  const problems: string[] = [];
  const cache = new PrefixCache();
  const server = createServer(async (req, res) => {
    const request = await record(req);
    requests.push(request);
    const reply = req.method === 'POST' && request.path === GENERATE_PATH ? answer(request) : undefined;
    const problem = reply ? undefined : req.method === 'POST' && request.path === GENERATE_PATH ? `no reply for request #${requests.length}` : `unexpected ${req.method} ${request.path}`;
    if (problem) problems.push(problem);
    res.writeHead(problem ? 500 : 200, { 'content-type': 'application/json' });
    if (!problem) request.usage = usageOf(reply!, request, cache);
    res.end(JSON.stringify(problem ? { error: { message: `bench loopback model: ${problem}`, type: 'server_error' } } : completion(reply!, request, requests.length)));
  });
  return listenOnLoopback(server, '/v1', requests, problems);
}

/** Input at 4 bytes a token so totals scale with the prompt; cached input is the prefix the cache held. */
function usageOf(reply: BenchReply, request: RecordedRequest, cache: PrefixCache): ReportedUsage {
  const prompt = chatPromptBytes(request.body);
  const inputTokens = bytesToTokens(prompt.length);
  // Whole tokens only: a prefix that ends mid-token does not save that token.
  const cachedInputTokens = Math.min(inputTokens, Math.floor(cache.serve(prompt) / 4));
  return { inputTokens, cachedInputTokens, outputTokens: bytesToTokens(JSON.stringify(reply).length) };
}

/** A Chat Completions response with the usage usageOf worked out. */
function completion(reply: BenchReply, request: RecordedRequest, index: number): unknown {
  const toolCalls = (reply.toolCalls ?? []).map((call, i) => ({
    id: `call_${index}_${i}`,
    type: 'function',
    function: { name: call.name, arguments: JSON.stringify(call.arguments ?? {}) },
  }));
  const { inputTokens, cachedInputTokens, outputTokens } = request.usage!;
  return {
    id: `chatcmpl-bench-${index}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.body?.model ?? 'bench',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.text ?? null, refusal: null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
        finish_reason: toolCalls.length ? 'tool_calls' : 'stop',
      },
    ],
    usage: {
      prompt_tokens: inputTokens,
      completion_tokens: outputTokens,
      total_tokens: inputTokens + outputTokens,
      prompt_tokens_details: { cached_tokens: cachedInputTokens },
    },
  };
}

export async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  let body: unknown;
  try {
    body = rawBody ? JSON.parse(rawBody) : undefined;
  } catch {
    body = undefined;
  }
  return { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0] ?? '/', body, rawBody };
}
