/**
 * The only way out of the sandbox for an agent that must reach its model API
 * (Claude Code): an HTTP reverse proxy on a unix socket, bound into a sandbox
 * that has no network of its own. Only the model calls (gateway-routes.ts) go,
 * to the role's endpoint under its path, and the key is added here: the agent,
 * and every command it runs, sees a placeholder, never the key, and reaches no
 * other host nor any other route of the endpoint's.
 *
 * The socket lives in a short directory of its own under /tmp (a socket path
 * must fit in 108 bytes); gateway-forwarder.ts listens on the sandbox's own
 * loopback and passes each connection through it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream';
import { gatewayTarget } from './gateway-routes.js';

/** What the key is replaced with inside the sandbox; the agent refuses to start without a key. */
export const GATEWAY_PLACEHOLDER_KEY = 'tandem-gateway-adds-the-key';

export interface ApiGatewaySpec {
  /** The directory bound into the sandbox; it holds the socket only. */
  dir: string;
  socketPath: string;
  /** The role's endpoint, e.g. https://api.anthropic.com: the one origin requests may go to. */
  upstream: string;
  /** Sent as `x-api-key` in place of the placeholder; none means the agent's headers go as they are. */
  key?: string;
}

export interface ApiGateway {
  close(): Promise<void>;
}

export interface ApiGatewayOptions {
  /**
   * Asked before each request goes upstream: a reason refuses it. Its session is being stopped
   * (a limit crossed): the call it would start is never sent, so never paid for.
   */
  admit?: () => string | undefined;
}

/**
 * Where one session's socket will be (the launch needs the path for its mounts);
 * nothing is made until `openApiGateway`, so a launch that never runs leaves nothing.
 * Under /tmp rather than a long TMPDIR: a socket path must fit in 108 bytes.
 */
export function planApiGateway(upstream: string, key: string | undefined): ApiGatewaySpec {
  const dir = path.join(existsSync('/tmp') ? '/tmp' : tmpdir(), `tandem-gw-${randomBytes(6).toString('hex')}`);
  return { dir, socketPath: path.join(dir, 'api.sock'), upstream, ...(key !== undefined ? { key } : {}) };
}

export async function openApiGateway(spec: ApiGatewaySpec, options: ApiGatewayOptions = {}): Promise<ApiGateway> {
  const origin = new URL(spec.upstream);
  // Calls still open when the session ends are cut, so a stopped agent's generation stops being paid for.
  const inFlight = new Set<http.ClientRequest>();
  const server = http.createServer((request, response) => {
    // Refused before anything is sent or the key is added.
    const target = gatewayTarget(origin, request.method, request.url);
    // 403: a refusal the agent must not retry.
    if ('refused' in target) return answerError(response, 403, 'permission_error', target.refused);
    const stopped = options.admit?.();
    if (stopped !== undefined) return answerError(response, 403, 'permission_error', `Tandem stopped this session: ${stopped}`);
    forward(target.url, spec.key, request, response, inFlight);
  });
  mkdirSync(spec.dir, { recursive: true, mode: 0o700 });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(spec.socketPath, () => resolve());
    });
  } catch (error) {
    rmSync(spec.dir, { recursive: true, force: true });
    throw error;
  }
  return {
    close: async () => {
      for (const upstream of inFlight) upstream.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(spec.dir, { recursive: true, force: true });
    },
  };
}

/** In the API's own error shape, so the agent reports it as an API error. */
function answerError(response: http.ServerResponse, status: number, type: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ type: 'error', error: { type, message } }));
}

function forward(target: URL, key: string | undefined, request: http.IncomingMessage, response: http.ServerResponse, inFlight: Set<http.ClientRequest>): void {
  const headers: http.OutgoingHttpHeaders = { ...request.headers, host: target.host };
  // Hop-by-hop headers belong to the agent's connection to the gateway, not to this one.
  for (const name of ['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'te', 'trailer', 'upgrade']) delete headers[name];
  if (key !== undefined) {
    headers['x-api-key'] = key;
    delete headers.authorization;
  }
  const client = target.protocol === 'https:' ? https : http;
  const upstream = client.request(target, { method: request.method, headers }, (reply) => {
    response.writeHead(reply.statusCode ?? 502, reply.headers);
    // A reply cut short (the API's connection dropped) ends the agent's response too, as an error it sees at once.
    pipeline(reply, response, (error) => {
      if (error) response.destroy(error);
    });
  });
  inFlight.add(upstream);
  upstream.on('close', () => inFlight.delete(upstream));
  upstream.on('error', (error) => {
    if (response.headersSent) return void response.destroy(error);
    answerError(response, 502, 'api_error', `Tandem's gateway could not reach ${target.origin}: ${error.message}`);
  });
  // The agent went away (stopped at a limit, cancelled) before the reply was done: stop the call upstream.
  response.on('close', () => {
    if (!response.writableFinished) upstream.destroy();
  });
  request.pipe(upstream);
}
