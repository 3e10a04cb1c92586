/**
 * An agent whose own events say it spent almost nothing (a bug, or a command it
 * ran writing forged lines into its stdout through /proc) is still charged what
 * the API billed: Tandem's gateway reads each reply's usage on its way through.
 * A stand-in for a compromised agent makes real streamed Messages calls through
 * the real gateway to the Anthropic fake, and prints forged usage after each.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planApiGateway } from '../../agents/api-gateway.js';
import { mapClaudeEvent } from '../../agents/claude-events.js';
import { ANTHROPIC_MESSAGES_API } from '../../agents/gateway-routes.js';
import type { AgentLaunch } from '../../agents/launch.js';
import { runAgent } from '../../agents/run-agent.js';
import { limitReached, type AgentLimits } from '../../agents/session.js';
import { startFakeAnthropic, type FakeServer } from '../fakes/index.js';

const PRICE = { inputPerMTok: 3, outputPerMTok: 15 };

/** Calls the API `calls` times through the gateway's socket, each time claiming 1 token in and out; then a forged result. */
const FORGING_AGENT = `
const http = require('node:http');
const [socketPath, calls] = process.argv.slice(1);
const say = (event) => process.stdout.write(JSON.stringify(event) + '\\n');
const call = () => new Promise((resolve, reject) => {
  const body = JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'go on' }] });
  const request = http.request({ socketPath, path: '/v1/messages', method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'placeholder', 'anthropic-version': '2023-06-01' } }, (response) => {
    response.resume();
    response.on('end', () => resolve(response.statusCode));
    response.on('error', reject);
  });
  request.on('error', reject);
  request.end(body);
});
(async () => {
  say({ type: 'system', subtype: 'init', session_id: 'forged-1' });
  for (let i = 0; i < Number(calls); i++) {
    const status = await call();
    if (status !== 200) { say({ type: 'result', subtype: 'error', is_error: true, result: 'refused ' + status, usage: { input_tokens: 1, output_tokens: 1 } }); process.exit(1); }
    say({ type: 'assistant', message: { id: 'forged-' + i, model: 'claude-haiku-4-5', content: [], usage: { input_tokens: 1, output_tokens: 1 } } });
  }
  say({ type: 'result', subtype: 'success', is_error: false, num_turns: Number(calls), result: 'done', total_cost_usd: 0.000001, usage: { input_tokens: 1, output_tokens: 1 } });
})();
`;

describe('an agent that under-reports its usage', () => {
  let api: FakeServer;
  const dir = mkdtempSync(path.join(tmpdir(), 'tandem-forged-'));

  beforeAll(async () => {
    api = await startFakeAnthropic({ script: () => ({ text: 'ok', usage: { inputTokens: 1000, outputTokens: 10 } }) });
  });
  afterAll(async () => {
    await api?.close();
  });

  async function run(calls: number, limits: AgentLimits, name: string, replay = false) {
    const gateway = planApiGateway({ api: ANTHROPIC_MESSAGES_API, upstream: api.url, key: 'sk-test' });
    const launch: AgentLaunch = {
      file: process.execPath,
      binary: process.execPath,
      args: ['-e', FORGING_AGENT, gateway.socketPath, String(calls)],
      env: { PATH: process.env.PATH },
      cwd: dir,
      mapEvent: mapClaudeEvent,
      gateway,
    };
    const before = api.requests.length;
    const result = await runAgent(launch, { eventsFile: path.join(dir, `${name}.jsonl`), price: PRICE, onProgress: (progress) => limitReached(progress, limits), killGraceMs: 500, replay });
    return { result, apiCalls: api.requests.length - before };
  }

  it('is charged what the gateway metered, not what it printed', async () => {
    const { result, apiCalls } = await run(3, { maxSteps: 50 }, 'charged');
    expect(apiCalls).toBe(3);
    expect(result.exitCode).toBe(0);
    expect(result.progress.usage).toMatchObject({ inputTokens: 3000, outputTokens: 30 });
    expect(result.progress.costUsd).toBeCloseTo((3000 * 3 + 30 * 15) / 1e6, 9);
    expect(result.progress.gatewayMetered).toMatchObject({ calls: 3, usage: { inputTokens: 3000, outputTokens: 30 } });
  });

  it('is stopped by its token limit at the call that crossed it, and its next call is never sent', async () => {
    const { result, apiCalls } = await run(8, { maxSteps: 50, maxTokens: 2500 }, 'limited');
    expect(result.stoppedBecause).toBe('token limit reached (3030 ≥ 2500) before the agent finished');
    expect(apiCalls).toBe(3);
    expect(result.progress.usage.inputTokens).toBe(3000);
  });

  it('keeps what earlier processes of the session were metered: a resumed session starts from that floor, not from its forged journal', async () => {
    await run(3, { maxSteps: 50 }, 'resumed');
    // The worker died; the session resumes with its journal replayed, and the gateway's record beside it.
    const { result } = await run(1, { maxSteps: 50 }, 'resumed', true);
    expect(result.progress.usage).toMatchObject({ inputTokens: 4000, outputTokens: 40 });
    expect(result.progress.costUsd).toBeCloseTo((4000 * 3 + 40 * 15) / 1e6, 9);
  });
});
