import { afterEach, describe, expect, it } from 'vitest';
import { ModelCallError } from '../../models/errors.js';
import { createModelClient } from '../../models/provider.js';
import { KEYS, PROVIDERS, rejection, setup, type Harness } from './harness.js';
import { closedPort } from '../support/closed-port.js';

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };
const keyEnv = { openai: 'OPENAI_API_KEY', ollama: undefined, anthropic: 'ANTHROPIC_API_KEY' } as const;

/** Vendor wording for an over-long prompt, as each server really says it. */
const contextTooLong = {
  openai: { status: 400, code: 'context_length_exceeded', message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130123 tokens." },
  ollama: { status: 400, message: "This model's maximum context length is 32768 tokens. However, you requested 40000 tokens." },
  anthropic: { status: 400, message: 'prompt is too long: 210000 tokens > 200000 maximum' },
};

describe.each(PROVIDERS)('%s: error classification', (provider) => {
  let h: Harness;
  afterEach(async () => {
    h.fake.assertClean();
    await h.fake.close();
  });

  async function failWith(reply: Parameters<Harness['fake']['push']>[0], timeoutMs?: number): Promise<ModelCallError> {
    h = await setup(provider, [reply]);
    const error = await rejection(h.client.generate({ ...ask, timeoutMs }));
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error.message).not.toContain(KEYS.openai);
    expect(error.message).not.toContain(KEYS.anthropic);
    expect(error.message).not.toMatch(/\n\s+at /); // no stack
    expect(h.fake.requests).toHaveLength(1); // the SDK itself never retries
    return error;
  }

  it('429 with Retry-After seconds is retryable with retryAfterMs', async () => {
    const error = await failWith({ error: { status: 429, message: 'Rate limit reached', headers: { 'retry-after': '7' } } });
    expect(error).toMatchObject({ kind: 'rate_limit', retryable: true, retryAfterMs: 7000, status: 429 });
  });

  it('429 with retry-after-ms and an HTTP-date Retry-After', async () => {
    const a = await failWith({ error: { status: 429, headers: { 'retry-after-ms': '1500', 'retry-after': '2' } } });
    expect(a.retryAfterMs).toBe(1500);
    await h.fake.close();
    const sentAt = Date.now();
    const date = new Date(sentAt + 30_000).toUTCString();
    const b = await failWith({ error: { status: 429, headers: { 'retry-after': date } } });
    // The date has whole seconds (up to 1 s lost), and the call itself took a while on a busy machine.
    const elapsed = Date.now() - sentAt;
    expect(b.retryAfterMs).toBeGreaterThan(30_000 - 1000 - elapsed - 50);
    expect(b.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('500 and 529 are retryable server errors', async () => {
    expect(await failWith({ error: { status: 500, message: 'boom' } })).toMatchObject({ kind: 'server', retryable: true });
    await h.fake.close();
    expect(await failWith({ error: { status: 529, message: 'Overloaded' } })).toMatchObject({ kind: 'server', retryable: true });
  });

  it('a hang beyond the timeout is a retryable timeout', async () => {
    const error = await failWith({ hang: true }, 300);
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
    expect(error.message).toContain('300 ms');
  });

  it('a slow reply within the timeout succeeds', async () => {
    h = await setup(provider, [{ text: 'late but fine', delayMs: 150 }]);
    expect((await h.client.generate({ ...ask, timeoutMs: 5000 })).text).toBe('late but fine');
  });

  it('401 is non-retryable and names the env var, never the key', async () => {
    const echoedKey = provider === 'anthropic' ? KEYS.anthropic : KEYS.openai;
    const error = await failWith({ error: { status: 401, message: `Incorrect API key provided: ${echoedKey}.` } });
    expect(error).toMatchObject({ kind: 'auth', retryable: false, status: 401 });
    if (keyEnv[provider]) expect(error.message).toContain(`${keyEnv[provider]} was rejected`);
    expect(error.message).toContain('[REDACTED]');
    expect(error.hint).toBeDefined();
  });

  it('404 is non-retryable and names the model and provider', async () => {
    const error = await failWith({ error: { status: 404, message: 'model not found' } });
    expect(error).toMatchObject({ kind: 'not_found', retryable: false });
    expect(error.message).toContain(`"${h.model.model}"`);
    expect(error.message).toContain(`"${h.model.providerName}"`);
  });

  it('400 context too long is non-retryable context_length', async () => {
    const error = await failWith({ error: contextTooLong[provider] });
    expect(error).toMatchObject({ kind: 'context_length', retryable: false, status: 400 });
  });

  it('another 400 is a non-retryable bad request', async () => {
    const error = await failWith({ error: { status: 400, message: 'messages: unexpected field' } });
    expect(error).toMatchObject({ kind: 'bad_request', retryable: false });
    expect(error.message).toContain('unexpected field');
  });

  it('a malformed body is a clear, retryable malformed_response', async () => {
    const error = await failWith({ rawBody: '{"id": "truncated' });
    expect(error).toMatchObject({ kind: 'malformed_response', retryable: true });
    expect(error.message).toContain('not a valid completion');
  });

  it('a body of the wrong shape is malformed too', async () => {
    const error = await failWith({ rawBody: '{"hello": "world"}' });
    expect(error.kind).toBe('malformed_response');
  });

  it('connection refused is retryable and says where', async () => {
    h = await setup(provider, []);
    const closed = await closedPort();
    const url = provider === 'anthropic' ? `http://127.0.0.1:${closed}` : `http://127.0.0.1:${closed}/v1`;
    const client = createModelClient({ ...h.model, baseUrl: url }, h.env);
    const error = await rejection(client.generate(ask));
    expect(error).toMatchObject({ kind: 'connection', retryable: true });
    expect(error.message).toContain(url);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('a dropped connection is a retryable connection error', async () => {
    const error = await failWith({ reset: true });
    expect(error).toMatchObject({ kind: 'connection', retryable: true });
  });

  it('an aborted call is not retryable', async () => {
    h = await setup(provider, [{ hang: true }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(h.client.generate({ ...ask, signal: controller.signal }));
    expect(error).toMatchObject({ kind: 'aborted', retryable: false });
  });
});

describe('missing keys', () => {
  it('names the unset variable without calling the server', async () => {
    const h = await setup('openai', []);
    const client = createModelClient(h.model, { OPENAI_BASE_URL: h.fake.url });
    const error = await rejection(client.generate(ask));
    expect(error).toMatchObject({ kind: 'auth', retryable: false });
    expect(error.message).toContain('OPENAI_API_KEY is not set');
    expect(h.fake.requests).toHaveLength(0);
    await h.fake.close();
  });
});

