/**
 * The implementer on the protocol-faithful OpenAI fake (zero latency), so the
 * prompt figures are measured on the bytes a vendor would really receive.
 * Each reply depends only on the step (1 + assistant turns so far).
 */
import { startFakeOpenAI, type FakeReply, type FakeServer, type RecordedRequest } from '../test/fakes/index.js';
import type { ResolvedModel } from '../models/types.js';

const KEY_ENV = 'TANDEM_BENCH_FAKE_OPENAI_KEY';

export interface FakeImplementer {
  server: FakeServer;
  model: ResolvedModel;
  close(): Promise<void>;
}

/** `steps(step)` gives the reply for a step; undefined ends the script (the fake then fails loudly). */
export async function startFakeImplementer(steps: (step: number) => FakeReply | undefined): Promise<FakeImplementer> {
  process.env[KEY_ENV] ??= 'sk-bench-fake-0123456789abcdef';
  const server = await startFakeOpenAI({ script: (request) => steps(stepOf(request)) });
  const model: ResolvedModel = { spec: 'openai:gpt-fake', providerName: 'openai', kind: 'openai', model: 'gpt-fake', baseUrl: server.url, apiKeyEnv: KEY_ENV };
  return { server, model, close: () => server.close() };
}

export function generateRequests(server: FakeServer): RecordedRequest[] {
  return server.requests.filter((request) => request.method === 'POST');
}

function stepOf(request: RecordedRequest): number {
  const messages: { role?: string }[] = request.body?.messages ?? [];
  return messages.filter((message) => message.role === 'assistant').length + 1;
}

export const writeFile = (path: string, content: string): FakeReply => ({ toolCalls: [{ name: 'write_file', arguments: { path, content } }] });
export const readFile = (path: string): FakeReply => ({ toolCalls: [{ name: 'read_file', arguments: { path } }] });
export const finish = (summary: string): FakeReply => ({ toolCalls: [{ name: 'finish', arguments: { summary } }] });
