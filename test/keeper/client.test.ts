/**
 * The worker's side when there is no keeper to be had: the call is made in
 * the worker, the task goes on, and the worker log says so once. (Here the
 * keeper cannot start: the source tree has no compiled keeper/main.js.)
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { keeperAddress } from '../../keeper/address.js';
import { callEnvironmentFingerprint } from '../../keeper/call-environment.js';
import { keeperBuildId } from '../../keeper/build-id.js';
import { keptCall } from '../../keeper/client.js';
import { keeperEntry } from '../../keeper/start.js';
import { endpointIdentity } from '../../models/endpoint-identity.js';
import { ReviewVerdictSchema } from '../../plan/schema.js';
import { callModel } from '../../models/call-in-activity.js';
import type { ResolvedModel } from '../../models/types.js';
import { startFakeOpenAI, type FakeServer } from '../fakes/index.js';

const activity = vi.hoisted(() => ({ warnings: [] as string[], context: undefined as unknown }));

vi.mock('@temporalio/activity', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@temporalio/activity')>();
  return { ...actual, Context: { current: () => activity.context ?? actual.Context.current() } };
});

const MODEL: ResolvedModel = { spec: 'openai:gpt-5-mini', providerName: 'openai', kind: 'openai', model: 'gpt-5-mini', api: 'chat' };
let fake: FakeServer;

beforeEach(async () => {
  fake = await startFakeOpenAI({ script: () => ({ text: 'made here' }) });
  vi.stubEnv('OPENAI_API_KEY', 'sk-test-client-0123456789');
  vi.stubEnv('OPENAI_BASE_URL', fake.url);
  vi.stubEnv('TANDEM_HOME', mkdtempSync(join(tmpdir(), 'tandem-keeper-client-')));
  activity.warnings = [];
  activity.context = {
    info: { isLocal: false, taskQueue: 'q', activityId: '3', workflowExecution: { workflowId: 'wf', runId: 'r' } },
    cancellationSignal: new AbortController().signal,
    heartbeat: () => undefined,
    log: { warn: (message: string) => activity.warnings.push(message) },
  };
});

afterEach(async () => {
  activity.context = undefined;
  vi.unstubAllEnvs();
  await fake.close();
});

it('makes the call in the worker when the keeper cannot start, warning once', async () => {
  const first = await callModel(MODEL, { messages: [{ role: 'user', content: 'one' }] }, { via: keptCall });
  const second = await callModel(MODEL, { messages: [{ role: 'user', content: 'two' }] }, { via: keptCall });
  expect([first.text, second.text]).toEqual(['made here', 'made here']);
  expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  expect(activity.warnings).toHaveLength(1);
  expect(activity.warnings[0]).toMatch(/the call keeper could not start \(the call keeper's program .*main\.js is missing\); model calls are made by the worker/);
});

/** A keeper at this worker's address (as the worker computes it) that answers each call with `answer`. */
async function fakeKeeper(answer: (call: { key: string }) => string[]) {
  const identity = endpointIdentity(MODEL, process.env);
  const address = keeperAddress({ home: process.env.TANDEM_HOME!, taskQueue: 'q', identity, environment: callEnvironmentFingerprint(process.env, identity), build: keeperBuildId(keeperEntry()) });
  mkdirSync(address.dir, { recursive: true });
  const heard: string[] = [];
  const server: Server = createServer((socket) =>
    socket.on('data', (chunk) => {
      for (const line of chunk.toString().trim().split('\n')) {
        heard.push(line);
        const message = JSON.parse(line) as { type: string; key: string };
        if (message.type === 'call') for (const reply of answer(message)) socket.write(`${reply}\n`);
      }
    }),
  );
  await new Promise<void>((resolve) => server.listen(address.socket, resolve));
  return { address, heard, close: () => new Promise((resolve) => server.close(resolve)) };
}

it('does not trust a kept answer that fails its own output schema, and makes the call here', async () => {
  const verdict = { verdict: 'approve', summary: 'Fine.', comments: [] };
  await fake.close();
  fake = await startFakeOpenAI({ script: () => ({ text: JSON.stringify(verdict) }) });
  vi.stubEnv('OPENAI_BASE_URL', fake.url);
  const keeper = await fakeKeeper(({ key }) => [
    JSON.stringify({ type: 'accepted', key, state: 'kept' }),
    JSON.stringify({ type: 'result', result: { text: '{}', output: { verdict: 'maybe' }, stopReason: 'end', usage: { inputTokens: 1, outputTokens: 1 }, costUsd: 0 } }),
  ]);
  try {
    const output = { name: 'review_verdict', schema: ReviewVerdictSchema };
    const result = await callModel(MODEL, { messages: [{ role: 'user', content: 'review' }], output }, { via: keptCall });
    expect(result.output).toEqual(verdict);
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(activity.warnings).toEqual([expect.stringContaining('does not match the output schema "review_verdict"')]);
  } finally {
    await keeper.close();
  }
});

it('stops waiting for a keeper that stays silent past the call\'s timeout, and makes the call here', async () => {
  // A keeper that accepts the connection and then says nothing (SIGSTOPped, or wedged).
  const stuck = await fakeKeeper(() => []);
  const { address, heard } = stuck;
  try {
    const result = await callModel(MODEL, { messages: [{ role: 'user', content: 'one' }], timeoutMs: 300 }, { via: keptCall });
    expect(result.text).toBe('made here');
    expect(activity.warnings).toEqual([expect.stringContaining(`the call keeper sent nothing for 1 s (stopped or stuck? its log: ${address.log})`)]);
    // It was told to drop the call, should it wake up.
    expect(heard.map((line) => JSON.parse(line).type)).toEqual(['call', 'abort']);
  } finally {
    await stuck.close();
  }
});
