/**
 * The only way out of the sandbox for an agent that must reach its model API
 * (Claude Code): an HTTP reverse proxy on a unix socket, bound into a sandbox
 * that has no network of its own. Every request goes to one origin, the role's
 * endpoint, and the key is added here: the agent, and every command it runs,
 * sees a placeholder, never the key, and reaches no other host.
 *
 * The socket lives in a short directory of its own under /tmp (a socket path
 * must fit in 108 bytes); gateway-forwarder.ts listens on the sandbox's own
 * loopback and passes each connection through it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';

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

/** A fresh socket directory for one session; the gateway itself starts with `openApiGateway`. */
export function planApiGateway(upstream: string, key: string | undefined): ApiGatewaySpec {
  const dir = mkdtempSync(path.join(tmpdir(), 'tandem-gw-'));
  return { dir, socketPath: path.join(dir, 'api.sock'), upstream, ...(key !== undefined ? { key } : {}) };
}

export async function openApiGateway(spec: ApiGatewaySpec): Promise<ApiGateway> {
  const origin = new URL(spec.upstream);
  const server = http.createServer((request, response) => forward(origin, spec.key, request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(spec.socketPath, () => resolve());
  });
  return {
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(spec.dir, { recursive: true, force: true });
    },
  };
}

function forward(origin: URL, key: string | undefined, request: http.IncomingMessage, response: http.ServerResponse): void {
  // The endpoint's own path prefix (a gateway's /anthropic) comes first, then what the agent asked for.
  const target = new URL(origin.toString());
  const [pathname, search] = splitPath(request.url ?? '/');
  target.pathname = `${origin.pathname.replace(/\/$/, '')}${pathname}`;
  target.search = search;
  const headers: http.OutgoingHttpHeaders = { ...request.headers, host: target.host };
  delete headers.connection;
  if (key !== undefined) {
    headers['x-api-key'] = key;
    delete headers.authorization;
  }
  const client = target.protocol === 'https:' ? https : http;
  const upstream = client.request(target, { method: request.method, headers }, (reply) => {
    response.writeHead(reply.statusCode ?? 502, reply.headers);
    reply.pipe(response);
  });
  upstream.on('error', (error) => {
    if (response.headersSent) return void response.destroy(error);
    // In the API's own error shape, so the agent reports it as an API error.
    response.writeHead(502, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: `Tandem's gateway could not reach ${origin.origin}: ${error.message}` } }));
  });
  request.on('aborted', () => upstream.destroy());
  request.pipe(upstream);
}

function splitPath(url: string): [string, string] {
  const at = url.indexOf('?');
  return at === -1 ? [url, ''] : [url.slice(0, at), url.slice(at)];
}
