/**
 * Which failed model calls pause a run (the provider is unavailable) and which
 * still fail the task: classified from the errors real clients raise against
 * the fakes, so a vendor mapping change cannot silently turn an outage into a
 * failed task.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelCallError } from '../../models/errors.js';
import { createModelClient } from '../../models/provider.js';
import { describeOutage, providerOutage } from '../../models/provider-outage.js';
import { rejection, setup, type Harness } from './harness.js';
import { closedPort } from '../support/closed-port.js';

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

function outageOf(error: ModelCallError) {
  return providerOutage({ kind: error.kind, provider: error.provider, status: error.status, detail: error.detail, hint: error.hint });
}

describe('provider outages', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.fake.close();
    h = undefined;
  });

  async function failWith(reply: Parameters<Harness['fake']['push']>[0]): Promise<ModelCallError> {
    h = await setup('openai', [reply]);
    return rejection(h.client.generate(ask));
  }

  it('a server that is not running: connection refused, named by its provider', async () => {
    h = await setup('ollama', []);
    const client = createModelClient({ ...h.model, baseUrl: `http://127.0.0.1:${await closedPort()}/v1` }, h.env);
    const outage = outageOf(await rejection(client.generate(ask)));
    expect(outage).toMatchObject({ provider: 'ollama', reason: 'connection refused', keyRejected: false });
    expect(describeOutage(outage!)).toBe('waiting for ollama: connection refused');
    expect(outage!.hint).toContain('tandem resume');
  });

  it('a host name that does not resolve, and a lookup that fails for now', () => {
    expect(providerOutage({ kind: 'connection', provider: 'ollama', detail: 'ENOTFOUND' })?.reason).toBe('host not found');
    expect(providerOutage({ kind: 'connection', provider: 'ollama', detail: 'EAI_AGAIN' })?.reason).toBe('host name lookup failed');
    expect(providerOutage({ kind: 'connection', provider: 'ollama' })?.reason).toBe('cannot connect');
  });

  it('5xx (still failing after the retries) and timeouts are outages', async () => {
    expect(outageOf(await failWith({ error: { status: 503, message: 'overloaded' } }))).toMatchObject({ reason: 'server error 503', keyRejected: false });
    expect(providerOutage({ kind: 'timeout', provider: 'openai' })?.reason).toBe('no answer in time');
  });

  it('a rejected key (401 or 403) pauses too, with a hint that names the variable to fix', async () => {
    const outage = outageOf(await failWith({ error: { status: 401, message: 'Incorrect API key provided' } }));
    expect(outage).toMatchObject({ reason: 'key rejected (401)', keyRejected: true });
    expect(outage!.hint).toMatch(/^Set OPENAI_API_KEY to a valid key for openai, then run `tandem resume`\.$/);
    expect(providerOutage({ kind: 'auth', provider: 'anthropic', status: 403 })?.reason).toBe('key rejected (403)');
  });

  it('permanent errors and rate limits are no outage: they still fail the task', async () => {
    expect(outageOf(await failWith({ error: { status: 404, message: 'model not found' } }))).toBeUndefined();
    await h!.fake.close();
    expect(outageOf(await failWith({ error: { status: 400, message: 'messages: unexpected field' } }))).toBeUndefined();
    for (const kind of ['rate_limit', 'context_length', 'invalid_output', 'malformed_response', 'aborted', 'conflict'] as const) {
      expect(providerOutage({ kind, provider: 'openai' }), kind).toBeUndefined();
    }
  });
});

