/**
 * A base URL that is not an OpenAI-compatible server (a web page, a 200 with
 * the wrong JSON) gets one clear error that says what came back and where the
 * call went, and Temporal retries it once, not with every retry of the model
 * profile (it took 8 calls and 4 minutes before).
 */
import { ApplicationFailure } from '@temporalio/activity';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { callModel } from '../../models/call-in-activity.js';
import { ModelCallError } from '../../models/errors.js';
import { rejection, setup, type Harness } from './harness.js';

const activity = vi.hoisted(() => ({ context: undefined as unknown }));

vi.mock('@temporalio/activity', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@temporalio/activity')>();
  return { ...actual, Context: { current: () => activity.context ?? actual.Context.current() } };
});

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };
const WEB_PAGE = { rawBody: '<!DOCTYPE html><html><body>Welcome to nginx!</body></html>', rawContentType: 'text/html' };

describe('a base URL that is not an OpenAI-compatible server', () => {
  let h: Harness;
  afterEach(async () => {
    activity.context = undefined;
    vi.unstubAllEnvs();
    h.fake.assertClean();
    await h.fake.close();
  });

  it('names what came back and the URL to check, once', async () => {
    h = await setup('ollama', [WEB_PAGE]);
    const error = await rejection(h.client.generate(ask));
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ kind: 'malformed_response', retryable: true });
    expect(error.message).toBe('ollama returned a response for qwen2.5-coder:32b that is not a valid completion (an HTML page).');
    expect(error.hint).toBe(`Check that ${h.fake.url} is the model server's API (an OpenAI-compatible server's usually ends in /v1).`);
  });

  it('says so for JSON of the wrong shape too', async () => {
    h = await setup('ollama', [{ rawBody: '{"status": "ok"}' }]);
    const error = await rejection(h.client.generate(ask));
    expect(error.message).toContain('(JSON without choices[0].message)');
  });

  it('is retried once by Temporal, then fails for good', async () => {
    h = await setup('ollama', [WEB_PAGE, WEB_PAGE]);
    vi.stubEnv('OLLAMA_HOST', String(h.env.OLLAMA_HOST));
    const failureOnAttempt = async (attempt: number) => {
      activity.context = { info: { attempt, isLocal: false }, cancellationSignal: new AbortController().signal, heartbeat: () => undefined };
      return rejection(callModel(h.model, ask));
    };
    const first = await failureOnAttempt(1);
    expect(first).toBeInstanceOf(ApplicationFailure);
    expect(first).toMatchObject({ type: 'ModelCallError.malformed_response', nonRetryable: false });
    const second = await failureOnAttempt(2);
    expect(second).toMatchObject({ type: 'ModelCallError.malformed_response', nonRetryable: true });
    expect(second.message).toContain('(an HTML page)');
    expect(second.message).toContain(`Check that ${h.fake.url}`);
  });
});
