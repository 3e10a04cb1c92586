import { expect, it } from 'vitest';
import { callKey } from '../../keeper/call-key.js';
import type { WireRequest } from '../../keeper/protocol.js';
import type { ResolvedModel } from '../../models/types.js';

const MODEL: ResolvedModel = { spec: 'openai:gpt-5-mini', providerName: 'openai', kind: 'openai', model: 'gpt-5-mini' };
const ORIGIN = { workflowId: 'tandem/run/abc/T1', runId: 'r-1', activityId: '7' };
const REQUEST: WireRequest = { messages: [{ role: 'user', content: 'Task T1: write a.txt' }], timeoutMs: 600_000, stallMs: 90_000 };

it('gives the same key to the same activity sending the same request, whatever the key order of its objects', () => {
  const reordered: WireRequest = { stallMs: 90_000, timeoutMs: 600_000, messages: [{ content: 'Task T1: write a.txt', role: 'user' }] };
  expect(callKey(ORIGIN, MODEL, REQUEST)).toBe(callKey({ activityId: '7', runId: 'r-1', workflowId: 'tandem/run/abc/T1' }, MODEL, reordered));
  expect(callKey(ORIGIN, MODEL, REQUEST)).toMatch(/^[0-9a-f]{64}$/);
});

it('gives another key to another request, model, activity or workflow execution', () => {
  const key = callKey(ORIGIN, MODEL, REQUEST);
  const others = [
    callKey(ORIGIN, MODEL, { ...REQUEST, messages: [{ role: 'user', content: 'Task T1: write b.txt' }] }),
    callKey(ORIGIN, { ...MODEL, model: 'gpt-5' }, REQUEST),
    callKey({ ...ORIGIN, activityId: '8' }, MODEL, REQUEST),
    callKey({ ...ORIGIN, runId: 'r-2' }, MODEL, REQUEST),
    callKey({ ...ORIGIN, workflowId: 'tandem/run/abc/T2' }, MODEL, REQUEST),
  ];
  expect(new Set([key, ...others]).size).toBe(others.length + 1);
});

it('gives the same key whatever timeout and stall limits the retrying worker has', () => {
  expect(callKey(ORIGIN, MODEL, { ...REQUEST, timeoutMs: 30_000, stallMs: 5_000 })).toBe(callKey(ORIGIN, MODEL, REQUEST));
});
