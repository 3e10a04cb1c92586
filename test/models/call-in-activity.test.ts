/**
 * callModel inside an activity: a streamed answer heartbeats as it arrives, with
 * its progress as the details, and a stalled stream fails the activity retryably
 * so Temporal tries again. The activity context is a stand-in that records
 * heartbeats; the model is the Anthropic fake speaking real SSE.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeAnthropic, type FakeServer, type Script } from '../fakes/index.js';
import { callModel } from '../../models/call-in-activity.js';
import type { ResolvedModel } from '../../models/types.js';
import { KEYS, rejection } from './harness.js';

const activity = vi.hoisted(() => ({
  beats: [] as { at: number; details: any }[],
  context: undefined as unknown,
}));

vi.mock('@temporalio/activity', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@temporalio/activity')>();
  return { ...actual, Context: { current: () => activity.context ?? actual.Context.current() } };
});

const model: ResolvedModel = { spec: 'anthropic:claude-haiku-4-5', providerName: 'anthropic', kind: 'anthropic', model: 'claude-haiku-4-5', apiKeyEnv: 'ANTHROPIC_API_KEY' };
const ask = { messages: [{ role: 'user' as const, content: 'Explain the plan.' }] };

describe('callModel in an activity, streaming', () => {
  let fake: FakeServer;
  beforeEach(() => {
    activity.beats = [];
    activity.context = {
      info: { isLocal: false },
      cancellationSignal: new AbortController().signal,
      heartbeat: (details: unknown) => activity.beats.push({ at: Date.now(), details }),
    };
  });
  afterEach(async () => {
    activity.context = undefined;
    vi.unstubAllEnvs();
    fake.assertClean();
    await fake.close();
  });

  async function start(script: Script, stallSeconds: string): Promise<void> {
    fake = await startFakeAnthropic({ script });
    vi.stubEnv('ANTHROPIC_API_KEY', KEYS.anthropic);
    vi.stubEnv('ANTHROPIC_BASE_URL', fake.url);
    vi.stubEnv('TANDEM_MODEL_TIMEOUT_SECONDS', '0.5');
    vi.stubEnv('TANDEM_MODEL_STALL_SECONDS', stallSeconds);
  }

  it('heartbeats as a long live stream arrives, with how far it has got', async () => {
    const text = 'A long answer that keeps coming, token after token.';
    await start([{ text, stream: { gapMs: 250 } }], '2');
    const result = await callModel(model, ask);
    expect(result.text).toBe(text);
    const progress = activity.beats.filter((beat) => beat.details?.events > 0);
    // A beat per event (7), never going back; the timer's beats in between repeat the latest.
    const events = progress.map((beat) => beat.details.events);
    expect([...new Set(events)]).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(events).toEqual([...events].sort((a, b) => a - b));
    expect(progress.at(-1)!.details).toEqual({ model: model.spec, events: 7, outputChars: text.length });
    expect(progress.at(-1)!.at - progress[0]!.at).toBeGreaterThanOrEqual(1200);
  });

  it('fails the activity retryably when the stream stalls, so Temporal calls again', async () => {
    await start([{ text: 'never finished', stream: { stallAfterEvents: 2 } }, { text: 'finished' }], '0.5');
    const failure = await rejection(callModel(model, ask));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'ModelCallError.timeout', nonRetryable: false });
    expect(failure.message).toContain('stalled');
    expect((await callModel(model, ask)).text).toBe('finished');
  });
});
