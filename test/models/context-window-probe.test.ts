import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contextWindowOf, resetContextWindows } from '../../models/context-window-probe.js';
import { startFakeOpenAI } from '../fakes/openai-server.js';
import type { ResolvedModel } from '../../models/types.js';

const local = (baseUrl: string, providerName = 'llama'): ResolvedModel => ({
  spec: `${providerName}:small`, providerName, kind: 'openai-compatible', model: 'small', baseUrl,
});

describe('contextWindowOf', () => {
  beforeEach(() => resetContextWindows());
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('prefers config, and asks hosted vendors nothing', async () => {
    expect(await contextWindowOf({ ...local('http://127.0.0.1:9/v1'), contextWindow: 32768 })).toBe(32768);
    expect(await contextWindowOf({ spec: 'openai:gpt-5', providerName: 'openai', kind: 'openai', model: 'gpt-5' })).toBeUndefined();
  });

  it("reads llama.cpp's /props once per endpoint and model", async () => {
    const fake = await startFakeOpenAI({ getRoutes: { '/props': () => ({ default_generation_settings: { n_ctx: 8192 } }) } });
    closers.push(() => fake.close());
    expect(await contextWindowOf(local(fake.url))).toBe(8192);
    expect(await contextWindowOf(local(fake.url))).toBe(8192);
    expect(fake.requests.filter((r) => r.path === '/props')).toHaveLength(1);
    fake.assertClean();
  });

  it("reads Ollama's /api/show context_length", async () => {
    const bodies: unknown[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        bodies.push({ method: req.method, path: req.url, body: JSON.parse(body || 'null') });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ model_info: { 'general.architecture': 'qwen3', 'qwen3.context_length': 40960 } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    expect(await contextWindowOf(local(url, 'ollama'))).toBe(40960);
    expect(bodies).toEqual([{ method: 'POST', path: '/api/show', body: { model: 'small' } }]);
  });

  it('is undefined, without throwing, for a server that cannot say', async () => {
    expect(await contextWindowOf(local('http://127.0.0.1:9/v1'))).toBeUndefined();
  });
});
