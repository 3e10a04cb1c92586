/**
 * The implementer on the bench's loopback OpenAI server (zero latency), so the
 * prompt figures are measured on the bytes a vendor would really receive.
 * Each reply depends only on the step (1 + assistant turns so far).
 */
import type { ResolvedModel } from '../models/types.js';
import { startLoopbackOpenAI, type BenchReply, type LoopbackOpenAI, type RecordedRequest } from './loopback-openai.js';

const KEY_ENV = 'TANDEM_BENCH_FAKE_OPENAI_KEY';

export interface FakeImplementer {
  server: LoopbackOpenAI;
  model: ResolvedModel;
  close(): Promise<void>;
}

/** `steps(step)` gives the reply for a step; undefined ends the script (the server then fails loudly). */
export async function startFakeImplementer(steps: (step: number) => BenchReply | undefined): Promise<FakeImplementer> {
  process.env[KEY_ENV] ??= 'sk-bench-fake-0123456789abcdef';
  const server = await startLoopbackOpenAI((request) => steps(stepOf(request)));
  // The loopback server speaks Chat Completions: the bench measures Tandem, not a wire API.
  const model: ResolvedModel = { spec: 'openai:gpt-fake', providerName: 'openai', kind: 'openai', model: 'gpt-fake', baseUrl: server.url, apiKeyEnv: KEY_ENV, api: 'chat' };
  return { server, model, close: () => server.close() };
}

export function generateRequests(server: LoopbackOpenAI): RecordedRequest[] {
  return server.requests.filter((request) => request.method === 'POST');
}

function stepOf(request: RecordedRequest): number {
  const messages: { role?: string }[] = request.body?.messages ?? [];
  return messages.filter((message) => message.role === 'assistant').length + 1;
}

export const writeFile = (path: string, content: string): BenchReply => ({ toolCalls: [{ name: 'write_file', arguments: { path, content } }] });
export const readFile = (path: string): BenchReply => ({ toolCalls: [{ name: 'read_file', arguments: { path } }] });
export const finish = (summary: string): BenchReply => ({ toolCalls: [{ name: 'finish', arguments: { summary } }] });
