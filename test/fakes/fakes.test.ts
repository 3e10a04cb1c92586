import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { startFakeAnthropic } from './anthropic-server.js';
import { startFakeOpenAI } from './openai-server.js';

const run = promisify(execFile);

describe('fake model servers', () => {
  it('fail loudly when the script runs out', async () => {
    const fake = await startFakeOpenAI({ script: [] });
    const res = await fetch(`${fake.url}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('fake script exhausted');
    expect(fake.unexpected).toHaveLength(1);
    expect(() => fake.assertClean()).toThrow(/fake script exhausted/);
    await fake.close();
  });

  it('reject protocol violations with the vendor envelope and record them', async () => {
    const fake = await startFakeAnthropic({ script: [{ text: 'never sent' }] });
    const res = await fetch(`${fake.url}/v1/messages`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(fake.unexpected[0]).toContain('max_tokens');
    expect(fake.remaining).toBe(1);
    await fake.close();
  });

  it('answer a script function, record requests and list models', async () => {
    const fake = await startFakeOpenAI({ script: (req, i) => ({ text: `#${i} ${req.body.messages[0].content}` }), models: ['a', 'b'] });
    const models = (await (await fetch(`${fake.url}/models`)).json()) as any;
    expect(models.data.map((m: { id: string }) => m.id)).toEqual(['a', 'b']);
    const reply: any = await (await fetch(`${fake.url}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }) })).json();
    expect(reply.choices[0].message.content).toBe('#0 hi');
    expect(reply.usage.prompt_tokens).toBeGreaterThan(0);
    expect(fake.requests.map((r) => r.path)).toEqual(['/v1/models', '/v1/chat/completions']);
    fake.assertClean();
    await fake.close();
  });

  it('speak the Responses API as JSON to the real SDK, and reject an unanswered function call', async () => {
    const fake = await startFakeOpenAI({ script: [{ text: 'plain', toolCalls: [{ id: 'call_1', name: 'run', arguments: { cmd: 'ls' } }] }] });
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: fake.url, maxRetries: 0 });
    const response = await client.responses.create({ model: 'gpt-5', input: [{ role: 'user', content: 'hi' }], store: false });
    expect(response.output_text).toBe('plain');
    expect(response.output.map((item) => item.type)).toEqual(['message', 'function_call']);
    expect(response.usage?.input_tokens).toBeGreaterThan(0);
    const unanswered = [{ type: 'function_call' as const, call_id: 'call_1', name: 'run', arguments: '{}' }, { role: 'user' as const, content: 'next' }];
    await expect(client.responses.create({ model: 'gpt-5', input: unanswered })).rejects.toMatchObject({ status: 400 });
    expect(fake.unexpected[0]).toContain('call_1');
    await fake.close();
  });

  it('serve a client in another process', async () => {
    const fake = await startFakeOpenAI({ script: [{ text: 'hello from the fake' }] });
    const code = `const r = await fetch(process.env.OPENAI_BASE_URL + '/chat/completions', { method: 'POST', body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }] }) }); console.log((await r.json()).choices[0].message.content);`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], { env: { ...process.env, OPENAI_BASE_URL: fake.url } });
    expect(stdout.trim()).toBe('hello from the fake');
    await fake.close();
  });
});
