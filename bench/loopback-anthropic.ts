/**
 * The bench's instant Anthropic model: a Messages API server on 127.0.0.1 that
 * streams each answer at once (Tandem always streams Anthropic calls), from a
 * function of the request, and records every body. Usage reports cache reads
 * and writes as the API does, from the breakpoints Tandem placed
 * (anthropic-prefix-cache.ts). Fails loudly, like the OpenAI one.
 */
import { createServer } from 'node:http';
import { AnthropicPromptCache } from './anthropic-prefix-cache.js';
import { record, type BenchReply, type LoopbackModel, type RecordedRequest, type ReportedUsage } from './loopback-openai.js';
import { bytesToTokens } from './prefix-cache.js';
import { listenOnLoopback } from './loopback-listen.js';

const GENERATE_PATH = '/v1/messages';

/** Same shape as the OpenAI loopback; `url` is the bare origin, as ANTHROPIC_BASE_URL expects. */
export async function startLoopbackAnthropic(answer: (request: RecordedRequest) => BenchReply | undefined): Promise<LoopbackModel> {
  const requests: RecordedRequest[] = [];
  const problems: string[] = [];
  const cache = new AnthropicPromptCache();
  const server = createServer(async (req, res) => {
    const request = await record(req);
    requests.push(request);
    const generate = req.method === 'POST' && request.path === GENERATE_PATH;
    const reply = generate ? answer(request) : undefined;
    if (!reply) {
      const problem = generate ? `no reply for request #${requests.length}` : `unexpected ${req.method} ${request.path}`;
      problems.push(problem);
      res.writeHead(generate ? 500 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: `bench loopback model: ${problem}` } }));
      return;
    }
    const usage = cache.serve(request.body ?? {});
    const outputTokens = bytesToTokens(JSON.stringify(reply).length);
    request.usage = usageOf(usage, outputTokens);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const event of streamEvents(reply, request, requests.length, { ...usage, output_tokens: outputTokens })) {
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    }
    res.end();
  });
  return listenOnLoopback(server, '', requests, problems);
}

/** Tandem's Usage counts all input; Anthropic's input_tokens only what was neither read nor written. */
function usageOf(usage: ReturnType<AnthropicPromptCache['serve']>, outputTokens: number): ReportedUsage {
  return {
    inputTokens: usage.input_tokens + usage.cache_read_input_tokens + usage.cache_creation_input_tokens,
    cachedInputTokens: usage.cache_read_input_tokens,
    cacheWriteInputTokens: usage.cache_creation_input_tokens,
    outputTokens,
  };
}

/** message_start, one start/delta/stop per block, message_delta, message_stop. */
function streamEvents(reply: BenchReply, request: RecordedRequest, index: number, usage: Record<string, number>): Record<string, unknown>[] {
  const blocks: { start: unknown; delta: unknown }[] = [];
  if (reply.text) blocks.push({ start: { type: 'text', text: '' }, delta: { type: 'text_delta', text: reply.text } });
  (reply.toolCalls ?? []).forEach((call, i) =>
    blocks.push({
      start: { type: 'tool_use', id: `toolu_bench_${index}_${i}`, name: call.name, input: {} },
      delta: { type: 'input_json_delta', partial_json: JSON.stringify(call.arguments ?? {}) },
    }),
  );
  const message = { id: `msg_bench_${index}`, type: 'message', role: 'assistant', model: request.body?.model ?? 'claude-fake', content: [], stop_reason: null, stop_sequence: null };
  return [
    { type: 'message_start', message: { ...message, usage: { ...usage, output_tokens: 1 } } },
    ...blocks.flatMap((block, i) => [
      { type: 'content_block_start', index: i, content_block: block.start },
      { type: 'content_block_delta', index: i, delta: block.delta },
      { type: 'content_block_stop', index: i },
    ]),
    { type: 'message_delta', delta: { stop_reason: reply.toolCalls?.length ? 'tool_use' : 'end_turn', stop_sequence: null }, usage },
    { type: 'message_stop' },
  ];
}
