/**
 * The only way out of the sandbox for an agent that must reach its model API
 * (Claude Code, Codex): an HTTP reverse proxy on a unix socket, bound into a
 * sandbox that has no network of its own. Only the model calls of the agent's
 * API (gateway-routes.ts) go, to the role's endpoint under its path, and the
 * key is added here, in the API's own header: the agent, and every command it
 * runs, sees a placeholder, never the key, and reaches no other host nor any
 * other route of the endpoint's.
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
import zlib from 'node:zlib';
import type { Usage } from '../models/types.js';
import { gatewayTarget, type GatewayApi } from './gateway-routes.js';
import { ReplyMeter } from './reply-meter.js';

/** They belong to the agent's connection to the gateway, not to the gateway's upstream. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'te', 'trailer', 'upgrade'];
/** Either API's key header as the agent sent it: the placeholder, or whatever a command put there. Only the gateway's key goes. */
const AGENT_KEY_HEADERS = ['authorization', 'x-api-key'];

/** What the key is replaced with inside the sandbox; the agent refuses to start without a key. */
export const GATEWAY_PLACEHOLDER_KEY = 'tandem-gateway-adds-the-key';

export interface ApiGatewaySpec {
  /** The directory bound into the sandbox; it holds the socket only. */
  dir: string;
  socketPath: string;
  /** The role's endpoint, e.g. https://api.anthropic.com: the one origin requests may go to. */
  upstream: string;
  /** The API the agent speaks: the routes forwarded and the header the key goes in. */
  api: GatewayApi;
  /** Sent in the API's key header; the agent's own key headers (the placeholder) never go upstream. */
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
  /**
   * Told the usage of each metered reply once it ends or is cut: what the API billed,
   * read here, outside the sandbox, whatever the agent's own events later say.
   */
  onUsage?: (usage: Usage) => void;
}

/**
 * Where one session's socket will be (the launch needs the path for its mounts);
 * nothing is made until `openApiGateway`, so a launch that never runs leaves nothing.
 * Under /tmp rather than a long TMPDIR: a socket path must fit in 108 bytes.
 */
export function planApiGateway(input: { api: GatewayApi; upstream: string; key: string | undefined }): ApiGatewaySpec {
  const dir = path.join(existsSync('/tmp') ? '/tmp' : tmpdir(), `tandem-gw-${randomBytes(6).toString('hex')}`);
  const { api, upstream, key } = input;
  return { dir, socketPath: path.join(dir, 'api.sock'), upstream, api, ...(key !== undefined ? { key } : {}) };
}

export async function openApiGateway(spec: ApiGatewaySpec, options: ApiGatewayOptions = {}): Promise<ApiGateway> {
  const origin = new URL(spec.upstream);
  // Calls still open when the session ends are cut, so a stopped agent's generation stops being paid for.
  const inFlight = new Set<http.ClientRequest>();
  const server = http.createServer((request, response) => {
    // Refused before anything is sent or the key is added.
    const target = gatewayTarget(origin, spec.api, request.method, request.url);
    // 403: a refusal the agent must not retry.
    if ('refused' in target) return answerError(spec.api, response, 403, 'permission_error', target.refused);
    const stopped = options.admit?.();
    if (stopped !== undefined) return answerError(spec.api, response, 403, 'permission_error', `Tandem stopped this session: ${stopped}`);
    forward(spec, target, request, response, inFlight, options.onUsage);
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
function answerError(api: GatewayApi, response: http.ServerResponse, status: number, type: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(api.errorBody(type, message)));
}

function forward(
  spec: ApiGatewaySpec,
  { url: target, metered }: { url: URL; metered: boolean },
  request: http.IncomingMessage,
  response: http.ServerResponse,
  inFlight: Set<http.ClientRequest>,
  onUsage: ((usage: Usage) => void) | undefined,
): void {
  const headers: http.OutgoingHttpHeaders = { ...request.headers, host: target.host };
  for (const name of [...HOP_BY_HOP, ...AGENT_KEY_HEADERS]) delete headers[name];
  // A billed reply is read on its way through: asked for uncompressed (a server that compresses anyway is decompressed for the meter).
  const metering = metered && onUsage !== undefined;
  if (metering) headers['accept-encoding'] = 'identity';
  if (spec.key !== undefined) {
    if (spec.api.auth === 'bearer') headers.authorization = `Bearer ${spec.key}`;
    else headers['x-api-key'] = spec.key;
  }
  const client = target.protocol === 'https:' ? https : http;
  const upstream = client.request(target, { method: request.method, headers }, (reply) => {
    response.writeHead(reply.statusCode ?? 502, reply.headers);
    if (metering) meterReply(spec.api, reply, onUsage);
    // A reply cut short (the API's connection dropped) ends the agent's response too, as an error it sees at once.
    pipeline(reply, response, (error) => {
      if (error) response.destroy(error);
    });
  });
  inFlight.add(upstream);
  upstream.on('close', () => inFlight.delete(upstream));
  upstream.on('error', (error) => {
    if (response.headersSent) return void response.destroy(error);
    answerError(spec.api, response, 502, 'api_error', `Tandem's gateway could not reach ${target.origin}: ${error.message}`);
  });
  // The agent went away (stopped at a limit, cancelled) before the reply was done: stop the call upstream.
  response.on('close', () => {
    if (!response.writableFinished) upstream.destroy();
  });
  request.pipe(upstream);
}

/** Feeds a copy of the reply to a meter (the reply itself goes on untouched) and reports its usage once, when it ends or is cut. */
function meterReply(api: GatewayApi, reply: http.IncomingMessage, onUsage: (usage: Usage) => void): void {
  const meter = new ReplyMeter(api.wire, reply.headers['content-type']);
  let reported = false;
  const report = (): void => {
    if (reported) return;
    reported = true;
    const usage = meter.usage();
    if (usage !== undefined) onUsage(usage);
  };
  const encoding = String(reply.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') {
    reply.on('data', (chunk: Buffer) => meter.push(chunk));
    reply.on('close', report);
    return;
  }
  const decompress = encoding === 'gzip' || encoding === 'x-gzip' ? zlib.createGunzip() : encoding === 'deflate' ? zlib.createInflate() : encoding === 'br' ? zlib.createBrotliDecompress() : undefined;
  // An encoding Node cannot read: the call goes unmetered, and the agent's own figures stand.
  if (decompress === undefined) return;
  decompress.on('data', (chunk: Buffer) => meter.push(chunk));
  decompress.on('end', report);
  decompress.on('error', report);
  reply.on('data', (chunk: Buffer) => decompress.write(chunk));
  reply.on('close', () => decompress.end());
}
