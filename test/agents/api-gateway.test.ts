/**
 * The gateway a sandboxed Claude Code or Codex reaches its API through: one
 * origin, the key added here in the API's own header (never the agent's), and streams that end when either side goes away (a stopped
 * agent's call is cut upstream; a dropped API connection is not a hang).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiGateway, planApiGateway, type ApiGateway, type ApiGatewaySpec } from '../../agents/api-gateway.js';
import { ANTHROPIC_MESSAGES_API, OPENAI_RESPONSES_API } from '../../agents/gateway-routes.js';
import { waitFor } from '../support/wait.js';

describe('the API gateway', () => {
  let upstream: http.Server;
  let spec: ApiGatewaySpec;
  let gateway: ApiGateway;
  const seen: { path: string; key?: string; authorization?: string }[] = [];
  let streamClosedUpstream = false;

  beforeAll(async () => {
    upstream = http.createServer((request, response) => {
      seen.push({ path: request.url ?? '', key: request.headers['x-api-key'] as string | undefined, authorization: request.headers.authorization });
      // Told by the query how to answer: the gateway forwards no route but the model's.
      if (request.url?.endsWith('reply=stream')) {
        request.on('close', () => (streamClosedUpstream = true));
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('event: ping\n\n');
        return; // never ends by itself
      }
      if (request.url?.endsWith('reply=reset')) {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('event: ping\n\n', () => setTimeout(() => response.socket?.destroy(), 20));
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    spec = planApiGateway({ api: ANTHROPIC_MESSAGES_API, upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/prefix`, key: 'sk-real' });
    gateway = await openApiGateway(spec);
  });

  afterAll(async () => {
    await gateway?.close();
    upstream.closeAllConnections();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  /** Asks as an agent does, with the placeholder in both APIs' key headers. */
  const ask = (path: string, socketPath = spec.socketPath) =>
    new Promise<{ status: number; body: string; error?: string }>((resolve) => {
      const request = http.request({ socketPath, path, method: 'POST', headers: { 'x-api-key': 'placeholder', authorization: 'Bearer placeholder' } }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        response.on('error', (error) => resolve({ status: response.statusCode ?? 0, body, error: error.message }));
        response.on('aborted', () => resolve({ status: response.statusCode ?? 0, body, error: 'aborted' }));
      });
      request.on('error', (error) => resolve({ status: 0, body: '', error: error.message }));
      request.end('{}');
    });

  it('sends the request to the one origin, under its path, with the real key in place of the placeholder', async () => {
    const reply = await ask('/v1/messages?beta=true');
    expect(reply).toEqual({ status: 200, body: '{"ok":true}' });
    expect(seen.at(-1)).toEqual({ path: '/prefix/v1/messages?beta=true', key: 'sk-real', authorization: undefined });
  });

  it('for the OpenAI Responses API, sends the real key as Authorization: Bearer, and no x-api-key', async () => {
    const openai = planApiGateway({ api: OPENAI_RESPONSES_API, upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`, key: 'sk-openai-real' });
    const gate = await openApiGateway(openai);
    try {
      expect(await ask('/responses', openai.socketPath)).toEqual({ status: 200, body: '{"ok":true}' });
      expect(seen.at(-1)).toEqual({ path: '/v1/responses', key: undefined, authorization: 'Bearer sk-openai-real' });
    } finally {
      await gate.close();
    }
  });

  it('without a key of its own, sends neither key header the agent set', async () => {
    const keyless = planApiGateway({ api: OPENAI_RESPONSES_API, upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/local`, key: undefined });
    const gate = await openApiGateway(keyless);
    try {
      expect((await ask('/responses', keyless.socketPath)).status).toBe(200);
      expect(seen.at(-1)).toEqual({ path: '/local/responses', key: undefined, authorization: undefined });
    } finally {
      await gate.close();
    }
  });

  it('cuts the call upstream when the agent goes away mid-stream', async () => {
    const request = http.request({ socketPath: spec.socketPath, path: '/v1/messages?reply=stream', method: 'POST' });
    const firstChunk = new Promise<void>((resolve) => request.on('response', (response) => response.once('data', () => resolve())));
    request.end('{}');
    await firstChunk;
    request.destroy();
    await waitFor(() => streamClosedUpstream, 'the upstream call to be closed', 5000);
  });

  it('ends the agent’s response when the API drops the connection mid-stream, instead of hanging', async () => {
    const reply = await ask('/v1/messages?reply=reset');
    expect(reply.status).toBe(200);
    expect(reply.error).toBeDefined();
  });

  it('answers in the API’s error shape when the endpoint cannot be reached', async () => {
    const unreachable = planApiGateway({ api: ANTHROPIC_MESSAGES_API, upstream: 'http://127.0.0.1:9/', key: undefined });
    const down = await openApiGateway(unreachable);
    try {
      const reply = await new Promise<{ status: number; body: string }>((resolve) => {
        http.request({ socketPath: unreachable.socketPath, path: '/v1/messages', method: 'POST' }, (response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        }).end('{}');
      });
      expect(reply.status).toBe(502);
      expect(JSON.parse(reply.body)).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    } finally {
      await down.close();
    }
    expect(existsSync(unreachable.dir)).toBe(false);
  });

  it('sends no call once its session is being stopped, even one asked for right after the line that stopped it', async () => {
    // An agent's first call is let through. Then, on the same kept-alive connection, it prints the event that
    // crosses a limit and asks for its next turn at once, while Tandem is busy: the line and the request wait
    // together, and the stop must win whichever is read first.
    const agent = `
      const http = require('node:http');
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const ask = (then) => http.request({ socketPath: process.argv[1], path: '/v1/messages', method: 'POST', agent }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => then(response.statusCode, body));
      }).end('{}');
      ask(() => {
        process.stdout.write('busy now\\n');
        setTimeout(() => {
          process.stdout.write('limit crossed\\n');
          ask((status, body) => { process.stdout.write(JSON.stringify({ status, body }) + '\\n'); agent.destroy(); });
        }, 100);
      });`;
    for (let round = 1; round <= 10; round++) {
      let because: string | undefined;
      const gated = planApiGateway({ api: ANTHROPIC_MESSAGES_API, upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/gated${round}`, key: 'sk-real' });
      const gate = await openApiGateway(gated, { admit: () => because });
      try {
        const child = spawn(process.execPath, ['-e', agent, gated.socketPath], { stdio: ['ignore', 'pipe', 'inherit'] });
        const reply = new Promise<{ status: number; body: string }>((resolve) => {
          createInterface({ input: child.stdout }).on('line', (line) => {
            if (line === 'busy now') {
              // A worker busy for a moment: the agent's next line and its next request both arrive meanwhile.
              const until = Date.now() + 300;
              while (Date.now() < until);
            } else if (line === 'limit crossed') because = 'token limit reached';
            else resolve(JSON.parse(line) as { status: number; body: string });
          });
        });
        const { status, body } = await reply;
        expect(status, `round ${round}`).toBe(403);
        expect(JSON.parse(body)).toEqual({ type: 'error', error: { type: 'permission_error', message: 'Tandem stopped this session: token limit reached' } });
        // The first call went through; the second never left.
        expect(seen.filter((request) => request.path.startsWith(`/gated${round}/`))).toHaveLength(1);
      } finally {
        await gate.close();
      }
    }
  });

  it('makes nothing until opened: a launch that never runs leaves no directory', () => {
    expect(existsSync(planApiGateway({ api: ANTHROPIC_MESSAGES_API, upstream: 'https://api.anthropic.com', key: 'k' }).dir)).toBe(false);
  });
});
