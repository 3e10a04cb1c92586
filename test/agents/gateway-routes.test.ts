/**
 * The API gateway forwards only the agent's model calls (Claude Code's Messages
 * API, Codex's Responses API): a command in the sandbox that asks it for another
 * route of the endpoint's host, or climbs out of the endpoint's path with `..`
 * (plain or percent-encoded), is refused in the API's error shape, and nothing
 * reaches the endpoint with the key.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiGateway, planApiGateway, type ApiGateway, type ApiGatewaySpec } from '../../agents/api-gateway.js';
import { ANTHROPIC_MESSAGES_API, OPENAI_RESPONSES_API } from '../../agents/gateway-routes.js';

describe('the routes the API gateway forwards', () => {
  let upstream: http.Server;
  let spec: ApiGatewaySpec;
  let gateway: ApiGateway;
  /** Every request the endpoint's host got, whatever its path. */
  const received: { method: string; url: string; key?: string; authorization?: string }[] = [];

  beforeAll(async () => {
    upstream = http.createServer((request, response) => {
      received.push({ method: request.method ?? '', url: request.url ?? '', key: request.headers['x-api-key'] as string | undefined, authorization: request.headers.authorization });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    // A shared gateway's prefix: its host serves other providers' routes beside it.
    spec = planApiGateway({ api: ANTHROPIC_MESSAGES_API, upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/anthropic`, key: 'sk-ant-real' });
    gateway = await openApiGateway(spec);
  });

  afterAll(async () => {
    await gateway?.close();
    upstream.closeAllConnections();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  /** The path goes on the wire exactly as written: no client normalises it on the way. */
  const ask = (method: string, path: string, socketPath = spec.socketPath) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request({ socketPath, path, method, headers: { 'x-api-key': 'tandem-gateway-adds-the-key' } }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('error', reject);
      request.end(method === 'GET' || method === 'HEAD' ? undefined : '{}');
    });

  it.each([
    ['POST', '/v1/messages?beta=true'],
    ['POST', '/v1/messages'],
    ['POST', '/v1/messages/count_tokens?beta=true'],
  ])('sends %s %s to the endpoint, under its prefix, with the key', async (method, path) => {
    const before = received.length;
    expect(await ask(method, path)).toEqual({ status: 200, body: '{"ok":true}' });
    expect(received.slice(before)).toEqual([{ method, url: `/anthropic${path}`, key: 'sk-ant-real' }]);
  });

  it.each([
    ['POST', '/../openai/v1/chat/completions'],
    ['POST', '/%2e%2e/admin'],
    ['POST', '/%2E%2E/admin'],
    ['POST', '/v1/../../admin'],
    ['POST', '/v1/messages/../../x'],
    ['POST', '/v1/messages/%2e%2e/%2e%2e/x'],
    ['POST', '/v1%2fmessages'],
    ['POST', '/v1/files'],
    ['POST', '/v1/messages/batches'],
    ['POST', '/admin?x=/v1/messages'],
    ['POST', '//other.example/v1/messages'],
    ['GET', '/v1/messages'],
    ['DELETE', '/v1/messages'],
  ])('refuses %s %s in the API’s error shape, and sends nothing upstream', async (method, path) => {
    const before = received.length;
    const reply = await ask(method, path);
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.body)).toEqual({
      type: 'error',
      error: { type: 'permission_error', message: expect.stringContaining("Tandem's gateway forwards only POST /v1/messages and POST /v1/messages/count_tokens") },
    });
    expect(received.slice(before)).toEqual([]);
  });

  it('sends the model calls to an endpoint without a path prefix as they are', async () => {
    const bare = planApiGateway({ api: ANTHROPIC_MESSAGES_API, upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, key: 'sk-ant-real' });
    const direct = await openApiGateway(bare);
    try {
      const before = received.length;
      expect(await ask('POST', '/v1/messages?beta=true', bare.socketPath)).toEqual({ status: 200, body: '{"ok":true}' });
      expect(received.slice(before)).toEqual([{ method: 'POST', url: '/v1/messages?beta=true', key: 'sk-ant-real' }]);
    } finally {
      await direct.close();
    }
  });

  describe("Codex's Responses API", () => {
    let openai: ApiGatewaySpec;
    let openaiGateway: ApiGateway;

    beforeAll(async () => {
      // OpenAI's base URL ends in /v1; codex appends /responses to it.
      openai = planApiGateway({ api: OPENAI_RESPONSES_API, upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/openai/v1`, key: 'sk-openai-real' });
      openaiGateway = await openApiGateway(openai);
    });

    afterAll(async () => {
      await openaiGateway?.close();
    });

    it('sends POST /responses under the endpoint’s /v1, with the key as a bearer token', async () => {
      const before = received.length;
      expect(await ask('POST', '/responses', openai.socketPath)).toEqual({ status: 200, body: '{"ok":true}' });
      expect(received.slice(before)).toEqual([{ method: 'POST', url: '/openai/v1/responses', authorization: 'Bearer sk-openai-real' }]);
    });

    it.each([
      ['GET', '/models'],
      ['POST', '/chat/completions'],
      ['POST', '/responses/compact'],
      ['GET', '/responses/resp_1'],
      ['POST', '/v1/messages'],
      ['POST', '/../../admin'],
    ])('refuses %s %s in OpenAI’s error shape, and sends nothing upstream', async (method, path) => {
      const before = received.length;
      const reply = await ask(method, path, openai.socketPath);
      expect(reply.status).toBe(403);
      expect(JSON.parse(reply.body)).toEqual({
        error: { type: 'permission_error', message: expect.stringContaining("Tandem's gateway forwards only POST /responses to the model's API"), param: null, code: null },
      });
      expect(received.slice(before)).toEqual([]);
    });
  });
});
