/**
 * The gateway meters billed calls only, asks for uncompressed replies so it can
 * read them, and still reads a reply a server compressed anyway. The agent gets
 * every reply byte for byte.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiGateway, planApiGateway, type ApiGateway, type ApiGatewaySpec } from '../../agents/api-gateway.js';
import { ANTHROPIC_MESSAGES_API } from '../../agents/gateway-routes.js';
import type { Usage } from '../../models/types.js';
import { waitFor } from '../support/wait.js';

const MESSAGE = JSON.stringify({ id: 'msg_1', type: 'message', content: [], usage: { input_tokens: 70, output_tokens: 7 } });

describe('metering at the gateway', () => {
  let upstream: http.Server;
  let spec: ApiGatewaySpec;
  let gateway: ApiGateway;
  const encodings: (string | undefined)[] = [];
  const metered: Usage[] = [];

  beforeAll(async () => {
    upstream = http.createServer((request, response) => {
      encodings.push(request.headers['accept-encoding'] as string | undefined);
      if (request.url?.startsWith('/v1/messages/count_tokens')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        return void response.end('{"input_tokens":50,"usage":{"input_tokens":50}}');
      }
      // Compressed whatever the request asked for, as a misbehaving proxy might.
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      response.end(gzipSync(MESSAGE));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    spec = planApiGateway({ api: ANTHROPIC_MESSAGES_API, upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, key: 'sk-real' });
    gateway = await openApiGateway(spec, { onUsage: (usage) => metered.push(usage) });
  });

  afterAll(async () => {
    await gateway?.close();
    upstream.closeAllConnections();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  const ask = (path: string) =>
    new Promise<{ body: Buffer; encoding?: string }>((resolve, reject) => {
      const request = http.request({ socketPath: spec.socketPath, path, method: 'POST', headers: { 'accept-encoding': 'gzip, br' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ body: Buffer.concat(chunks), ...(response.headers['content-encoding'] ? { encoding: response.headers['content-encoding'] } : {}) }));
      });
      request.on('error', reject);
      request.end('{}');
    });

  it('asks for an uncompressed reply, and reads a compressed one anyway, passing it on untouched', async () => {
    const reply = await ask('/v1/messages');
    expect(encodings.at(-1)).toBe('identity');
    expect(reply.encoding).toBe('gzip');
    expect(gunzipSync(reply.body).toString()).toBe(MESSAGE);
    await waitFor(() => metered.length === 1, 'the reply metered', 5000);
    expect(metered[0]).toEqual({ inputTokens: 70, outputTokens: 7, cachedInputTokens: 0 });
  });

  it('does not meter counting tokens (free), and leaves its request as the agent sent it', async () => {
    await ask('/v1/messages/count_tokens');
    expect(encodings.at(-1)).toBe('gzip, br');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(metered).toHaveLength(1);
  });
});
