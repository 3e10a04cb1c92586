/**
 * The agent session's progress in `tandem status` and the live view: read from
 * the session activity's heartbeat, decoded with Tandem's data converter
 * (encrypted payloads included), formatted on one line; and nothing at all,
 * never an error, when it cannot be read.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { encodeToPayloads, loadDataConverter } from '@temporalio/common/lib/internal-non-workflow/index.js';
import { tandemDataConverter } from '../../../temporal/data-converter.js';
import { atAgentSession, formatAgentProgress, parseAgentHeartbeat, readAgentProgress, withAgentProgressOnRow } from '../../../cli/run/agent-progress.js';
import { statusTable } from '../../../cli/run/status-table.js';
import { ZERO_SPEND, type TaskProgress } from '../../../contracts/run.js';

const KEY_ENV = { TANDEM_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
/** What activities/agent-session.ts heartbeats mid-session. */
const BEAT = {
  agent: 'agent:codex/gpt-5.4',
  sessionId: 'sess-1',
  progress: '7 tool calls · 3 files · 41,200 tok · $ npm test',
  toolCalls: 7,
  lastTool: '$ npm test',
  files: ['a.ts', 'b.ts', 'c.ts'],
  tokens: 41_200,
  costUsd: 0.012,
};

/** A client whose describe answers with these pending activities, decoding with the converter for `env`. */
function clientWith(env: NodeJS.ProcessEnv, pendingActivities: unknown[] | Error): Client {
  const describe = async () => {
    if (pendingActivities instanceof Error) throw pendingActivities;
    return { raw: { pendingActivities } };
  };
  return { options: { loadedDataConverter: loadDataConverter(tandemDataConverter(env)) }, workflow: { getHandle: () => ({ describe }) } } as unknown as Client;
}

async function heartbeat(env: NodeJS.ProcessEnv, details: unknown): Promise<Payload[]> {
  return (await encodeToPayloads(loadDataConverter(tandemDataConverter(env)), details))!;
}

describe('agent session progress', () => {
  it('formats the session on one line: agent, tool calls, files, tokens, cost, last tool', () => {
    expect(formatAgentProgress(parseAgentHeartbeat(BEAT, 'T1')!)).toBe('agent codex · 7 tool calls · 3 files · 41k tok · $0.0120 · last: $ npm test');
    expect(formatAgentProgress(parseAgentHeartbeat({ ...BEAT, agent: 'agent:claude', toolCalls: 1, files: ['a.ts'], lastTool: undefined }, 'T1')!)).toBe('agent claude · 1 tool call · 1 file · 41k tok · $0.0120');
  });

  it("falls back to the worker's own line for a heartbeat without counts (an older worker)", () => {
    const { toolCalls: _calls, lastTool: _last, ...older } = BEAT;
    expect(formatAgentProgress(parseAgentHeartbeat(older, 'T1')!)).toBe('agent codex · 7 tool calls · 3 files · 41,200 tok · $ npm test · $0.0120');
  });

  it('rejects details that are not a session heartbeat', () => {
    expect(parseAgentHeartbeat(undefined, 'T1')).toBeUndefined();
    expect(parseAgentHeartbeat({ tokens: 5 }, 'T1')).toBeUndefined();
    expect(parseAgentHeartbeat({ agent: 'agent:codex', tokens: 'many', files: 'x' }, 'T1')).toEqual({ taskId: 'T1', agent: 'agent:codex', files: [], tokens: 0, costUsd: 0 });
  });

  it('describes only while the task is in an agent session', () => {
    const progress = (step: string, extra: Partial<TaskProgress> = {}) => ({ taskId: 'T1', attempt: 1, state: 'running', step, spend: ZERO_SPEND, ...extra }) as TaskProgress;
    expect(atAgentSession(progress('implement · agent:codex/gpt-5.4'))).toBe(true);
    expect(atAgentSession(progress('implement · step 4 · model'))).toBe(false);
    expect(atAgentSession(progress('test'))).toBe(false);
    expect(atAgentSession(progress('implement · agent:codex/gpt-5.4', { pausedReason: 'budget' }))).toBe(false);
    expect(atAgentSession(undefined)).toBe(false);
  });

  it('decodes an encrypted heartbeat of the pending agentSession activity', async () => {
    const payloads = await heartbeat(KEY_ENV, BEAT);
    expect(JSON.stringify(payloads)).not.toContain('npm test'); // it really is encrypted
    const pending = [
      { activityType: { name: 'runChecks' }, heartbeatDetails: { payloads: await heartbeat(KEY_ENV, { other: true }) } },
      { activityType: { name: 'agentSession' }, heartbeatDetails: { payloads } },
    ];
    const read = await readAgentProgress(clientWith(KEY_ENV, pending), 'run/T1', 'T1');
    expect(read).toMatchObject({ taskId: 'T1', agent: 'agent:codex/gpt-5.4', sessionId: 'sess-1', toolCalls: 7, tokens: 41_200, lastTool: '$ npm test' });
  });

  it('shows nothing, and throws nothing, when the heartbeat cannot be read', async () => {
    const encrypted = [{ activityType: { name: 'agentSession' }, heartbeatDetails: { payloads: await heartbeat(KEY_ENV, BEAT) } }];
    const otherKey = { TANDEM_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    expect(await readAgentProgress(clientWith(otherKey, encrypted), 'run/T1', 'T1')).toBeUndefined();
    expect(await readAgentProgress(clientWith({}, encrypted), 'run/T1', 'T1')).toBeUndefined();
    expect(await readAgentProgress(clientWith(KEY_ENV, new Error('workflow not found')), 'run/T1', 'T1')).toBeUndefined();
    expect(await readAgentProgress(clientWith(KEY_ENV, [{ activityType: { name: 'agentSession' } }]), 'run/T1', 'T1')).toBeUndefined();
  });

  it('puts the progress in the status table and under its task row in --json', () => {
    const row = { id: 'T1', title: 'Greet', state: 'running', attempts: 1, spend: ZERO_SPEND };
    const snapshot = { status: { runId: 'r', state: 'running', tasks: [row, { ...row, id: 'T2', state: 'pending' }], spend: ZERO_SPEND }, agentProgress: parseAgentHeartbeat(BEAT, 'T1')!, at: 0 };
    expect(statusTable(snapshot as never, 200)).toContain('T1 agent codex · 7 tool calls · 3 files · 41k tok · $0.0120 · last: $ npm test');
    const json = withAgentProgressOnRow(snapshot)!;
    expect(json.status.tasks[0]).toMatchObject({ id: 'T1', agentProgress: { toolCalls: 7 } });
    expect(json.status.tasks[1]).not.toHaveProperty('agentProgress');
    expect(json).not.toHaveProperty('agentProgress');
  });
});
