/**
 * The implementer on one of the bench's loopback servers (zero latency), so the
 * prompt figures are measured on the bytes a vendor would really receive:
 * OpenAI Chat Completions by default, or Anthropic Messages.
 * Each reply depends only on the task and the step (1 + assistant turns so far).
 */
import type { ResolvedModel } from '../models/types.js';
import { startLoopbackAnthropic } from './loopback-anthropic.js';
import { startLoopbackOpenAI, type BenchReply, type LoopbackModel, type RecordedRequest } from './loopback-openai.js';

const KEY_ENV = { openai: 'TANDEM_BENCH_FAKE_OPENAI_KEY', anthropic: 'TANDEM_BENCH_FAKE_ANTHROPIC_KEY' };

export type BenchVendor = keyof typeof KEY_ENV;

export interface FakeImplementer {
  server: LoopbackModel;
  model: ResolvedModel;
  close(): Promise<void>;
}

/** `steps(step, taskId)` gives the reply for a step of a task; undefined ends the script (the server then fails loudly). */
export async function startFakeImplementer(steps: (step: number, taskId: string) => BenchReply | undefined, vendor: BenchVendor = 'openai'): Promise<FakeImplementer> {
  const apiKeyEnv = KEY_ENV[vendor];
  process.env[apiKeyEnv] ??= vendor === 'openai' ? 'sk-bench-fake-0123456789abcdef' : 'sk-ant-bench-fake-0123456789abcdef';
  const answer = (request: RecordedRequest) => steps(stepOf(request), taskIdOf(request));
  if (vendor === 'anthropic') {
    const server = await startLoopbackAnthropic(answer);
    const model: ResolvedModel = { spec: 'anthropic:claude-fake', providerName: 'anthropic', kind: 'anthropic', model: 'claude-fake', baseUrl: server.url, apiKeyEnv };
    return { server, model, close: () => server.close() };
  }
  const server = await startLoopbackOpenAI(answer);
  // Chat Completions: the bench measures Tandem, not a wire API.
  const model: ResolvedModel = { spec: 'openai:gpt-fake', providerName: 'openai', kind: 'openai', model: 'gpt-fake', baseUrl: server.url, apiKeyEnv, api: 'chat' };
  return { server, model, close: () => server.close() };
}

export function generateRequests(server: LoopbackModel): RecordedRequest[] {
  return server.requests.filter((request) => request.method === 'POST');
}

/** The task a request works on, from its task message ("Task T2: …"); '' when there is none. */
export function taskIdOf(request: RecordedRequest): string {
  const messages: { role?: string; content?: unknown }[] = request.body?.messages ?? [];
  for (const message of messages.filter((m) => m.role === 'user')) {
    // A string (OpenAI) or text blocks (Anthropic).
    const texts = typeof message.content === 'string' ? [message.content] : ((message.content as { text?: unknown }[] | undefined) ?? []).map((block) => block.text);
    for (const text of texts) {
      const id = typeof text === 'string' ? /^Task (\S+):/.exec(text)?.[1] : undefined;
      if (id) return id;
    }
  }
  return '';
}

function stepOf(request: RecordedRequest): number {
  const messages: { role?: string }[] = request.body?.messages ?? [];
  return messages.filter((message) => message.role === 'assistant').length + 1;
}

export const writeFile = (path: string, content: string): BenchReply => ({ toolCalls: [{ name: 'write_file', arguments: { path, content } }] });
export const readFile = (path: string): BenchReply => ({ toolCalls: [{ name: 'read_file', arguments: { path } }] });
export const finish = (summary: string): BenchReply => ({ toolCalls: [{ name: 'finish', arguments: { summary } }] });
