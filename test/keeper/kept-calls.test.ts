/** The keeper's table of calls, without a process: who waits, what is kept, what keeps the keeper alive. */
import { expect, it } from 'vitest';
import { KeptCalls, type Listener, type Outcome } from '../../keeper/kept-calls.js';
import { ModelCallError } from '../../models/errors.js';
import type { GenerateResult } from '../../models/types.js';

const RESULT: GenerateResult = { text: 'done', toolCalls: [], stopReason: 'end', modelId: 'm', usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0 }, costUsd: 0 };

function listener() {
  const progress: number[] = [];
  let settle!: (outcome: Outcome) => void;
  const settled = new Promise<Outcome>((resolve) => (settle = resolve));
  const l: Listener = { progress: (p) => progress.push(p.events), settle };
  return { l, progress, settled };
}

function controlledCall() {
  let finish!: (result: GenerateResult) => void;
  let fail!: (error: unknown) => void;
  let report!: (events: number) => void;
  let started = 0;
  let signal: AbortSignal | undefined;
  const start = (s: AbortSignal, onProgress: (p: { events: number; outputChars: number }) => void) => {
    started++;
    signal = s;
    report = (events) => onProgress({ events, outputChars: events * 10 });
    return new Promise<GenerateResult>((resolve, reject) => ((finish = resolve), (fail = reject)));
  };
  return { start, finish: (r: GenerateResult) => finish(r), fail: (e: unknown) => fail(e), report: (n: number) => report(n), started: () => started, signal: () => signal };
}

it('joins a call in flight (with its latest progress), then answers from memory, starting it once', async () => {
  const calls = new KeptCalls(60_000);
  const call = controlledCall();
  const first = listener();
  expect(calls.join('k', call.start, first.l).state).toBe('new');
  await Promise.resolve();
  call.report(3);
  const second = listener();
  const joined = calls.join('k', call.start, second.l);
  expect(joined.state).toBe('in_flight');
  await Promise.resolve();
  expect(second.progress).toEqual([3]);
  expect(calls.busy()).toBe(true);
  call.finish(RESULT);
  expect(await second.settled).toEqual({ ok: true, result: RESULT });
  const third = listener();
  expect(calls.join('k', call.start, third.l).state).toBe('kept');
  expect(await third.settled).toEqual({ ok: true, result: RESULT });
  expect(call.started()).toBe(1);
  // Uncollected, the answer keeps the keeper alive; acknowledged, it no longer does (but is still kept).
  expect(calls.busy()).toBe(true);
  calls.ack('k');
  expect(calls.busy()).toBe(false);
  expect(calls.join('k', call.start, listener().l).state).toBe('kept');
});

it('tells a failure to whoever waits and forgets it, so a retry calls again', async () => {
  const calls = new KeptCalls(60_000);
  const call = controlledCall();
  const waiting = listener();
  calls.join('k', call.start, waiting.l);
  await Promise.resolve();
  call.fail(new ModelCallError('rate limited', { kind: 'rate_limit', retryable: true, provider: 'openai', model: 'm', retryAfterMs: 2000 }));
  expect(await waiting.settled).toEqual({ ok: false, error: expect.objectContaining({ kind: 'rate_limit', retryable: true, retryAfterMs: 2000 }) });
  expect(calls.busy()).toBe(false);
  expect(calls.join('k', call.start, listener().l).state).toBe('new');
});

it('aborts a call on request, and forgets answers after the keeping time', async () => {
  let now = 0;
  const calls = new KeptCalls(1000, () => now);
  const call = controlledCall();
  const waiting = listener();
  calls.join('k', call.start, waiting.l);
  await Promise.resolve();
  calls.abort('k');
  expect(call.signal()?.aborted).toBe(true);

  const other = controlledCall();
  const answered = listener();
  calls.join('j', other.start, answered.l);
  await Promise.resolve();
  other.finish(RESULT);
  await answered.settled;
  now = 1000;
  expect(calls.join('j', other.start, listener().l).state).toBe('kept');
  now = 1001;
  expect(calls.join('j', other.start, listener().l).state).toBe('new');
});
